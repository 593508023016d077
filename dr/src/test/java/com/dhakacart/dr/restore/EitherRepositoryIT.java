package com.dhakacart.dr.restore;

import com.dhakacart.dr.settings.ScratchShop;
import com.dhakacart.dr.store.s3.S3ProxyServer;
import com.dhakacart.testing.LocalProcesses;
import com.dhakacart.testing.PostgresServer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Backups land in a local and an S3 repository at once (S3Proxy on loopback), a restore works from
 * either one alone, and neither holds a customer's email in plaintext.
 */
@Tag("scenario")
class EitherRepositoryIT {

    @Test
    void aBackupInBothRepositoriesRestoresFromEitherAndNeitherHoldsPlaintext() throws Exception {
        try (ScratchShop shop = new ScratchShop("dr-either");
             S3ProxyServer s3 = S3ProxyServer.start(shop.home.resolve("s3"))) {
            String local = shop.home.resolve("backups").toUri().toString();
            String remote = s3.repository("dhakacart-backups", "shop").toString();
            shop.env.put("AWS_ACCESS_KEY_ID", S3ProxyServer.ACCESS_KEY);
            shop.env.put("AWS_SECRET_ACCESS_KEY", S3ProxyServer.SECRET_KEY);
            shop.env.put("DR_REPOSITORIES", local + "," + remote);
            List<Long> orders = new ArrayList<>();
            try (Connection c = shop.postgres.connect(ScratchShop.DATABASE)) {
                for (int i = 0; i < 30; i++) {
                    orders.add(shop.insertOrder(c, "rahim.uddin" + i + "@example.com"));
                }
            }
            ScratchShop.log("backup into " + local + " and " + remote);
            ScratchShop.Cli backup = shop.cli("backup");
            assertThat(backup.code()).as(backup.toString()).isZero();

            for (String repository : List.of(remote, local)) {
                shop.env.put("DR_REPOSITORIES", repository);
                ScratchShop.log("restore from " + repository);
                int port = LocalProcesses.freePort();
                Path target = shop.home.resolve("restored-" + port);
                ScratchShop.Cli restore = shop.cli("restore", "--latest", "--target-dir", target.toString(),
                        "--port", String.valueOf(port));
                assertThat(restore.code()).as(restore.toString()).isZero();
                try {
                    assertThat(shop.orderIds(port)).containsAll(orders);
                } finally {
                    PostgresServer.existing(target, port).stop();
                }
            }

            byte[] email = "rahim.uddin7@example.com".getBytes(StandardCharsets.UTF_8);
            assertThat(filesContaining(shop.home.resolve("backups"), email)).isEmpty();
            assertThat(filesContaining(s3.dataDir(), email)).isEmpty();
            // The same grep does find it where it is plaintext: the live data directory.
            assertThat(filesContaining(shop.dataDir().resolve("base"), email)).isNotEmpty();

            ScratchShop.log("S3 goes away");
            s3.stop();
            shop.env.put("DR_REPOSITORIES", remote);
            ScratchShop.Cli unreachable = shop.cli("list");
            ScratchShop.log("list answered: " + unreachable.err().strip());
            assertThat(unreachable.code()).as(unreachable.toString()).isEqualTo(5);
            assertThat(unreachable.err().lines().filter(l -> l.startsWith("dhakacart dr")).toList()).hasSize(1);
        }
    }

    private static List<Path> filesContaining(Path root, byte[] needle) throws Exception {
        List<Path> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                byte[] bytes = Files.readAllBytes(file);
                outer:
                for (int i = 0; i + needle.length <= bytes.length; i++) {
                    for (int j = 0; j < needle.length; j++) {
                        if (bytes[i + j] != needle[j]) {
                            continue outer;
                        }
                    }
                    found.add(file);
                    break;
                }
            }
        }
        return found;
    }
}
