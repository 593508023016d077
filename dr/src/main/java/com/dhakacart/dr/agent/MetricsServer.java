package com.dhakacart.dr.agent;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/** Serves the agent's Prometheus text metrics at {@code /metrics} with the JDK's own HTTP server. */
final class MetricsServer {

    private final int port;
    private final Supplier<String> body;
    private HttpServer server;

    MetricsServer(int port, Supplier<String> body) {
        this.port = port;
        this.body = body;
    }

    MetricsServer start() throws IOException {
        try {
            server = HttpServer.create(new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), port), 0);
        } catch (java.net.BindException e) {
            throw new java.net.BindException("metrics port " + port + " is in use; set DR_METRICS_PORT to a free port");
        }
        server.createContext("/metrics", exchange -> {
            byte[] bytes = body.get().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
        return this;
    }

    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }
}
