package com.dhakacart.api.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.dhakacart.api.AdminTestSupport;
import com.dhakacart.api.staff.Role;
import tools.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The back office's catalog: price changes, hiding, stock adjustments, new products, pictures, each audited. */
class AdminCatalogIT extends AdminTestSupport {

    private static final String MANAGER = "catalog_manager@staff.example";

    @Test
    void aPriceChangeShowsAtOnceAndAnOrderSentAtTheOldPriceGetsAConflict() {
        long id = newProduct("Padma Hilsha 1 kg", "1500.00", 10);
        assertThat(get("/api/products/" + id).json().at("/data/price").decimalValue()).isEqualByComparingTo("1500");

        Answer changed = admin("PATCH", "/api/admin/products/" + id, "{\"price\": 1650.50}", token(Role.CATALOG_MANAGER));
        assertThat(changed.status()).as(changed.raw().body()).isEqualTo(200);
        assertThat(changed.json().at("/data/price").decimalValue()).isEqualByComparingTo("1650.50");

        assertThat(get("/api/products/" + id).json().at("/data/price").decimalValue()).isEqualByComparingTo("1650.50");
        Answer old = post("/api/orders", order("{\"product_id\":" + id + ",\"quantity\":1,\"price\":1500}"));
        assertThat(old.status()).isEqualTo(409);
        assertThat(old.json().get("type").asText()).endsWith("/price-changed");
        assertThat(stock(id)).isEqualTo(10);

        JsonNode entry = latestAudit("product", id);
        assertThat(entry.get("action").asText()).isEqualTo("product.update");
        assertThat(entry.get("staff_email").asText()).isEqualTo(MANAGER);
        assertThat(entry.get("staff_role").asText()).isEqualTo("catalog_manager");
        assertThat(entry.at("/before/price").decimalValue()).isEqualByComparingTo("1500");
        assertThat(entry.at("/after/price").decimalValue()).isEqualByComparingTo("1650.50");
    }

    @Test
    void aHiddenProductLeavesTheCatalogCannotBeOrderedAndComesBackWhenShown() {
        long id = newProduct("Nakshi Kantha", "4200.00", 5);
        assertThat(get("/api/products/" + id).status()).isEqualTo(200);
        assertThat(admin("PATCH", "/api/admin/products/" + id, "{\"hidden\": true}", token(Role.CATALOG_MANAGER)).status())
                .isEqualTo(200);

        assertThat(get("/api/products/" + id).status()).isEqualTo(404);
        assertThat(get("/api/products?search=Nakshi").json().get("data")).isEmpty();
        Answer order = post("/api/orders", order("{\"product_id\":" + id + ",\"quantity\":1}"));
        assertThat(order.status()).isEqualTo(409);
        assertThat(order.json().get("available").asInt()).isZero();
        assertThat(stock(id)).isEqualTo(5);
        Answer seen = admin("GET", "/api/admin/products/" + id, null, token(Role.SUPPORT));
        assertThat(seen.json().at("/data/hidden").asBoolean()).isTrue();
        assertThat(seen.json().at("/data/stock").asInt()).isEqualTo(5);

        admin("PATCH", "/api/admin/products/" + id, "{\"hidden\": false}", token(Role.CATALOG_MANAGER));
        assertThat(get("/api/products/" + id).status()).isEqualTo(200);
        assertThat(post("/api/orders", order("{\"product_id\":" + id + ",\"quantity\":1}")).status()).isEqualTo(201);
        assertThat(stock(id)).isEqualTo(4);
    }

    @Test
    void stockMovesOnlyByAdjustmentsWithAReasonAndNeverBelowZero() {
        long id = newProduct("Rupchanda Soybean Oil 5 L", "920.00", 10);
        String token = token(Role.CATALOG_MANAGER);
        Answer tooMany = admin("POST", "/api/admin/products/" + id + "/stock-adjustments",
                "{\"delta\": -11, \"reason\": \"damaged\"}", token);
        assertThat(tooMany.status()).isEqualTo(409);
        assertThat(tooMany.json().get("available").asInt()).isEqualTo(10);
        Answer noReason = admin("POST", "/api/admin/products/" + id + "/stock-adjustments", "{\"delta\": -1}", token);
        assertThat(noReason.status()).isEqualTo(422);
        assertThat(admin("PATCH", "/api/admin/products/" + id, "{\"stock\": 999}", token).status()).isEqualTo(422);
        assertThat(stock(id)).isEqualTo(10);

        Answer taken = admin("POST", "/api/admin/products/" + id + "/stock-adjustments",
                "{\"delta\": -3, \"reason\": \"damaged in the store\"}", token);
        assertThat(taken.status()).isEqualTo(200);
        assertThat(taken.json().at("/data/stock").asInt()).isEqualTo(7);
        assertThat(admin("POST", "/api/admin/products/" + id + "/stock-adjustments",
                "{\"delta\": 20, \"reason\": \"delivery from Chattogram\"}", token).json().at("/data/stock").asInt())
                .isEqualTo(27);
        assertThat(stock(id)).isEqualTo(27);
        assertThat(get("/api/products/" + id).json().at("/data/stock").asInt()).isEqualTo(27);

        JsonNode entry = latestAudit("product", id);
        assertThat(entry.get("action").asText()).isEqualTo("product.stock_adjust");
        assertThat(entry.get("reason").asText()).isEqualTo("delivery from Chattogram");
        assertThat(entry.at("/before/stock").asInt()).isEqualTo(7);
        assertThat(entry.at("/after/stock").asInt()).isEqualTo(27);
        assertThat(entry.get("client_address").asText()).isNotBlank();
    }

    @Test
    void aNewProductIsSoldAtOnceAndAPictureUploadReplacesItsPicture() throws Exception {
        String token = token(Role.OWNER);
        Answer created = admin("POST", "/api/admin/products", """
                {"name":"Bogura Doi 500 g","description":"Sweet yoghurt","price":180,"category":"Groceries","stock":40}""",
                token);
        assertThat(created.status()).as(created.raw().body()).isEqualTo(201);
        long id = created.json().at("/data/id").asLong();
        assertThat(get("/api/products/" + id).json().at("/data/name").asText()).isEqualTo("Bogura Doi 500 g");
        assertThat(latestAudit("product", id).get("action").asText()).isEqualTo("product.create");

        byte[] jpeg;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("pictures/products/pran-frooto.jpg")) {
            jpeg = in.readAllBytes();
        }
        Answer uploaded = upload(id, jpeg, token);
        assertThat(uploaded.status()).as(uploaded.raw().body()).isEqualTo(200);
        String url = uploaded.json().at("/data/image_url").asText();
        assertThat(url).startsWith("/images/products/up-" + id + "-").endsWith(".jpg");
        assertThat(get("/api/products/" + id).json().at("/data/image_url").asText()).isEqualTo(url);
        assertThat(get(url, HttpResponse.BodyHandlers.ofByteArray()).readAllBytes()).isEqualTo(jpeg);
        assertThat(latestAudit("product", id).get("action").asText()).isEqualTo("product.picture");

        Answer notAPicture = upload(id, "<?php echo 1; ?>".getBytes(StandardCharsets.UTF_8), token);
        assertThat(notAPicture.status()).isEqualTo(422);
        Answer tooBig = upload(id, new byte[3 * 1024 * 1024], token);
        assertThat(tooBig.status()).isIn(413, 422);
        assertThat(get("/api/products/" + id).json().at("/data/image_url").asText()).isEqualTo(url);
    }

    @Test
    void theApplicationsOwnConnectionCannotChangeOrEraseTheAuditLog() {
        long id = newProduct("Audit subject", "10.00", 1);
        admin("PATCH", "/api/admin/products/" + id, "{\"name\":\"Audit subject 2\"}", token(Role.OWNER));
        long entries = jdbc.sql("SELECT count(*) FROM audit_log").query(Long.class).single();
        assertThat(entries).isPositive();

        assertThatThrownBy(() -> jdbc.sql("UPDATE audit_log SET staff_email = 'someone@else'").update())
                .rootCause().hasMessageContaining("append-only");
        assertThatThrownBy(() -> jdbc.sql("DELETE FROM audit_log").update()).rootCause().hasMessageContaining("append-only");
        assertThatThrownBy(() -> jdbc.sql("TRUNCATE audit_log").update()).rootCause().hasMessageContaining("append-only");
        assertThat(jdbc.sql("SELECT count(*) FROM audit_log").query(Long.class).single()).isEqualTo(entries);
        assertThat(jdbc.sql("SELECT count(*) FROM audit_log WHERE staff_email = 'someone@else'").query(Long.class).single())
                .isZero();
    }

    private JsonNode latestAudit(String type, long id) {
        Answer audit = admin("GET", "/api/admin/audit?target_type=" + type + "&target_id=" + id, null, token(Role.SUPPORT));
        assertThat(audit.status()).isEqualTo(200);
        return audit.json().get("data").get(0);
    }

    private Answer upload(long id, byte[] bytes, String token) throws Exception {
        String boundary = "----dhakacart" + System.nanoTime();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"picture\"; filename=\"p.jpg\"\r\n"
                + "Content-Type: image/jpeg\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.write(bytes);
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return send(HttpRequest.newBuilder(uri("/api/admin/products/" + id + "/picture"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .header("Authorization", "Bearer " + token)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build());
    }

}
