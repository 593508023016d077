package com.dhakacart.dr.backup;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Progress for a long step that reports nothing by itself (copying a gigabyte, pg_basebackup): says
 * "still ..." every few seconds, so a person watching knows it is alive and how long it has taken.
 */
public final class Heartbeat implements AutoCloseable {

    private final ScheduledExecutorService timer;

    private Heartbeat(java.util.function.Supplier<String> what, Consumer<String> progress, long everySeconds) {
        long started = System.nanoTime();
        timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "dr-heartbeat");
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleAtFixedRate(() -> progress.accept("  still " + what.get() + " ("
                + (System.nanoTime() - started) / 1_000_000_000L + " s)"), everySeconds, everySeconds, TimeUnit.SECONDS);
    }

    public static Heartbeat every5Seconds(String what, Consumer<String> progress) {
        return new Heartbeat(() -> what, progress, 5);
    }

    /** As {@link #every5Seconds(String, Consumer)}, saying how far it got (bytes so far) each time. */
    public static Heartbeat every5Seconds(java.util.function.Supplier<String> what, Consumer<String> progress) {
        return new Heartbeat(what, progress, 5);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
