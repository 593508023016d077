package com.dhakacart.dr.cli;

import com.dhakacart.dr.backup.BaseBackups;
import com.dhakacart.dr.catalogue.BaseBackup;
import com.dhakacart.dr.catalogue.Catalogue;
import com.dhakacart.dr.drill.DrillResult;
import com.dhakacart.dr.drill.RestoreDrill;
import com.dhakacart.dr.settings.DrSettings;
import com.dhakacart.dr.settings.Postgres;
import com.dhakacart.dr.settings.PostgresFailed;
import com.dhakacart.dr.vault.Repositories;
import com.dhakacart.dr.vault.BackupCorrupted;
import com.dhakacart.dr.vault.StoredFile;
import com.dhakacart.dr.vault.Vault;
import com.dhakacart.dr.vault.WrongKey;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code verify}: checks every stored file, runs pg_verifybackup on the newest backup, optionally a restore drill. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Check every stored file (SHA-256, decryption, decompression), run pg_verifybackup on the"
                + " newest base backup, and with --restore-test restore into a scratch instance and run integrity"
                + " queries.")
final class VerifyCommand implements Callable<Integer> {

    @ParentCommand
    DrMain main;

    @Mixin
    SharedOptions options;

    @Option(names = "--restore-test", description = "Also restore the latest state into a scratch PostgreSQL and check it.")
    boolean restoreTest;

    @Override
    public Integer call() throws Exception {
        DrSettings settings = main.settings();
        Map<String, Object> report = new LinkedHashMap<>();
        List<Map<String, String>> problems = new ArrayList<>();
        try (Vault vault = Repositories.open(settings, main.env, false, main.progress())) {
            List<StoredFile> files = new ArrayList<>();
            for (String prefix : List.of(BaseBackup.PREFIX, Catalogue.WAL_PREFIX, Catalogue.PARTIAL_PREFIX)) {
                files.addAll(vault.list(prefix));
            }
            main.progress().accept("checking " + files.size() + " stored files in " + vault.describe());
            int wrongKey = 0;
            int vanished = 0;
            WrongKey firstWrongKey = null;
            for (StoredFile file : files) {
                try {
                    vault.verify(file.key());
                } catch (WrongKey e) {
                    problems.add(problem(file.key(), e.getMessage()));
                    wrongKey++;
                    firstWrongKey = firstWrongKey == null ? e : firstWrongKey;
                } catch (BackupCorrupted e) {
                    problems.add(problem(file.key(), e.getMessage()));
                } catch (java.nio.file.NoSuchFileException e) {
                    // A running agent replaced this unfinished-segment snapshot (or retention removed the
                    // file) since we listed it: gone on purpose, not damaged.
                    if (vault.exists(file.key())) {
                        throw e;
                    }
                    vanished++;
                }
            }
            if (wrongKey > 0 && wrongKey == files.size() - vanished) {
                // Not a damaged repository: the key is not the one the backups were sealed with.
                throw firstWrongKey;
            }
            if (files.isEmpty()) {
                main.progress().accept("the repository is empty");
            }
            report.put("filesChecked", files.size() - vanished);
            Catalogue catalogue = Catalogue.read(vault, settings.workDir());
            if (catalogue.latest().isPresent() && problems.isEmpty()) {
                BaseBackup newest = catalogue.latest().get();
                report.put("pgVerifybackup", pgVerifybackup(vault, settings, newest, problems));
            }
            if (restoreTest && problems.isEmpty()) {
                DrillResult drill = new RestoreDrill(new Postgres(settings), vault).run(main.progress());
                report.put("restoreTest", drill);
                if (!drill.success()) {
                    problems.add(problem("restore-test", drill.problem()));
                }
            }
        }
        report.put("problems", problems);
        report.put("ok", problems.isEmpty());
        if (options.json) {
            main.out.println(Catalogue.JSON.writeValueAsString(report));
        } else {
            for (Map<String, String> p : problems) {
                main.out.println("PROBLEM " + p.get("file") + ": " + p.get("problem"));
            }
            main.out.println(problems.isEmpty() ? "verified: " + report.get("filesChecked") + " files intact"
                    + (report.containsKey("pgVerifybackup") ? ", " + report.get("pgVerifybackup") : "")
                    + (restoreTest ? ", restore test passed" : "")
                    : problems.size() + " problem(s) found");
        }
        if (!problems.isEmpty()) {
            if (options.json) {
                return ExitCodes.CORRUPTED;
            }
            Map<String, String> first = problems.get(0);
            String problem = first.get("problem") == null ? "failed" : first.get("problem");
            throw new VerificationFailed((problem.contains(first.get("file")) ? problem : first.get("file") + ": " + problem)
                    + (problems.size() > 1 ? " (and " + (problems.size() - 1) + " more)" : ""));
        }
        return ExitCodes.OK;
    }

    private String pgVerifybackup(Vault vault, DrSettings settings, BaseBackup backup, List<Map<String, String>> problems)
            throws IOException {
        Path work = settings.workDir().resolve("verify-" + backup.id() + "-" + ProcessHandle.current().pid());
        BaseBackups.deleteTree(work);
        Files.createDirectories(work);
        try {
            main.progress().accept("pg_verifybackup on base backup " + backup.id());
            for (String file : backup.files()) {
                vault.fetch(backup.key(file), work.resolve(file));
            }
            BaseBackups.verifyUnpacked(new Postgres(settings), work, work.resolve("check"));
            return "pg_verifybackup passed for " + backup.id();
        } catch (PostgresFailed e) {
            problems.add(problem(backup.key("backup_manifest"), e.getMessage()));
            return "pg_verifybackup FAILED for " + backup.id();
        } finally {
            BaseBackups.deleteTree(work);
        }
    }

    private static Map<String, String> problem(String file, String problem) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("file", file);
        p.put("problem", problem);
        return p;
    }
}
