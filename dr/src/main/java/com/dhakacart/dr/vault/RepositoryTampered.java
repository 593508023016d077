package com.dhakacart.dr.vault;

/**
 * The repository does not hold what its authenticated index says it holds: a file is missing, replaced
 * by another one, or the index itself was rolled back. Reported before anything is restored.
 */
public class RepositoryTampered extends BackupCorrupted {
    public RepositoryTampered(String message) {
        super(message);
    }
}
