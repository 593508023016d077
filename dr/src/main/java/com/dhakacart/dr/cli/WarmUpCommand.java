package com.dhakacart.dr.cli;

import com.dhakacart.dr.backup.BaseBackups;
import com.dhakacart.dr.catalogue.Catalogue;
import com.dhakacart.dr.settings.DrSettings;
import com.dhakacart.dr.vault.Repositories;
import com.dhakacart.dr.vault.Vault;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code warm-up} (hidden): the training run for the JDK's class cache that {@code ./dhakacart build} makes for
 * this tool. It walks the code a restore runs before PostgreSQL starts (the command line, a key, sealing and
 * opening a file in a scratch repository, the repository index and its audit, the catalogue, the JDBC driver)
 * with nothing outside a temp directory, so the cache can be made on any machine, a new host included. A
 * restore then spends its first second restoring, not loading and linking classes.
 */
@Command(name = "warm-up", hidden = true, description = "Training run for the start-up cache (touches nothing but a temp directory).")
final class WarmUpCommand implements Callable<Integer> {

    @ParentCommand
    DrMain main;

    @Override
    public Integer call() throws Exception {
        main.spec.commandLine().getSubcommands().values().forEach(CommandLine::getUsageMessage); // every command's options
        Path home = Files.createTempDirectory("dhakacart-dr-warm-up");
        try {
            Map<String, String> env = Map.of("DHAKACART_HOME", home.toString());
            DrSettings settings = DrSettings.fromEnvironment(env);
            byte[] sample = ("INSERT INTO orders VALUES ('DC-0001', 'Rahim Uddin', 1250.00);\n").repeat(40_000)
                    .getBytes(StandardCharsets.UTF_8);
            try (Vault vault = Repositories.open(settings, env, true, line -> { })) {
                vault.store("base/20000101T000000Z/base.tar", new ByteArrayInputStream(sample));
                vault.read("base/20000101T000000Z/base.tar", OutputStream.nullOutputStream());
                vault.audit();
                Catalogue.read(vault, settings.workDir());
            }
            Class.forName("org.postgresql.Driver");
            main.out.println("warmed up (" + sample.length / 1024 + " KiB sealed and opened)");
            return ExitCodes.OK;
        } finally {
            BaseBackups.deleteTree(home);
        }
    }
}
