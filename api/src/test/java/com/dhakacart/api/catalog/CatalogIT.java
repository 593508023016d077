package com.dhakacart.api.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import com.dhakacart.api.ApiTestSupport;
import com.fasterxml.jackson.databind.JsonNode;
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
