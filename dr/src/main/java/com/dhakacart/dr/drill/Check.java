package com.dhakacart.dr.drill;

/**
 * One thing a drill verified. A check that could not run is a failed check with the reason in
 * {@code detail}, never a pass: a drill that cannot tell is a drill that failed.
 */
public record Check(String name, boolean passed, String detail) {

    static Check passed(String name, String detail) {
        return new Check(name, true, detail);
    }

    static Check failed(String name, String detail) {
        return new Check(name, false, detail);
    }
}
