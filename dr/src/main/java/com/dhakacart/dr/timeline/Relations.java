package com.dhakacart.dr.timeline;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Names for what the WAL only knows by number: relfilenodes ("database oid / file number") and, in
 * commit records' invalidation messages, relation oids. Read from a running server's {@code pg_class}
 * (the live one, or a restored side instance); a relation dropped or rewritten since (TRUNCATE, VACUUM
 * FULL) has a new file number there, so its old one stays unnamed and is shown by number.
 */
public final class Relations {

    /** What a relation is, as far as the timeline cares. */
    enum Kind { TABLE, TOAST, CATALOG, UNKNOWN }

    /** A named relation; {@code database} is the database's name. */
    record Name(String database, String table, Kind kind) {
    }

    private final Map<String, Name> byFile = new HashMap<>();
    private final Map<String, Name> byOid = new HashMap<>();
    private final Map<String, String> databases = new HashMap<>();
    private final String source;

    private Relations(String source) {
        this.source = source;
    }

    /** No names at all (no server reachable): everything is shown by number. */
    public static Relations none(String why) {
        return new Relations("none (" + why + ")");
    }

    /**
     * Reads every database's pg_class through {@code connect} (database name -> connection). Databases
     * the role may not connect to are skipped; their relations stay unnamed.
     */
    public static Relations read(String source, Function<String, Connection> connect) throws SQLException {
        Relations relations = new Relations(source);
        try (Connection c = connect.apply("postgres"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT oid, datname FROM pg_database WHERE datallowconn")) {
            while (rs.next()) {
                relations.databases.put(rs.getString(1), rs.getString(2));
            }
        }
        for (Map.Entry<String, String> db : relations.databases.entrySet()) {
            try (Connection c = connect.apply(db.getValue()); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("""
                         SELECT pg_relation_filenode(c.oid), c.oid, n.nspname, c.relname, c.relkind
                         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                         WHERE c.relkind IN ('r', 'p', 't', 'm')""")) {
                while (rs.next()) {
                    String schema = rs.getString(3);
                    Kind kind = switch (schema) {
                        case "pg_catalog", "information_schema" -> Kind.CATALOG;
                        case "pg_toast" -> Kind.TOAST;
                        default -> Kind.TABLE;
                    };
                    String table = "public".equals(schema) ? rs.getString(4) : schema + "." + rs.getString(4);
                    Name name = new Name(db.getValue(), table, kind);
                    if (rs.getString(1) != null) {
                        relations.byFile.put(db.getKey() + "/" + rs.getString(1), name);
                    }
                    relations.byOid.put(db.getKey() + "/" + rs.getString(2), name);
                }
            } catch (RuntimeException | SQLException notAllowed) {
                // a database this role may not read: its relations are shown by number
            }
        }
        return relations;
    }

    /** Registers a name directly (for tests, and for names learnt from the WAL itself). */
    void put(String databaseOidSlashFile, Name name) {
        byFile.put(databaseOidSlashFile, name);
    }

    void putOid(String databaseOidSlashOid, Name name) {
        byOid.put(databaseOidSlashOid, name);
    }

    void putDatabase(String oid, String name) {
        databases.put(oid, name);
    }

    /** The relation stored in file {@code "dboid/filenode"}; unnamed ones are described by number. */
    Name file(String dbSlashFile) {
        Name known = byFile.get(dbSlashFile);
        if (known != null) {
            return known;
        }
        int slash = dbSlashFile.indexOf('/');
        String db = databases.getOrDefault(dbSlashFile.substring(0, slash), "db " + dbSlashFile.substring(0, slash));
        long file = Long.parseLong(dbSlashFile.substring(slash + 1));
        // Below FirstNormalObjectId everything is a system catalogue (initdb creates them with oid = file number).
        return new Name(db, "relfilenode " + file, file < 16384 ? Kind.CATALOG : Kind.UNKNOWN);
    }

    /** The relation with oid {@code "dboid/oid"}, or null when no relation by that oid exists any more. */
    Name oid(String dbSlashOid) {
        return byOid.get(dbSlashOid);
    }

    String source() {
        return source;
    }
}
