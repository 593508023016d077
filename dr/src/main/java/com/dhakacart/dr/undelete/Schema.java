package com.dhakacart.dr.undelete;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The tables of one database as undelete needs them: columns (with their types, to cast text back),
 * primary keys (a row's identity on both sides) and foreign keys (what comes back with a row).
 */
record Schema(Map<String, Table> tables, List<ForeignKey> foreignKeys) {

    /** A table by its qualified name ({@code "public"."orders"} is {@code orders}). */
    record Table(String name, String quoted, List<String> columns, List<String> types, List<String> key,
                 boolean identityAlways) {

        int column(String name) {
            return columns.indexOf(name);
        }
    }

    /** {@code child(childColumns)} references {@code parent(parentColumns)}. */
    record ForeignKey(String child, List<String> childColumns, String parent, List<String> parentColumns) {
    }

    static Schema read(Connection c) throws SQLException {
        Map<String, Table> tables = new LinkedHashMap<>();
        Map<Long, String> names = new HashMap<>();
        try (PreparedStatement s = c.prepareStatement("""
                SELECT c.oid, CASE WHEN n.nspname = 'public' THEN c.relname ELSE n.nspname || '.' || c.relname END,
                       format('%I.%I', n.nspname, c.relname)
                FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema')
                  AND n.nspname NOT LIKE 'pg_toast%' AND n.nspname NOT LIKE 'pg_temp%'
                ORDER BY 2""");
             ResultSet rs = s.executeQuery()) {
            Map<Long, String[]> found = new LinkedHashMap<>();
            while (rs.next()) {
                found.put(rs.getLong(1), new String[] {rs.getString(2), rs.getString(3)});
            }
            for (Map.Entry<Long, String[]> e : found.entrySet()) {
                tables.put(e.getValue()[0], table(c, e.getKey(), e.getValue()[0], e.getValue()[1]));
                names.put(e.getKey(), e.getValue()[0]);
            }
        }
        List<ForeignKey> fks = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("""
                SELECT conrelid, confrelid,
                       (SELECT array_agg(a.attname ORDER BY k.i) FROM unnest(conkey) WITH ORDINALITY k(n, i)
                        JOIN pg_attribute a ON a.attrelid = conrelid AND a.attnum = k.n),
                       (SELECT array_agg(a.attname ORDER BY k.i) FROM unnest(confkey) WITH ORDINALITY k(n, i)
                        JOIN pg_attribute a ON a.attrelid = confrelid AND a.attnum = k.n)
                FROM pg_constraint WHERE contype = 'f'""");
             ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                String child = names.get(rs.getLong(1));
                String parent = names.get(rs.getLong(2));
                if (child != null && parent != null) {
                    fks.add(new ForeignKey(child, List.of((String[]) rs.getArray(3).getArray()), parent,
                            List.of((String[]) rs.getArray(4).getArray())));
                }
            }
        }
        return new Schema(tables, fks);
    }

    private static Table table(Connection c, long oid, String name, String quoted) throws SQLException {
        List<String> columns = new ArrayList<>();
        List<String> types = new ArrayList<>();
        boolean identityAlways = false;
        // Generated columns are computed again on insert; writing them is an error.
        try (PreparedStatement s = c.prepareStatement("""
                SELECT attname, format_type(atttypid, atttypmod), attidentity FROM pg_attribute
                WHERE attrelid = ? AND attnum > 0 AND NOT attisdropped AND attgenerated = '' ORDER BY attnum""")) {
            s.setLong(1, oid);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    columns.add(rs.getString(1));
                    types.add(rs.getString(2));
                    identityAlways |= "a".equals(rs.getString(3));
                }
            }
        }
        List<String> key = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("""
                SELECT a.attname FROM pg_index i, unnest(i.indkey) WITH ORDINALITY k(n, ord)
                JOIN pg_attribute a ON a.attnum = k.n
                WHERE i.indrelid = ? AND i.indisprimary AND a.attrelid = i.indrelid ORDER BY k.ord""")) {
            s.setLong(1, oid);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    key.add(rs.getString(1));
                }
            }
        }
        return new Table(name, quoted, List.copyOf(columns), List.copyOf(types), List.copyOf(key), identityAlways);
    }

    Table table(String name) {
        Table t = tables.get(name);
        if (t == null) {
            t = tables.get(name.startsWith("public.") ? name.substring(7) : name);
        }
        return t;
    }

    List<ForeignKey> referencing(String parent) {
        return foreignKeys.stream().filter(f -> f.parent().equals(parent)).toList();
    }

    List<ForeignKey> referencedBy(String child) {
        return foreignKeys.stream().filter(f -> f.child().equals(child)).toList();
    }

    /** Tables with parents first, so inserts never wait for a row they reference (self-references aside). */
    List<String> parentsFirst() {
        List<String> order = new ArrayList<>();
        java.util.Set<String> visiting = new java.util.HashSet<>();
        for (String t : tables.keySet()) {
            visit(t, order, visiting);
        }
        return order;
    }

    private void visit(String table, List<String> order, java.util.Set<String> visiting) {
        if (order.contains(table) || !visiting.add(table)) {
            return;
        }
        for (ForeignKey fk : referencedBy(table)) {
            if (!fk.parent().equals(table)) {
                visit(fk.parent(), order, visiting);
            }
        }
        order.add(table);
    }

    static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}
