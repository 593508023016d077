package com.dhakacart.dr.vault;

import com.dhakacart.dr.crypto.KeyFiles;
import com.dhakacart.dr.crypto.Keyring;
import com.dhakacart.dr.settings.DrSettings;

import java.io.IOException;
import java.nio.file.Files;
import java.util.function.Consumer;

/** Opens the configured backup repositories with the configured key, creating the key on a writer's first start. */
public final class Repositories {

    private Repositories() {
    }

    /**
     * The vault over {@code DR_REPOSITORIES}. Readers ({@code generateKey} false) need an existing key;
     * writers (backup, agent) generate one on first use and say once, plainly, where it is.
     */
    public static Vault open(DrSettings settings, boolean generateKey, Consumer<String> notice) throws IOException {
        return open(settings, System.getenv(), generateKey, notice);
    }

    /** As above, with S3 credentials (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY) read from {@code env}. */
    public static Vault open(DrSettings settings, java.util.Map<String, String> env, boolean generateKey,
                             Consumer<String> notice) throws IOException {
        return Vaults.open(settings.repositories(), keyring(settings, generateKey, notice), env,
                java.util.Optional.of(settings.stateDir()));
    }

    public static Keyring keyring(DrSettings settings, boolean generateKey, Consumer<String> notice) throws IOException {
        boolean fileExists = Files.isRegularFile(settings.keyFile());
        if (settings.key() != null) {
            Keyring fromEnv = Keyring.fromBase64(settings.key());
            return fileExists ? fromEnv.withOlder(Keyring.fromFile(settings.keyFile())) : fromEnv;
        }
        if (fileExists) {
            return Keyring.fromFile(settings.keyFile());
        }
        if (!generateKey) {
            throw new WrongKey("no backup key: " + settings.keyFile() + " does not exist and DR_KEY is not set;"
                    + " restore the key file you saved when backups were first taken");
        }
        Files.createDirectories(settings.keyFile().getParent());
        Keyring generated = KeyFiles.generate(settings.keyFile());
        notice.accept("NOTICE generated a new backup encryption key at " + settings.keyFile()
                + ". Copy it somewhere safe NOW (not into the backup repository): without it no backup can be restored.");
        return generated;
    }
}
