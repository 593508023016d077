package com.dhakacart.api.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import com.dhakacart.api.ApiTestSupport;
import tools.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CatalogIT extends ApiTestSupport {

    @Test
    void listsTheFifteenSampleProductsInTheOriginalEnvelope() {
        Answer answer = get("/api/products");
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.header("Content-Type")).startsWith("application/json");
        JsonNode data = answer.json().get("data");
        assertThat(data).hasSize(15);
        JsonNode galaxy = find(data, "Samsung Galaxy A54");
        assertThat(galaxy.get("price").isNumber()).isTrue();
        assertThat(galaxy.get("price").decimalValue()).isEqualByComparingTo(new BigDecimal("35990"));
        for (String field : List.of("id", "name", "description", "price", "category", "stock", "image_url", "created_at")) {
            assertThat(galaxy.has(field)).as(field).isTrue();
        }
        assertThat(answer.json().get("page").get("total_elements").asLong()).isEqualTo(15);
    }

    @Test
    void everySampleProductHasAPictureTheApiServesWithLongCachingAndAnETag() throws Exception {
        JsonNode data = get("/api/products").json().get("data");
        assertThat(data).hasSize(15);
        for (JsonNode product : data) {
            String url = product.get("image_url").asText();
            assertThat(url).as(product.get("name").asText()).startsWith("/images/products/").endsWith(".jpg");
            Answer picture = get(url);
            assertThat(picture.status()).as(url).isEqualTo(200);
            assertThat(picture.header("Content-Type")).isEqualTo("image/jpeg");
            byte[] bytes = get(url, java.net.http.HttpResponse.BodyHandlers.ofByteArray()).readAllBytes();
            java.awt.image.BufferedImage image = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(bytes));
            assertThat(image).as(url + " is a readable JPEG").isNotNull();
            assertThat(image.getWidth()).isEqualTo(320);
            assertThat(bytes.length).as(url).isBetween(1, 30 * 1024);
            assertThat(picture.header("Cache-Control")).contains("max-age=31536000").contains("public");
            String etag = picture.header("ETag");
            assertThat(etag).startsWith("\"");

            Answer again = send(java.net.http.HttpRequest.newBuilder(uri(url)).header("If-None-Match", etag).build());
            assertThat(again.status()).as(url).isEqualTo(304);
            assertThat(again.raw().body()).isEmpty();

            String large = product.get("image_srcset").asText().split(", ")[1].split(" ")[0];
            assertThat(product.get("image_srcset").asText()).isEqualTo(url + " 320w, " + large + " 640w");
            assertThat(javax.imageio.ImageIO.read(get(large, java.net.http.HttpResponse.BodyHandlers.ofByteArray()))
                    .getWidth()).as(large).isEqualTo(640);
        }
    }

    @Test
    void aPictureThatDoesNotExistOrNamesAPathIsNotServed() {
        for (String path : List.of("/images/products/no-such-thing.jpg", "/images/products/UPPER.jpg",
                "/images/products/application.properties")) {
            Answer answer = get(path);
            assertThat(answer.status()).as(path).isEqualTo(404);
            assertThat(answer.header("Content-Type")).as(path).startsWith("application/problem+json");
        }
        // Encoded slashes never reach the store (Tomcat refuses them with its own 400).
        for (String path : List.of("/images/products/..%2Fapplication.properties",
                "/images/products/%2E%2E%2Fdb%2Fmigration%2FV1__catalog_and_orders.sql")) {
            Answer answer = get(path);
            assertThat(answer.status()).as(path).isIn(400, 404);
            assertThat(answer.raw().body()).as(path).doesNotContain("spring.").doesNotContain("CREATE TABLE");
        }
    }

    @Test
    void filtersByCategoryInBothForms() {
        JsonNode byParam = get("/api/products?category=Groceries").json().get("data");
        assertThat(names(byParam)).containsExactlyInAnyOrder("Miniket Rice 5 kg", "Padma Hilsha Fish 1 kg");
        JsonNode byPath = get("/api/products/category/groceries").json().get("data");
        assertThat(names(byPath)).isEqualTo(names(byParam));
    }

    @Test
    void searchesNameAndDescriptionInEnglishAndBangla() {
        assertThat(names(get("/api/products?search=hilsha").json().get("data"))).containsExactly("Padma Hilsha Fish 1 kg");
        String bangla = URLEncoder.encode("ইলিশ", StandardCharsets.UTF_8);
        assertThat(names(get("/api/products?search=" + bangla).json().get("data"))).containsExactly("Padma Hilsha Fish 1 kg");
        assertThat(get("/api/products?search=%25").json().get("data")).isEmpty(); // % is text, not a wildcard
    }

    @Test
    void sortsByPriceNameAndNewest() {
        List<BigDecimal> ascending = prices(get("/api/products?sort=price_asc").json().get("data"));
        assertThat(ascending).isSortedAccordingTo(BigDecimal::compareTo);
        List<BigDecimal> descending = prices(get("/api/products?sort=price_desc").json().get("data"));
        assertThat(descending.getFirst()).isEqualByComparingTo("62500");
        List<String> byName = names(get("/api/products?sort=name").json().get("data"));
        assertThat(byName).isSorted();
    }

    @Test
    void pagesAtMostOneHundredAtATime() {
        JsonNode page2 = get("/api/products?page=2&size=4").json();
        assertThat(page2.get("data")).hasSize(4);
        assertThat(page2.get("page").get("total_pages").asInt()).isEqualTo(4);
        Answer tooBig = get("/api/products?size=101");
        assertThat(tooBig.status()).isEqualTo(400);
        assertThat(tooBig.header("Content-Type")).startsWith("application/problem+json");
        assertThat(tooBig.json().get("error").asText()).contains("size");
        assertThat(get("/api/products?page=0").status()).isEqualTo(400);
        assertThat(get("/api/products?page=abc").status()).isEqualTo(400);
        assertThat(get("/api/products?sort=cheapest").json().get("error").asText()).contains("price_asc");
    }

    @Test
    void answersOneProductOrA404() {
        long id = get("/api/products").json().get("data").get(0).get("id").asLong();
        Answer one = get("/api/products/" + id);
        assertThat(one.status()).isEqualTo(200);
        assertThat(one.json().get("data").get("id").asLong()).isEqualTo(id);
        for (String missing : List.of("999999", "abc", "-1", "99999999999999999999")) {
            Answer notFound = get("/api/products/" + missing);
            assertThat(notFound.status()).as(missing).isEqualTo(404);
            assertThat(notFound.json().get("error").asText()).contains("not found");
        }
    }

    @Test
    void listsTheEightCategories() {
        JsonNode categories = get("/api/categories").json().get("data");
        List<String> values = new ArrayList<>();
        categories.forEach(c -> values.add(c.asText()));
        assertThat(values).containsExactly("Beverages", "Books", "Clothing", "Electronics", "Footwear", "Groceries",
                "Home Appliances", "Sports");
    }

    private static JsonNode find(JsonNode data, String name) {
        for (JsonNode product : data) {
            if (product.get("name").asText().equals(name)) {
                return product;
            }
        }
        throw new AssertionError(name + " not in " + data);
    }

    private static List<String> names(JsonNode data) {
        List<String> names = new ArrayList<>();
        data.forEach(p -> names.add(p.get("name").asText()));
        return names;
    }

    private static List<BigDecimal> prices(JsonNode data) {
        List<BigDecimal> prices = new ArrayList<>();
        data.forEach(p -> prices.add(p.get("price").decimalValue()));
        return prices;
    }
}
