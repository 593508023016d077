package com.dhakacart.dr.drill;

import com.dhakacart.dr.settings.Postgres;
import com.dhakacart.dr.vault.Vault;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Rehearses the runbook's disaster scenarios on scratch instances, never on the live one, and writes the
 * report ({@code last-drill.json} and {@code last-drill.md} in the state directory, plus a dated copy under
 * {@code drills/}). A scenario plugs in by name here.
 */
public final class RestoreDrill {

    /** Every scenario {@code dr drill --scenario} knows, in the order {@code all} runs them. */
    public static final List<String> SCENARIOS = List.of(DatabaseLoss.NAME, NewHost.NAME, UndeleteRehearsal.NAME);
    /** What the agent rehearses on its schedule: the scenarios that exist as commands. */
    public static final List<String> SCHEDULED = List.of(DatabaseLoss.NAME);

    private final Map<String, Scenario> scenarios = new LinkedHashMap<>();
    private final Postgres live;

    public RestoreDrill(Postgres live, Vault vault) {
        this(live, vault, System.getenv());
    }

    /** {@code env}: where the new-host rehearsal reads S3 credentials, as {@code dr restore} on a new machine would. */
    public RestoreDrill(Postgres live, Vault vault, Map<String, String> env) {
        this.live = live;
        scenarios.put(DatabaseLoss.NAME, new DatabaseLoss(live, vault));
        scenarios.put(NewHost.NAME, new NewHost(live, env));
        scenarios.put(UndeleteRehearsal.NAME, new UndeleteRehearsal(live, vault));
    }

    /** The scenarios the agent schedules. */
    public DrillResult run(Consumer<String> progress) throws IOException {
        return run(SCHEDULED, progress);
    }

    /** {@code names}: scenario names, or "all". Unknown names are refused before anything runs. */
    public DrillResult run(List<String> names, Consumer<String> progress) throws IOException {
        List<String> chosen = names.contains("all") ? SCENARIOS : names;
        for (String name : chosen) {
            if (!scenarios.containsKey(name)) {
                throw new IllegalArgumentException("unknown scenario '" + name + "' (known: "
                        + String.join(", ", SCENARIOS) + ", all)");
            }
        }
        Instant at = Instant.now();
        List<ScenarioResult> results = new ArrayList<>();
        for (String name : chosen) {
            progress.accept("drill: rehearsing scenario " + name + " on a scratch instance");
            ScenarioResult result = scenarios.get(name).rehearse(progress);
            progress.accept("drill: " + name + (result.passed() ? " passed" : " FAILED")
                    + (result.rtoSeconds() == null ? "" : ", RTO " + result.rtoSeconds() + " s"));
            results.add(result);
        }
        DrillResult drill = DrillResult.of(at, results);
        drill.save(live.settings().stateDir());
        progress.accept(drill.success() ? "drill passed" : "drill FAILED: " + drill.problem());
        return drill;
    }
}
