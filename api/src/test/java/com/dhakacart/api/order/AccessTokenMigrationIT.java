package com.dhakacart.api.order;

import static org.assertj.core.api.Assertions.assertThat;

import com.dhakacart.testing.SharedServices;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** Orders placed before tokens were hashed keep working: V4 replaces each stored token by its SHA-256. */
class AccessTokenMigrationIT {

    @Test
    void theMigrationHashesEveryExistingTokenAndLeavesNoPlainTokenBehind() throws Exception {
        DriverManagerDataSource db = new DriverManagerDataSource(SharedServices.freshDatabase(getClass()), "postgres", "");
        Flyway.configure().dataSource(db).locations("classpath:db/migration").target("3").load().migrate();
        JdbcClient jdbc = JdbcClient.create(db);
        jdbc.sql("""
                INSERT INTO orders (id, access_token, customer_name, customer_email, customer_phone, delivery_address,
                                    total_amount, status, payment_method, created_at)
                VALUES ('DCOLD000000001', 'plain-old-token', 'Karim', 'k@example.com', '+8801712345678',
                        'Road 1, Dhaka', 100, 'pending', 'cod', now())""").update();

        Flyway.configure().dataSource(db).locations("classpath:db/migration").load().migrate();

        String stored = jdbc.sql("SELECT access_token FROM orders WHERE id = 'DCOLD000000001'").query(String.class).single();
        assertThat(stored).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest("plain-old-token".getBytes(StandardCharsets.UTF_8))));
    }
}
