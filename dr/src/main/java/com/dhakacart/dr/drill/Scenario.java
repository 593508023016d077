package com.dhakacart.dr.drill;

import java.util.function.Consumer;

/**
 * A disaster rehearsed on scratch instances, never on the live one. {@link #rehearse} does not throw: what
 * went wrong is a failed {@link Check} in the result, so one broken scenario never hides the others.
 */
interface Scenario {

    String name();

    ScenarioResult rehearse(Consumer<String> progress);
}
