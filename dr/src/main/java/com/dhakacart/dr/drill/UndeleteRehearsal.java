package com.dhakacart.dr.drill;

import com.dhakacart.dr.catalogue.Lsn;
import com.dhakacart.dr.settings.Postgres;
import com.dhakacart.dr.undelete.UndeleteReport;
import com.dhakacart.dr.undelete.UndeleteRequest;
import com.dhakacart.dr.undelete.Undeleter;
import com.dhakacart.dr.vault.Vault;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Runbook scenario 4, rows deleted by mistake, rehearsed without deleting anything: {@code dr undelete
 * --table orders --dry-run} to a WAL position marked just now. That runs the whole recovery path (a side
 * instance restored to the mark, every order compared with the live database by primary key) and changes
 * nothing live. The mark is a logical-decoding message in its own transaction: it changes no table, and
 * its commit waits for the synchronous WAL receiver, so the position is in the spool when the restore
 * looks for it (a target time could lie after the last commit of an idle shop, which recovery never reaches).
 */
final class UndeleteRehearsal implements Scenario {

    static final String NAME = "undelete";

    private final Postgres live;
    private final Vault vault;

    UndeleteRehearsal(Postgres live, Vault vault) {
        this.live = live;
        this.vault = vault;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ScenarioResult rehearse(Consumer<String> progress) {
        List<Check> checks = new ArrayList<>();
        Lsn mark;
        try {
            mark = mark();
        } catch (SQLException e) {
            checks.add(Check.failed("mark", "could not write the drill's WAL mark as " + live.settings().pgUser()
                    + " (pg_logical_emit_message): " + DatabaseLoss.oneLine(e)));
            return ScenarioResult.of(NAME, null, -1, null, null, checks);
        }
        Double rto = null;
        String backupId = null;
        try {
            long started = System.nanoTime();
            UndeleteReport report = new Undeleter(live, vault).undelete(new UndeleteRequest(OrderBook.DATABASE, "orders",
                    null, null, mark, true, false, true, 0), progress);
            rto = Math.round((System.nanoTime() - started) / 1e6) / 1000.0;
            backupId = report.backupId();
            checks.add(report.applied()
                    ? Check.failed("dry run", "the rehearsal changed the live database (it must only compare)")
                    : Check.passed("dry run", "side instance at LSN " + mark + " from base backup " + report.backupId()
                    + " compared with the live orders in " + rto + " s, nothing changed: " + report.restoredRows()
                    + " row(s) deleted since the mark would come back"));
        } catch (Exception e) {
            checks.add(Check.failed("undelete", DatabaseLoss.oneLine(e)));
        }
        return ScenarioResult.of(NAME, rto, -1, backupId, null, checks);
    }

    private Lsn mark() throws SQLException {
        try (Connection c = live.connect(OrderBook.DATABASE, Duration.ofMinutes(1)); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            String lsn;
            try (ResultSet rs = s.executeQuery("SELECT pg_logical_emit_message(true, 'dhakacart-drill', 'undelete rehearsal')")) {
                rs.next();
                lsn = rs.getString(1);
            }
            c.commit();
            return Lsn.parse(lsn);
        }
    }
}
