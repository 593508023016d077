package com.dhakacart.dr.undelete;

import java.util.List;

/**
 * What an undelete found and did, per table: rows brought back (missing live, present at the
 * target), rows present on both sides but different (reported, and put back only when asked), with
 * their primary keys ("a,b" for a composite key).
 */
public record UndeleteReport(String database, String table, String where, String target, String backupId,
                             boolean dryRun, boolean applied, List<TableResult> tables) {

    /** One table's outcome. {@code overwritten}: whether the changed rows were put back to their old values. */
    public record TableResult(String table, int restored, List<String> restoredKeys, int changed,
                              List<String> changedKeys, boolean overwritten) {
    }

    public int restoredRows() {
        return tables.stream().mapToInt(TableResult::restored).sum();
    }
}
