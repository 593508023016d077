package com.dhakacart.storefront;

import static org.assertj.core.api.Assertions.assertThat;

import com.dhakacart.testing.LocalProcesses;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * With the session store (Redis) unreachable, a shopper with a cart session gets the friendly 503 page,
 * never a stack trace or a blank 500, and a visitor without one keeps browsing (sessions are lazy). Real Tomcat, real Spring Session; Redis is simply a port nobody listens on.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SessionStoreDownTest {

    static final FakeShopApi API = new FakeShopApi();
    static final int NOTHING_LISTENS = LocalProcesses.freePort();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void wiring(DynamicPropertyRegistry registry) {
        registry.add("dhakacart.api.base-url", API::baseUrl);
        registry.add("spring.data.redis.url", () -> "redis://127.0.0.1:" + NOTHING_LISTENS);
    }

    @AfterAll
    static void stopApi() {
        API.close();
    }

    @Test
    void whenRedisIsDownAVisitorWithoutASessionStillBrowsesTheCatalog() throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        for (String path : new String[] {"/?lang=en", "/products/1?lang=en"}) {
            HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());

            assertThat(page.statusCode()).as(path).isEqualTo(200);
            assertThat(page.body()).as(path).contains("Samsung Galaxy A54");
        }
    }

    @Test
    void whenRedisIsDownPagesWithASessionAnswer503WithTheFriendlyPage() throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        for (String path : new String[] {"/?lang=en", "/products/1?lang=en", "/cart?lang=en"}) {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .header("Cookie", "DHAKACART_SESSION=ZmFrZS1zZXNzaW9uLWlk")
                    .timeout(Duration.ofSeconds(20)).build();

            HttpResponse<String> page = http.send(request, HttpResponse.BodyHandlers.ofString());

            assertThat(page.statusCode()).as(path).isEqualTo(503);
            assertThat(page.body()).as(path).contains("The shop is not answering right now")
                    .doesNotContain("Exception").doesNotContain("at org.");
        }
    }
}
