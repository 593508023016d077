package com.dhakacart.dr.agent;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/** Serves the agent's Prometheus text metrics at {@code /metrics} with the JDK's own HTTP server. */
final class MetricsServer {

    private final InetAddress address;
    private final int port;
    private final Supplier<String> body;
    private HttpServer server;

    MetricsServer(InetAddress address, int port, Supplier<String> body) {
        this.address = address;
        this.port = port;
        this.body = body;
    }

    MetricsServer start() throws IOException {
        try {
            server = HttpServer.create(new InetSocketAddress(address, port), 0);
        } catch (java.net.BindException e) {
            throw new java.net.BindException("cannot listen on " + address.getHostAddress() + ":" + port
                    + " for metrics (" + e.getMessage() + "); set DR_METRICS_PORT to a free port"
                    + " or DR_METRICS_ADDRESS to an address of this host");
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

    /** The address and port actually bound (port 0 asks the system for a free one). */
    InetSocketAddress address() {
        return server.getAddress();
    }

    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }
}
