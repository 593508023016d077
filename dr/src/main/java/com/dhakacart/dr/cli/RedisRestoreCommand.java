package com.dhakacart.dr.cli;

import com.dhakacart.dr.redis.RedisBackups;
import com.dhakacart.dr.vault.Repositories;
import com.dhakacart.dr.vault.Vault;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.util.concurrent.Callable;

/** {@code redis-restore}: loads the newest (or a named) Redis backup into Redis. */
@Command(name = "redis-restore", mixinStandardHelpOptions = true,
        description = "Restore the newest Redis backup (or --backup KEY) into the Redis at REDIS_URL; the file is"
                + " verified before any key is written.")
final class RedisRestoreCommand implements Callable<Integer> {

    @ParentCommand
    DrMain main;

    @Mixin
    SharedOptions options;

    @Option(names = "--backup", paramLabel = "KEY", description = "A Redis backup key as `list` shows it (default: newest).")
    String backup;

    @Override
    public Integer call() throws Exception {
        try (Vault vault = Repositories.open(main.settings(), main.env, false, main.progress())) {
            main.progress().accept("restoring Redis from " + vault.describe());
            RedisBackups backups = new RedisBackups(vault);
            RedisBackups.Outcome outcome = backup == null
                    ? backups.restoreLatest(main.settings().redisUrl())
                    : backups.restore(backup, main.settings().redisUrl());
            RedisBackupCommand.print(main, options, outcome, "restored");
        }
        return ExitCodes.OK;
    }
}
