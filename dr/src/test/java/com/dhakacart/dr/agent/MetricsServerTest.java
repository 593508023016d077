package com.dhakacart.dr.agent;

import com.dhakacart.dr.settings.DrSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Where the agent's /metrics can be reached from. Probes and scrapes in a container or pod come from its
 * network interface, not from loopback, so the images bind all addresses; `./dhakacart up` keeps the
 * default, loopback. 127.0.0.2 stands in for "another address of this host": Linux routes all of
 * 127.0.0.0/8 to the loopback interface, so a socket bound to 127.0.0.1 refuses it and one bound to
 * 0.0.0.0 accepts it, without needing a second network interface.
 */
class MetricsServerTest {

    private final HttpClient http = HttpClient.newHttpClient();
    private MetricsServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
    }

    private MetricsServer start(Map<String, String> env) throws IOException {
        DrSettings settings = DrSettings.fromEnvironment(env);
        server = new MetricsServer(settings.metricsAddress(), 0, () -> "dhakacart_dr_wal_lag_bytes 0\n").start();
        return server;
    }

    private HttpResponse<String> scrape(String host) throws IOException, InterruptedException {
        URI uri = URI.create("http://" + host + ":" + server.address().getPort() + "/metrics");
        return http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void servesScrapesFromOtherAddressesWhenBoundToAllOfThem() throws Exception {
        start(Map.of("DR_METRICS_ADDRESS", "0.0.0.0"));
        HttpResponse<String> response = scrape("127.0.0.2");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("dhakacart_dr_wal_lag_bytes 0");
        assertThat(scrape("127.0.0.1").statusCode()).isEqualTo(200);
    }

    @Test
    void staysOnLoopbackWhenNoAddressIsSet() throws Exception {
        start(Map.of());
        assertThat(server.address().getAddress().isLoopbackAddress()).isTrue();
        assertThat(scrape("127.0.0.1").statusCode()).isEqualTo(200);
        assertThatThrownBy(() -> scrape("127.0.0.2")).isInstanceOf(ConnectException.class);
    }
}
