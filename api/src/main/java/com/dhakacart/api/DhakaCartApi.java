package com.dhakacart.api;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/** The DhakaCart REST API: catalog and orders on PostgreSQL, with Redis for rate limits. */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class DhakaCartApi {

    public static void main(String[] args) {
        SpringApplication.run(DhakaCartApi.class, args);
    }
}
