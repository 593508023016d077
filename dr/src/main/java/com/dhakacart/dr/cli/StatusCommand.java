package com.dhakacart.dr.cli;

import com.dhakacart.dr.agent.ReplicationState;
import com.dhakacart.dr.catalogue.BaseBackup;
import com.dhakacart.dr.catalogue.Catalogue;
import com.dhakacart.dr.drill.DrillResult;
import com.dhakacart.dr.settings.DrSettings;
import com.dhakacart.dr.settings.Postgres;
import com.dhakacart.dr.vault.Repositories;
import com.dhakacart.dr.vault.Vault;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code status}: is the shop protected right now. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Last backup age, WAL lag in bytes and seconds, synchronous or not, repository health."
                + " Exits 8 when not protected (no backup, repository unreachable or WAL not streaming).")
final class StatusCommand implements Callable<Integer> {

    @ParentCommand
    DrMain main;

    @Mixin
    SharedOptions options;

    @Override
    public Integer call() throws Exception {
        DrSettings settings = main.settings();
        Map<String, Object> status = new LinkedHashMap<>();
        Optional<BaseBackup> latest = Optional.empty();
        Optional<Instant> recoverableTo = Optional.empty();
        Map<String, Object> repository = new LinkedHashMap<>();
        try (Vault vault = Repositories.open(settings, main.env, false, main.progress())) {
            repository.put("location", vault.describe());
            try {
                Catalogue catalogue = Catalogue.read(vault, settings.workDir());
                latest = catalogue.latest();
                recoverableTo = catalogue.recoverableTo();
                repository.put("healthy", true);
                repository.put("backups", catalogue.backups().size());
                repository.put("storedBytes", catalogue.storedBytes());
            } catch (java.io.IOException e) {
                repository.put("healthy", false);
                repository.put("error", DrMain.oneLine(e));
            }
        }
        Map<String, Object> backup = new LinkedHashMap<>();
        backup.put("id", latest.map(BaseBackup::id).orElse(null));
        backup.put("finishedAt", latest.map(BaseBackup::finishedAt).orElse(null));
        backup.put("ageSeconds", latest.map(b -> Duration.between(b.finishedAt(), Instant.now()).toSeconds()).orElse(null));
        backup.put("recoverableTo", recoverableTo.orElse(null));
        status.put("lastBackup", backup);
        status.put("repository", repository);
        ReplicationState wal = replication(settings);
        Map<String, Object> walJson = new LinkedHashMap<>();
        walJson.put("postgresReachable", wal.reachable());
        walJson.put("streaming", wal.streaming());
        walJson.put("synchronous", wal.synchronous());
        walJson.put("lagBytes", wal.lagBytes());
        walJson.put("lagSeconds", wal.lagSeconds());
        status.put("wal", walJson);
        status.put("lastDrill", DrillResult.last(settings.stateDir()).orElse(null));
        boolean protectedNow = latest.isPresent() && Boolean.TRUE.equals(repository.get("healthy")) && wal.streaming();
        status.put("protected", protectedNow);
        if (options.json) {
            main.out.println(Catalogue.JSON.writeValueAsString(status));
        } else {
            main.out.println("repository: " + repository.get("location") + (Boolean.TRUE.equals(repository.get("healthy"))
                    ? " (reachable)" : " UNREACHABLE: " + repository.get("error")));
            main.out.println("last backup: " + latest.map(b -> b.id() + ", " + backup.get("ageSeconds") + " s ago")
                    .orElse("none"));
            main.out.println("WAL: " + (!wal.reachable() ? "PostgreSQL unreachable"
                    : (wal.streaming() ? "streaming" : "NOT streaming") + ", " + (wal.synchronous()
                    ? "synchronous (zero data loss)" : "asynchronous") + ", lag " + wal.lagBytes() + " bytes / "
                    + String.format("%.1f", wal.lagSeconds()) + " s"));
            main.out.println(protectedNow ? "protected" : "NOT PROTECTED");
        }
        return protectedNow ? ExitCodes.OK : ExitCodes.UNHEALTHY;
    }

    private static ReplicationState replication(DrSettings settings) {
        Postgres postgres = new Postgres(settings);
        try (Connection c = postgres.connect("postgres"); PreparedStatement s = c.prepareStatement("""
                SELECT r.state = 'streaming', r.sync_state = 'sync',
                       coalesce(pg_wal_lsn_diff(pg_current_wal_lsn(), r.flush_lsn),
                                pg_wal_lsn_diff(pg_current_wal_lsn(), sl.restart_lsn), -1)::bigint,
                       coalesce(extract(epoch FROM r.flush_lag), 0)::float8,
                       current_setting('synchronous_standby_names') <> ''
                FROM (SELECT 1) one
                LEFT JOIN pg_stat_replication r ON r.application_name = ?
                LEFT JOIN pg_replication_slots sl ON sl.slot_name = ?""")) {
            s.setString(1, settings.applicationName());
            s.setString(2, settings.slot());
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return new ReplicationState(true, rs.getBoolean(1), rs.getBoolean(2), rs.getBoolean(5),
                        rs.getLong(3), rs.getDouble(4));
            }
        } catch (SQLException e) {
            return ReplicationState.UNKNOWN;
        }
    }
}
