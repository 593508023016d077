package com.dhakacart.storefront.web;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import java.time.Duration;
import java.time.Instant;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.serializer.GenericJacksonJsonRedisSerializer;
import org.springframework.data.redis.serializer.RedisSerializer;
import org.springframework.data.redis.serializer.SerializationException;
import org.springframework.session.MapSession;
import org.springframework.session.config.SessionRepositoryCustomizer;
import org.springframework.session.data.redis.RedisSessionMapper;
import org.springframework.session.data.redis.RedisSessionRepository;
import tools.jackson.databind.DefaultTyping;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.jsontype.BasicPolymorphicTypeValidator;
import tools.jackson.databind.jsontype.PolymorphicTypeValidator;
import tools.jackson.databind.jsontype.impl.DefaultTypeResolverBuilder;

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
        JsonMapper json = JsonMapper.builder().findAndAddModules()
                // The stored state, not derived getters such as Cart.isEmpty(); and a session written by an
                // older or newer release (a rolling deploy) still reads, ignoring fields it does not know.
                .changeDefaultVisibility(visible -> visible
                        .withVisibility(PropertyAccessor.ALL, JsonAutoDetect.Visibility.NONE)
                        .withVisibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY))
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .setDefaultTyping(new EveryValueTyped(allowed))
                .build();
        return new ForgetUnreadable(new GenericJacksonJsonRedisSerializer(json));
    }

    /**
     * A session whose stored values cannot be read (see {@link ForgetUnreadable}) comes back expired, so
     * Spring Session deletes it and starts a new one; its own mapper would throw on every request instead.
     */
    @Bean
    SessionRepositoryCustomizer<RedisSessionRepository> unreadableSessionsExpire() {
        RedisSessionMapper readable = new RedisSessionMapper();
        return repository -> repository.setRedisSessionMapper((id, entries) -> {
            try {
                return readable.apply(id, entries);
            } catch (IllegalStateException unreadable) {
                MapSession gone = new MapSession(id);
                gone.setMaxInactiveInterval(Duration.ofSeconds(1));
                gone.setLastAccessedTime(Instant.EPOCH);
                return gone;
            }
        });
    }

    /**
     * Every value carries its type, as Jackson 2's {@code DefaultTyping.EVERYTHING} did (Jackson 3 dropped
     * that option): Spring Session's own Long timestamps come back as Long, not Integer, and the JSON in
     * Redis keeps the shape sessions had before the move to Jackson 3, so carts survive that upgrade. The
     * allowlist still decides which of those types may be read.
     */
    private static final class EveryValueTyped extends DefaultTypeResolverBuilder {
        EveryValueTyped(PolymorphicTypeValidator allowed) {
            super(allowed, DefaultTyping.JAVA_LANG_OBJECT, JsonTypeInfo.As.PROPERTY);
        }

        @Override
        public boolean useForType(JavaType type) {
            return !type.isPrimitive();
        }
    }

    /**
     * A value that is not our JSON (a session written with Java serialization by the release before this
     * one, or anything else) reads as absent: that session is then dropped and the shopper gets a new one,
     * instead of a 500 on every request until the old session expires. It is never deserialized as Java.
     */
    private record ForgetUnreadable(RedisSerializer<Object> json) implements RedisSerializer<Object> {
        @Override
        public byte[] serialize(Object value) {
            return json.serialize(value);
        }

        @Override
        public Object deserialize(byte[] bytes) {
            try {
                return json.deserialize(bytes);
            } catch (SerializationException unreadable) {
                return null;
            }
        }
    }
}
