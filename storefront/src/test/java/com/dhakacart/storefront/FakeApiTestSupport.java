package com.dhakacart.storefront;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.micrometer.metrics.test.autoconfigure.AutoConfigureMetrics;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

/**
 * Base for the fast storefront tests: the real security filters, controllers and templates, driven
 * through MockMvc, against one {@link FakeShopApi} shared by every such test class (so they also share
 * one Spring context), with sessions in memory instead of Redis.
 */
// Page cache off: these tests change the fake API's answers between requests and expect each page to show
// them at once; the cache (fresh for half a second) is proven against the real API in CachedCatalogPagesIT.
@SpringBootTest(properties = {"spring.autoconfigure.exclude="
        + "org.springframework.boot.session.autoconfigure.SessionAutoConfiguration,"
        + "org.springframework.boot.session.data.redis.autoconfigure.SessionDataRedisAutoConfiguration",
        "dhakacart.catalog.pages.enabled=false"})
@AutoConfigureMockMvc
@AutoConfigureMetrics // the real Prometheus registry, which tests otherwise replace
public abstract class FakeApiTestSupport {

    /** Lives as long as the test JVM: closing it after one class would break the shared context. */
    protected static final FakeShopApi API = new FakeShopApi();

    @Autowired
    protected MockMvc mvc;

    @DynamicPropertySource
    static void api(DynamicPropertyRegistry registry) {
        registry.add("dhakacart.api.base-url", API::baseUrl);
    }
}
