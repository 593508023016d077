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
        // `staff add ...` (the first owner): a short command against the database, no web server.
        if (args.length > 0 && "staff".equals(args[0])) {
            System.exit(com.dhakacart.api.staff.cli.StaffCommand.run(args, System::getenv,
                    new java.io.PrintWriter(System.out, true), new java.io.PrintWriter(System.err, true)));
        }
        SpringApplication.run(DhakaCartApi.class, args);
    }
}
