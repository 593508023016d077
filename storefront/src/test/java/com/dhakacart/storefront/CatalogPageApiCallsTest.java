package com.dhakacart.storefront;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

/**
 * A catalog page costs a fixed number of API calls however many products it shows: an API call per
 * product card (the N+1 that would sink an Eid sale) fails this test. Timings live in the benchmark.
 */
@SpringBootTest(properties = "spring.autoconfigure.exclude="
        + "org.springframework.boot.autoconfigure.session.SessionAutoConfiguration")
@AutoConfigureMockMvc
class CatalogPageApiCallsTest {

    static final FakeShopApi API = new FakeShopApi();

    @Autowired
    MockMvc mvc;

    @DynamicPropertySource
    static void api(DynamicPropertyRegistry registry) {
        registry.add("dhakacart.api.base-url", API::baseUrl);
    }

    @AfterAll
    static void stopApi() {
        API.close();
    }

    @Test
    void aCatalogPageAsksTheApiForTheListingAndTheCategoriesOnly() throws Exception {
        MockHttpSession shopper = new MockHttpSession();
        mvc.perform(get("/").session(shopper)).andExpect(status().isOk());
        API.requested.clear();
        mvc.perform(get("/").session(shopper)).andExpect(status().isOk());
        assertThat(API.requested).containsExactlyInAnyOrder("/api/products", "/api/categories");
        API.requested.clear();
        mvc.perform(get("/?category=Electronics").session(shopper)).andExpect(status().isOk());
        assertThat(API.requested).hasSizeLessThanOrEqualTo(2).doesNotContain("/api/products/1");
    }
}
