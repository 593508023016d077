package com.dhakacart.dr.cli;

import com.dhakacart.dr.catalogue.Catalogue;
import com.dhakacart.dr.redis.RedisBackups;
import com.dhakacart.dr.vault.Repositories;
import com.dhakacart.dr.vault.Vault;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code redis-backup}: snapshots Redis (carts, sessions) into the repositories. */
@Command(name = "redis-backup", mixinStandardHelpOptions = true,
        description = "Snapshot every key of the Redis at REDIS_URL (values and TTLs) into every repository.")
final class RedisBackupCommand implements Callable<Integer> {

    @ParentCommand
    DrMain main;

    @Mixin
    SharedOptions options;

    @Override
    public Integer call() throws Exception {
        try (Vault vault = Repositories.open(main.settings(), main.env, true, main.progress())) {
            main.progress().accept("snapshotting Redis into " + vault.describe());
            RedisBackups.Outcome outcome = new RedisBackups(vault).backup(main.settings().redisUrl());
            print(main, options, outcome, "stored");
        }
        return ExitCodes.OK;
    }

    static void print(DrMain main, SharedOptions options, RedisBackups.Outcome outcome, String verb) throws Exception {
        if (options.json) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("file", outcome.file().key());
            json.put("keys", outcome.summary().keys());
            json.put("skippedExpired", outcome.summary().skippedExpired());
            json.put("payloadBytes", outcome.summary().payloadBytes());
            main.out.println(Catalogue.JSON.writeValueAsString(json));
        } else {
            main.out.printf("Redis backup %s %s: %d keys (%d already expired, skipped)%n", outcome.file().key(), verb,
                    outcome.summary().keys(), outcome.summary().skippedExpired());
        }
    }
}
