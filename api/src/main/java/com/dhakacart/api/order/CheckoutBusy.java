package com.dhakacart.api.order;

/** More orders are waiting than checkout will queue; nothing was written and the shopper may retry. */
public class CheckoutBusy extends RuntimeException {

    private final int retryAfterSeconds;

    CheckoutBusy(int retryAfterSeconds) {
        super("So many shoppers are checking out right now that we cannot take your order this second; "
                + "nothing was charged. Please try again in " + retryAfterSeconds + " seconds.", null, false, false);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
