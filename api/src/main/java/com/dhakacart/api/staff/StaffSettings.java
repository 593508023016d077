package com.dhakacart.api.staff;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Staff sessions: a token unused for {@code idleTimeout} or older than {@code absoluteTimeout} no longer
 * opens the back office ({@code dhakacart.staff.*}).
 */
@ConfigurationProperties("dhakacart.staff")
public record StaffSettings(@DefaultValue("30m") Duration idleTimeout,
                            @DefaultValue("12h") Duration absoluteTimeout) {
}
