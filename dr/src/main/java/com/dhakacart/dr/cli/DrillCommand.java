package com.dhakacart.dr.cli;

import com.dhakacart.dr.catalogue.Catalogue;
import com.dhakacart.dr.drill.DrillResult;
import com.dhakacart.dr.drill.RestoreDrill;
import com.dhakacart.dr.settings.DrSettings;
import com.dhakacart.dr.settings.Postgres;
import com.dhakacart.dr.vault.Repositories;
import com.dhakacart.dr.vault.Vault;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.util.List;
import java.util.concurrent.Callable;

/** {@code drill}: rehearses disaster scenarios on scratch instances and reports RTO, RPO and every check. */
@Command(name = "drill", mixinStandardHelpOptions = true,
        description = "Rehearse disaster scenarios on scratch instances (never the live one): restore, measure the"
                + " recovery time (RTO) and the acknowledged orders lost (RPO, compared by order id and total),"
                + " check every table and index. Writes $DHAKACART_HOME/dr/last-drill.json and last-drill.md."
                + " Fails (exit 9) when any check fails or cannot run.")
final class DrillCommand implements Callable<Integer> {

    @ParentCommand
    DrMain main;

    @Mixin
    SharedOptions options;

    @Option(names = "--scenario", paramLabel = "NAME", defaultValue = "db-loss",
            description = "db-loss (default), new-host, undelete, or all.")
    String scenario;

    @Override
    public Integer call() throws Exception {
        if (!scenario.equals("all") && !RestoreDrill.SCENARIOS.contains(scenario)) {
            throw new IllegalArgumentException("unknown scenario '" + scenario + "'; choose one of "
                    + String.join(", ", RestoreDrill.SCENARIOS) + ", all");
        }
        DrSettings settings = main.settings();
        DrillResult drill;
        try (Vault vault = Repositories.open(settings, main.env, false, main.progress())) {
            drill = new RestoreDrill(new Postgres(settings), vault, main.env).run(List.of(scenario), main.progress());
        }
        if (options.json) {
            main.out.println(Catalogue.JSON.writeValueAsString(drill));
        } else {
            main.out.print(drill.markdown());
            main.out.println();
            main.out.println("report: " + settings.stateDir().resolve("last-drill.md"));
        }
        if (!drill.success()) {
            main.err.println("dhakacart dr drill: FAILED: " + drill.problem());
            return ExitCodes.DRILL_FAILED;
        }
        return ExitCodes.OK;
    }
}
