package com.dhakacart.storefront.web;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.jsontype.BasicPolymorphicTypeValidator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.serializer.GenericJackson2JsonRedisSerializer;
import org.springframework.data.redis.serializer.RedisSerializer;

/**
 * Sessions are written to Redis as JSON, not with Java serialization: a value read back from Redis can
 * only become one of the shop's own session types (cart, receipts, flash message), Spring MVC's flash map or
 * plain JDK values,
 * never an arbitrary class, so whoever could write to Redis still cannot make the storefront run code
 * (the JDK deserialization gadget chains). The type names are checked against an allowlist.
 */
@Configuration(proxyBeanMethods = false)
class SessionSerialization {

    /** The name Spring Session looks for. */
    @Bean
    RedisSerializer<Object> springSessionDefaultRedisSerializer() {
        BasicPolymorphicTypeValidator allowed = BasicPolymorphicTypeValidator.builder()
                .allowIfSubType("com.dhakacart.storefront.")
                .allowIfSubType("java.util.")
                .allowIfSubType("java.lang.")
                .allowIfSubType("java.math.")
                .allowIfSubType("java.time.")
                // Spring MVC keeps redirect ("flash") attributes in the session.
                .allowIfSubType("org.springframework.web.servlet.FlashMap")
                .allowIfSubType("org.springframework.util.LinkedMultiValueMap")
                .build();
        ObjectMapper json = new ObjectMapper().findAndRegisterModules()
                // The stored state, not derived getters such as Cart.isEmpty(); and a session written by an
                // older or newer release (a rolling deploy) still reads, ignoring fields it does not know.
                .setVisibility(PropertyAccessor.ALL, JsonAutoDetect.Visibility.NONE)
                .setVisibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY)
                .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
        // EVERYTHING, so Spring Session's own Long timestamps come back as Long, not Integer.
        json.activateDefaultTyping(allowed, ObjectMapper.DefaultTyping.EVERYTHING, JsonTypeInfo.As.PROPERTY);
        return new GenericJackson2JsonRedisSerializer(json);
    }
}
