package com.dhakacart.dr.agent;

/**
 * What the supervisor last saw: is PostgreSQL reachable, is our receiver streaming, are commits waiting
 * for it (synchronous), and how far behind it is.
 */
public record ReplicationState(boolean reachable, boolean streaming, boolean synchronous, boolean standbyNamesSet,
                               long lagBytes, double lagSeconds) {

    public static final ReplicationState UNKNOWN = new ReplicationState(false, false, false, false, -1, 0);
}
