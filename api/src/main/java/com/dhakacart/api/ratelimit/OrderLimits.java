package com.dhakacart.api.ratelimit;

import com.dhakacart.kernel.PhoneNumber;
import java.time.Duration;
import java.util.OptionalLong;
import org.springframework.stereotype.Component;

/**
 * The limit that needs the order's content: orders per phone number (E.164, so {@code 01712-345678} and
 * {@code +8801712345678} are one number), called by the order endpoint once the body is valid.
 */
@Component
public class OrderLimits {

    private final Buckets buckets;
    private final RateLimitSettings settings;

    OrderLimits(Buckets buckets, RateLimitSettings settings) {
        this.buckets = buckets;
        this.settings = settings;
    }

    /** Counts one order for this phone number, or throws {@link TooManyRequests} when it has had enough. */
    public void placing(PhoneNumber phone) {
        if (!settings.enabled()) {
            return;
        }
        OptionalLong wait = buckets.take("orders:phone", phone.e164(), settings.ordersPerPhonePerHour(),
                Duration.ofHours(1));
        if (wait.isPresent()) {
            throw new TooManyRequests("Too many orders for this phone number; please try again later",
                    wait.getAsLong());
        }
    }
}
