package com.dhakacart.dr.cli;

import com.dhakacart.dr.catalogue.Catalogue;
import com.dhakacart.dr.catalogue.KeyUsage;
import com.dhakacart.dr.crypto.KeyFiles;
import com.dhakacart.dr.crypto.Keyring;
import com.dhakacart.dr.settings.DrSettings;
import com.dhakacart.dr.vault.Repositories;
import com.dhakacart.dr.vault.Vault;
import com.dhakacart.dr.vault.WrongKey;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code key rotate | list}: start a new current backup key, and see which backups need which key. */
@Command(name = "key", mixinStandardHelpOptions = true,
        description = "Backup keys: rotate to a new current key (older keys stay for reading), list which backups need which key.",
        subcommands = {KeyCommand.Rotate.class, KeyCommand.ListKeys.class})
final class KeyCommand implements Runnable {

    @ParentCommand
    DrMain main;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "choose `key rotate` or `key list`");
    }

    @Command(name = "rotate", mixinStandardHelpOptions = true,
            description = {"Put a new random key at the top of the key file (DR_KEY_FILE): new files are sealed with it;"
                    + " the older keys stay in the file for opening older backups.",
                    "A running agent keeps sealing with the key it started with until it is restarted."})
    static final class Rotate implements Callable<Integer> {
        @ParentCommand
        KeyCommand key;

        @Mixin
        SharedOptions options;

        @Override
        public Integer call() throws Exception {
            DrMain main = key.main;
            DrSettings settings = main.settings();
            if (settings.key() != null) {
                throw new IllegalArgumentException("DR_KEY is set, and a key from the environment is always current;"
                        + " rotate by putting the new key in DR_KEY and the old one in the key file " + settings.keyFile());
            }
            if (!Files.isRegularFile(settings.keyFile())) {
                throw new WrongKey("no key file at " + settings.keyFile() + " to rotate; the first `dhakacart dr backup`"
                        + " (or the agent) creates one");
            }
            Keyring before = Keyring.fromFile(settings.keyFile());
            Keyring after = KeyFiles.rotate(settings.keyFile());
            if (options.json) {
                Map<String, Object> json = new LinkedHashMap<>();
                json.put("keyFile", settings.keyFile());
                json.put("current", after.current().id());
                json.put("keptForReading", before.ids());
                main.out.println(Catalogue.JSON.writeValueAsString(json));
            } else {
                main.out.println("new current key " + after.current().id() + " in " + settings.keyFile()
                        + "; kept for reading older backups: " + String.join(", ", before.ids()));
                main.out.println("Copy the key file somewhere safe now (not into the backup repository), and restart"
                        + " the agent (./dhakacart stop, then up) so that new files use the new key.");
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "Every key that sealed a file in the repository or is held, and which base backups cannot be"
                    + " restored without it. Exit 4 when a backup needs a key that is not held.")
    static final class ListKeys implements Callable<Integer> {
        @ParentCommand
        KeyCommand key;

        @Mixin
        SharedOptions options;

        @Override
        public Integer call() throws Exception {
            DrMain main = key.main;
            DrSettings settings = main.settings();
            Keyring keyring = Repositories.keyring(settings, false, main.progress());
            List<KeyUsage.Need> needs;
            try (Vault vault = Repositories.open(settings, main.env, false, main.progress())) {
                needs = KeyUsage.of(vault, keyring, settings.workDir());
            }
            if (options.json) {
                main.out.println(Catalogue.JSON.writeValueAsString(needs));
            } else {
                main.out.printf("%-24s %-7s %-5s %6s  %s%n", "KEY", "CURRENT", "HELD", "FILES", "NEEDED TO RESTORE BACKUPS");
                for (KeyUsage.Need need : needs) {
                    main.out.printf("%-24s %-7s %-5s %6d  %s%n", need.keyId(), need.current() ? "yes" : "no",
                            need.held() ? "yes" : "NO", need.files(),
                            need.backups().isEmpty() ? "-" : String.join(", ", need.backups()));
                }
            }
            List<String> missing = needs.stream().filter(n -> !n.held() && n.files() > 0).map(KeyUsage.Need::keyId).toList();
            if (!missing.isEmpty()) {
                throw new WrongKey("the repository holds files sealed with key(s) " + String.join(", ", missing)
                        + " that are not held; add them to " + settings.keyFile() + " or those backups cannot be restored");
            }
            return ExitCodes.OK;
        }
    }
}
