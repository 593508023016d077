package com.dhakacart.dr.cli;

import com.dhakacart.dr.agent.Agent;
import com.dhakacart.dr.settings.DrSettings;
import com.dhakacart.dr.settings.Postgres;
import com.dhakacart.dr.vault.Repositories;
import com.dhakacart.dr.vault.Vault;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;

/** {@code agent}: runs the continuous protection until stopped (SIGTERM/SIGINT). */
@Command(name = "agent", mixinStandardHelpOptions = true,
        description = {"Run continuous protection until stopped: WAL streaming with pg_receivewal (synchronous"
                + " while it streams, asynchronous within DR_SYNC_GRACE_SECONDS when it does not), shipping into"
                + " every repository, a base backup at start when none exists and then every"
                + " DR_BACKUP_INTERVAL_HOURS, retention, and Prometheus metrics on DR_METRICS_PORT.",
                "On SIGTERM it switches commits back to asynchronous before it exits."})
final class AgentCommand implements Callable<Integer> {

    @ParentCommand
    DrMain main;

    @Mixin
    SharedOptions options;

    @Override
    public Integer call() throws Exception {
        DrSettings settings = main.settings();
        Consumer<String> log = line -> {
            main.err.println(Instant.now().truncatedTo(ChronoUnit.MILLIS) + " " + line);
            main.err.flush();
        };
        Vault vault = Repositories.open(settings, main.env, true, log);
        Agent agent = new Agent(new Postgres(settings), vault, log);
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            agent.close();
            try {
                vault.close();
            } catch (Exception ignored) {
                // exiting anyway
            }
            stopped.countDown();
        }, "dr-agent-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        agent.start(settings.metricsPort());
        stopped.await();
        return ExitCodes.OK;
    }
}
