package com.dhakacart.dr.crypto;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;

/**
 * Gets the JIT to compile AES-GCM before real data flows. HotSpot's AES-GCM intrinsic (AES-NI and
 * carry-less multiply, about 1 GB/s here) only runs in compiled code, and sealing a 1 GB file makes
 * only about a thousand 1 MiB calls: too few to trigger compilation, so the whole file would go through
 * the interpreted Java fallback at about 20 MB/s. Twenty thousand tiny calls, once per process
 * (about 0.2 s), cross the compile threshold; measured here, 1 MiB chunks went from 21 MB/s to 1 GB/s.
 */
final class GcmWarmup {

    private static final int CALLS = 20_000;
    private static Thread running;

    private GcmWarmup() {
    }

    /**
     * Starts the warm-up on a background thread (once per process) and returns at once: it then overlaps with
     * the JVM's start, reading the repository's index and the checkpoint of a backup, instead of delaying them
     * (under load it took seconds, all of them on a restore's critical path).
     */
    static synchronized void start() {
        if (running == null) {
            running = Thread.ofPlatform().daemon().name("aes-gcm-warm-up").start(GcmWarmup::run);
        }
    }

    /** Waits until AES-GCM runs compiled: call before sealing or opening a large file. */
    static void ensure() {
        start();
        Thread thread;
        synchronized (GcmWarmup.class) {
            thread = running;
        }
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the caller's stop: it goes on, only slower
        }
    }

    private static void run() {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            SecretKeySpec key = new SecretKeySpec(new byte[32], "AES");
            byte[] plain = new byte[2048];
            byte[] sealed = new byte[plain.length + 16];
            byte[] opened = new byte[plain.length];
            byte[] aad = new byte[40];
            for (int i = 0; i < CALLS; i++) {
                GCMParameterSpec iv = new GCMParameterSpec(128, ByteBuffer.allocate(12).putInt(1).putLong(i).array());
                cipher.init(Cipher.ENCRYPT_MODE, key, iv);
                cipher.updateAAD(aad);
                int n = cipher.doFinal(plain, 0, plain.length, sealed, 0);
                cipher.init(Cipher.DECRYPT_MODE, key, iv);
                cipher.updateAAD(aad);
                cipher.doFinal(sealed, 0, n, opened, 0);
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/GCM is part of every Java runtime", e);
        }
    }
}
