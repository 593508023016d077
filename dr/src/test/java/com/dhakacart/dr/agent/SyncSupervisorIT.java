package com.dhakacart.dr.agent;

import com.dhakacart.dr.settings.ScratchShop;
import com.dhakacart.dr.wal.WalReceiver;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/** The non-strict synchronous mode with a real pg_receivewal: killed -> async quickly, back -> sync again. */
class SyncSupervisorIT {

    @Test
    void aDeadReceiverHoldsCommitsOnlyBrieflyAndSynchronousModeReturnsWithIt() throws Exception {
        try (ScratchShop shop = new ScratchShop("dr-sync")) {
            List<String> log = new CopyOnWriteArrayList<>();
            SyncSupervisor supervisor = new SyncSupervisor(shop.dr(), line -> {
                log.add(line);
                ScratchShop.log(line);
            });
            WalReceiver receiver = new WalReceiver(shop.dr());
            AtomicBoolean running = new AtomicBoolean(true);
            Thread ticking = new Thread(() -> {
                while (running.get()) {
                    supervisor.tick();
                    try {
                        Thread.sleep(200);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            ticking.start();
            try {
                receiver.ensureSlot();
                receiver.start();
                await("synchronous commits", 20_000, () -> supervisor.state().synchronous());

                try (Connection c = shop.postgres.connect(ScratchShop.DATABASE)) {
                    shop.insertOrder(c, "while-sync@example.com");
                    long killedAt = System.nanoTime();
                    ProcessHandle.of(receiver.pid()).orElseThrow().destroyForcibly();
                    // This commit has nobody to confirm it until the supervisor drops to async.
                    shop.insertOrder(c, "during-outage@example.com");
                    double stalled = (System.nanoTime() - killedAt) / 1e9;
                    System.out.printf("commit stalled %.2f s after the receiver died (grace 2 s)%n", stalled);
                    assertThat(stalled).isLessThan(6.0);
                    assertThat(supervisor.state().synchronous()).isFalse();
                    assertThat(log).anyMatch(line -> line.startsWith("ALERT") && line.contains("asynchronous"));

                    long t = System.nanoTime();
                    for (int i = 0; i < 20; i++) {
                        shop.insertOrder(c, "async" + i + "@example.com");
                    }
                    assertThat((System.nanoTime() - t) / 1e9).as("commits flow while async").isLessThan(2.0);

                    receiver.start();
                    await("synchronous again", 15_000, () -> supervisor.state().synchronous());
                    shop.insertOrder(c, "sync-again@example.com");
                    assertThat(shop.orderIds(shop.postgres.port())).hasSize(23);
                }

                // With no supervisor left (a dead agent), the operator's brake makes commits asynchronous.
                running.set(false);
                ticking.join();
                ScratchShop.Cli off = shop.cli("sync-off");
                assertThat(off.code()).as(off.toString()).isZero();
                try (Connection c = shop.postgres.connect("postgres");
                     var rs = c.createStatement().executeQuery("SHOW synchronous_standby_names")) {
                    rs.next();
                    assertThat(rs.getString(1)).isEmpty();
                }
            } finally {
                running.set(false);
                ticking.join();
                supervisor.resetToAsync();
                receiver.stop();
            }
        }
    }

    private static void await(String what, long millis, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(100);
        }
    }
}
