package com.dhakacart.storefront.browser;

import java.util.Arrays;

/** Wall-clock timings of a repeated call, for the page-speed check. */
final class Timings {

    /** One call that may throw, like an HTTP request. */
    interface Call {
        void run() throws Exception;
    }

    /** The sorted durations of every run. */
    record Result(long[] nanos) {

        double medianMillis() {
            return nanos[nanos.length / 2] / 1e6;
        }

        double p90Millis() {
            return nanos[(int) (nanos.length * 0.9)] / 1e6;
        }
    }

    private Timings() {
    }

    static Result measure(int runs, Call call) throws Exception {
        long[] nanos = new long[runs];
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            call.run();
            nanos[i] = System.nanoTime() - start;
        }
        Arrays.sort(nanos);
        return new Result(nanos);
    }
}
