package com.dhakacart.dr.settings;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Settings that decide where the tool connects; no server needed. */
class DrSettingsTest {

    @Test
    void aRestoredServerIsReachedOnLoopbackWhenTheLiveDatabaseIsAnotherHost() {
        // In Compose the agent's database is the host "db"; a restore or drill starts its server in the
        // agent's own container, so connecting to db:<port> would wait for a server that is not there.
        DrSettings live = DrSettings.fromEnvironment(Map.of("DR_PG_HOST", "db", "DR_PG_PORT", "5432"));
        DrSettings restored = live.localServer(25999);
        assertThat(restored.pgHost()).isEqualTo("127.0.0.1");
        assertThat(restored.pgPort()).isEqualTo(25999);
        assertThat(restored.pgUser()).isEqualTo(live.pgUser());
        assertThat(live.pgHost()).isEqualTo("db");
    }
}
