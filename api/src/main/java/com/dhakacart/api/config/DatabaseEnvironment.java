package com.dhakacart.api.config;

import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Turns the 12-factor variables DATABASE_URL, DATABASE_USER and DATABASE_PASSWORD into Spring's
 * datasource settings, so `./dhakacart up`, Compose and Kubernetes all configure the API the same way.
 */
public class DatabaseEnvironment implements EnvironmentPostProcessor {

    static final String DEFAULT_URL = "jdbc:postgresql://127.0.0.1:5432/dhakacart_db";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        DatabaseUrl url = DatabaseUrl.parse(environment.getProperty("DATABASE_URL", DEFAULT_URL));
        Map<String, Object> properties = new HashMap<>();
        properties.put("dhakacart.database.jdbc-url", url.jdbcUrl());
        String user = environment.getProperty("DATABASE_USER", url.user() == null ? "dhakacart" : url.user());
        properties.put("spring.datasource.username", user);
        String password = environment.getProperty("DATABASE_PASSWORD", url.password() == null ? "" : url.password());
        properties.put("spring.datasource.password", password);
        // Lowest precedence: an explicit spring.datasource.* (as tests set) still wins.
        environment.getPropertySources().addLast(new MapPropertySource("dhakacartDatabase", properties));
    }
}
