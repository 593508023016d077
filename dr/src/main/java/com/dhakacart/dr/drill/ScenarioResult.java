package com.dhakacart.dr.drill;

import java.util.List;

/**
 * How one rehearsed scenario went: its recovery time ({@code rtoSeconds}, null when nothing was restored),
 * the acknowledged orders the recovered copy lacks or holds with another total ({@code rpoOrders}, -1 when
 * they could not be compared), the size of what was restored, and every check. It passed only if it ran
 * at least one check and every check passed.
 */
public record ScenarioResult(String scenario, boolean passed, Double rtoSeconds, long rpoOrders, String backupId,
                             Long databaseBytes, List<Check> checks) {

    static ScenarioResult of(String scenario, Double rtoSeconds, long rpoOrders, String backupId, Long databaseBytes,
                             List<Check> checks) {
        boolean passed = !checks.isEmpty() && checks.stream().allMatch(Check::passed);
        return new ScenarioResult(scenario, passed, rtoSeconds, rpoOrders, backupId, databaseBytes, List.copyOf(checks));
    }
}
