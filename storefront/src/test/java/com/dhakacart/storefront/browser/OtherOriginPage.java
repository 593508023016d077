package com.dhakacart.storefront.browser;

import com.dhakacart.testing.LocalProcesses;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * A one-page web frontend on its own loopback origin, standing in for the original React shop served
 * apart from the API: its script reads the catalog and places an order with cross-origin fetches and
 * writes what happened into the page for the test to read.
 */
final class OtherOriginPage implements AutoCloseable {

    private final HttpServer server;

    private OtherOriginPage(HttpServer server) {
        this.server = server;
    }

    /** Reserves a port now, so the API can be told the origin before the page serves anything. */
    static int reservePort() {
        return LocalProcesses.freePort();
    }

    static OtherOriginPage serve(int port, String apiUrl) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        byte[] page = PAGE.replace("API_URL", apiUrl).getBytes(StandardCharsets.UTF_8);
        server.createContext("/", exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, page.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(page);
            }
        });
        server.start();
        return new OtherOriginPage(server);
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
    }

    @Override
    public void close() {
        server.stop(0);
    }

    // What the original client does: GET the catalog, then POST the original order payload as JSON with an
    // Idempotency-Key (both make the POST a preflighted request).
    private static final String PAGE = """
            <!doctype html><html><head><meta charset="utf-8"><title>other origin</title></head><body>
            <p id="catalog">pending</p><p id="order">pending</p>
            <script>
            const api = 'API_URL';
            const show = (id, text) => { document.getElementById(id).textContent = text; };
            (async () => {
              let rice;
              try {
                const catalog = await (await fetch(api + '/api/products?size=100')).json();
                rice = catalog.data.find(p => p.name === 'Miniket Rice 5 kg');
                show('catalog', 'products: ' + catalog.data.length);
              } catch (e) { show('catalog', 'failed: ' + e); show('order', 'skipped'); return; }
              try {
                const answer = await fetch(api + '/api/orders', {method: 'POST',
                  headers: {'Content-Type': 'application/json', 'Idempotency-Key': 'other-origin-' + Date.now()},
                  body: JSON.stringify({customer_name: 'Nusrat Jahan', customer_email: 'nusrat@example.com',
                    customer_phone: '01912345678', delivery_address: 'Road 2, Uttara, Dhaka',
                    total_amount: rice.price, payment_method: 'cod',
                    items: [{product_id: rice.id, quantity: 1, price: rice.price}]})});
                const body = await answer.json();
                show('order', answer.status + ' ' + (body.order ? body.order.id : body.error));
              } catch (e) { show('order', 'failed: ' + e); }
            })();
            </script></body></html>
            """;
}
