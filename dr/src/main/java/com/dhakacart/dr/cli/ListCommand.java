package com.dhakacart.dr.cli;

import com.dhakacart.dr.catalogue.BaseBackup;
import com.dhakacart.dr.catalogue.Catalogue;
import com.dhakacart.dr.catalogue.WalNames;
import com.dhakacart.dr.vault.Repositories;
import com.dhakacart.dr.vault.Vault;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code list}: the catalogue of backups and the recoverable window. */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = "List base backups (sizes, WAL range, verified or not), archived WAL and the recoverable"
                + " window from ... to ...")
final class ListCommand implements Callable<Integer> {

    @ParentCommand
    DrMain main;

    @Mixin
    SharedOptions options;

    @Override
    public Integer call() throws Exception {
        try (Vault vault = Repositories.open(main.settings(), main.env, false, main.progress())) {
            Catalogue catalogue = Catalogue.read(vault, main.settings().workDir());
            if (options.json) {
                main.out.println(Catalogue.JSON.writeValueAsString(json(catalogue, vault)));
                return ExitCodes.OK;
            }
            main.out.println("repository: " + vault.describe());
            catalogue.audits().forEach(audit -> main.out.println("index: " + audit.repository() + " number "
                    + audit.indexNumber() + (audit.indexWrittenAt() == null ? "" : " written " + audit.indexWrittenAt())
                    + ", " + audit.files() + " files, all present and matching"));
            if (catalogue.backups().isEmpty()) {
                main.out.println("no base backups yet (take one with `dhakacart dr backup`)");
            } else {
                main.out.printf("%-18s %3s %-12s %-12s %-22s %10s %10s %s%n", "BACKUP", "TL", "START LSN", "STOP LSN",
                        "FINISHED", "SIZE MiB", "STORED MiB", "VERIFIED");
                for (BaseBackup b : catalogue.backups()) {
                    main.out.printf("%-18s %3d %-12s %-12s %-22s %10.1f %10.1f %s%n", b.id(), b.timeline(), b.startLsn(),
                            b.stopLsn(), b.finishedAt(), b.plainBytes() / 1048576.0, b.storedBytes() / 1048576.0,
                            b.verified() ? "yes" : "no");
                }
            }
            long segments = catalogue.walNames().stream().filter(WalNames::isSegment).count();
            main.out.printf("WAL: %d segments, %d unfinished-segment snapshots%n", segments, catalogue.partials().size());
            if (!catalogue.unfinished().isEmpty()) {
                main.out.println("unfinished (ignored) backups: " + String.join(", ", catalogue.unfinished()));
            }
            catalogue.recoverableFrom().ifPresent(from -> main.out.println("recoverable window: from " + from
                    + " to " + catalogue.recoverableTo().orElse(from)
                    + " (plus the last seconds held in the local spool)"));
        }
        return ExitCodes.OK;
    }

    static Map<String, Object> json(Catalogue catalogue, Vault vault) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("repository", vault.describe());
        json.put("backups", catalogue.backups());
        List<String> names = catalogue.walNames();
        Map<String, Object> wal = new LinkedHashMap<>();
        wal.put("segments", names.stream().filter(WalNames::isSegment).count());
        wal.put("historyFiles", names.stream().filter(WalNames::isHistory).count());
        wal.put("partialSnapshots", catalogue.partials().size());
        wal.put("first", names.stream().filter(WalNames::isSegment).findFirst().orElse(null));
        wal.put("last", names.stream().filter(WalNames::isSegment).reduce((a, b) -> b).orElse(null));
        json.put("wal", wal);
        Map<String, Object> window = new LinkedHashMap<>();
        window.put("from", catalogue.recoverableFrom().orElse(null));
        window.put("to", catalogue.recoverableTo().orElse(null));
        json.put("recoverableWindow", window);
        json.put("unfinishedBackups", catalogue.unfinished());
        json.put("storedBytes", catalogue.storedBytes());
        json.put("indexes", catalogue.audits());
        return json;
    }
}
