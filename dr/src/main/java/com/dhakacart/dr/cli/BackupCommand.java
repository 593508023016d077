package com.dhakacart.dr.cli;

import com.dhakacart.dr.backup.BaseBackups;
import com.dhakacart.dr.catalogue.BaseBackup;
import com.dhakacart.dr.catalogue.Catalogue;
import com.dhakacart.dr.retention.Retention;
import com.dhakacart.dr.settings.DrSettings;
import com.dhakacart.dr.settings.Postgres;
import com.dhakacart.dr.vault.Repositories;
import com.dhakacart.dr.vault.Vault;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

import java.util.concurrent.Callable;

/** {@code backup}: takes a verified base backup now and applies retention. */
@Command(name = "backup", mixinStandardHelpOptions = true,
        description = "Take a base backup now (pg_basebackup, checked with pg_verifybackup, sealed into every"
                + " repository), then keep only the newest DR_KEEP_FULL backups and the WAL they need.")
final class BackupCommand implements Callable<Integer> {

    @ParentCommand
    DrMain main;

    @Mixin
    SharedOptions options;

    @Override
    public Integer call() throws Exception {
        DrSettings settings = main.settings();
        try (Vault vault = Repositories.open(settings, main.env, true, main.progress())) {
            BaseBackup backup = new BaseBackups(new Postgres(settings), vault).take(main.progress());
            Retention.apply(vault, Catalogue.read(vault, settings.workDir()), settings.keepFull(), main.progress());
            if (options.json) {
                main.out.println(Catalogue.JSON.writeValueAsString(backup));
            } else {
                main.out.printf("backup %s stored in %s: %.1f MiB (%.1f MiB stored), WAL %s..%s, verified%n",
                        backup.id(), vault.describe(), backup.plainBytes() / 1048576.0,
                        backup.storedBytes() / 1048576.0, backup.startLsn(), backup.stopLsn());
            }
        }
        return ExitCodes.OK;
    }
}
