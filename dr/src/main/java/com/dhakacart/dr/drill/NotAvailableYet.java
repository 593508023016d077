package com.dhakacart.dr.drill;

import java.util.List;
import java.util.function.Consumer;

/**
 * A scenario whose recovery command does not exist yet: rehearsing it fails, and says what is missing,
 * so a drill of "all" scenarios cannot pass while one of them cannot be recovered from.
 */
record NotAvailableYet(String name, String missing) implements Scenario {

    @Override
    public ScenarioResult rehearse(Consumer<String> progress) {
        progress.accept(name + ": not available yet (" + missing + ")");
        return ScenarioResult.of(name, null, -1, null, null,
                List.of(Check.failed("available", "not available yet: " + missing)));
    }
}
