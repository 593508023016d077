package com.dhakacart.dr.vault;

import java.time.Instant;

/**
 * What an integrity check of a repository found: the index it checked against ({@code indexNumber} 0
 * for an empty repository) and how many files it lists. Only a repository that passed gets one.
 */
public record RepositoryAudit(String repository, long indexNumber, Instant indexWrittenAt, int files) {
}
