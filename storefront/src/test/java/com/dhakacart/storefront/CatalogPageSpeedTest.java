package com.dhakacart.storefront;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpSession;

/**
 * Benchmark (tag {@code bench}, run by {@code bench/storefront-catalog-page.sh}, not by the test suite):
 * the storefront's own cost of a catalog page (security filters, controller, product cards rendered with
 * their CSRF-protected forms), measured in-process against the fake API beside the baseline of one raw
 * API call in the same run. The suite's deterministic guard is {@link CatalogPageApiCallsTest}.
 */
@Tag("bench")
class CatalogPageSpeedTest extends FakeApiTestSupport {

    @Test
    void measuresTheCatalogPageInProcessBesideOneApiCall() throws Exception {
        MockHttpSession shopper = new MockHttpSession();
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest productsCall = HttpRequest.newBuilder(URI.create(API.baseUrl() + "/api/products?size=12")).build();

        medianMillis(1000, () -> mvc.perform(get("/").session(shopper))); // JIT warm-up
        double apiCall = medianMillis(1000, () -> http.send(productsCall, HttpResponse.BodyHandlers.ofByteArray()));
        double page = medianMillis(1000, () -> mvc.perform(get("/").session(shopper)));

        // The page's two API calls run side by side, so it waits about one call's time for them.
        double overhead = page - apiCall;
        System.out.printf("catalog page in-process: median %.2f ms; one API call %.2f ms; storefront's own %.2f ms%n",
                page, apiCall, overhead);
        assertThat(page).isPositive();
    }

    private interface Call {
        void run() throws Exception;
    }

    private static double medianMillis(int runs, Call call) throws Exception {
        long[] nanos = new long[runs];
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            call.run();
            nanos[i] = System.nanoTime() - start;
        }
        Arrays.sort(nanos);
        return nanos[runs / 2] / 1e6;
    }
}
