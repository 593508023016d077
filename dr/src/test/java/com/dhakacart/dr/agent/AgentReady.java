package com.dhakacart.dr.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

/** Test support: waits until an agent has protected its shop (a first base backup, commits synchronous). */
public final class AgentReady {

    private AgentReady() {
    }

    /** Fails the calling test if the agent has not got there within the time given. */
    public static void await(Agent agent, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (!(agent.lastBackup().isPresent() && agent.replication().synchronous())) {
            assertThat(System.nanoTime()).as("the first base backup and synchronous streaming").isLessThan(deadline);
            Thread.sleep(200);
        }
    }
}
