package com.dhakacart.api.staff;

/** A staff request the shop refuses, with why; nothing was changed. */
public class StaffRejected extends RuntimeException {

    /** Why; each maps to one HTTP status at the edge. */
    public enum Reason { WRONG_CREDENTIALS, INVALID, UNKNOWN_STAFF, EMAIL_TAKEN, LAST_OWNER, BUSY }

    private final Reason reason;
    private final String field;

    public StaffRejected(Reason reason, String message) {
        this(reason, null, message);
    }

    public StaffRejected(Reason reason, String field, String message) {
        super(message, null, false, false);
        this.reason = reason;
        this.field = field;
    }

    public Reason reason() {
        return reason;
    }

    /** The request field at fault, for INVALID. */
    public String field() {
        return field;
    }
}
