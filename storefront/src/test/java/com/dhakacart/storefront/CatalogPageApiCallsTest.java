package com.dhakacart.storefront;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpSession;

/**
 * A catalog page costs a fixed number of API calls however many products it shows: an API call per
 * product card (the N+1 that would sink an Eid sale) fails this test. Timings live in the benchmark.
 */
class CatalogPageApiCallsTest extends FakeApiTestSupport {

    @Test
    void aCatalogPageAsksTheApiForTheListingAndTheCategoriesOnly() throws Exception {
        API.reset();
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
