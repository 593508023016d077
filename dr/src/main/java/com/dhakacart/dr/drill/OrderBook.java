package com.dhakacart.dr.drill;

import com.dhakacart.dr.settings.Postgres;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The shop's orders by content: order id to total. Order ids are random text, not a sequence, so a
 * restored copy is compared with what was acknowledged as a set (every id present, with the same total),
 * never through a maximum id.
 */
final class OrderBook {

    static final String DATABASE = "dhakacart_db";

    private OrderBook() {
    }

    /** Every order in the shop's database at {@code postgres}; throws when they cannot be read. */
    static Map<String, BigDecimal> read(Postgres postgres) throws SQLException {
        Map<String, BigDecimal> orders = new HashMap<>();
        try (Connection c = postgres.connect(DATABASE, Duration.ofHours(1))) {
            c.setAutoCommit(false); // a cursor, not the whole table in one response
            try (Statement s = c.createStatement()) {
                s.setFetchSize(10_000);
                try (ResultSet rs = s.executeQuery("SELECT id, total_amount FROM orders")) {
                    while (rs.next()) {
                        orders.put(rs.getString(1), rs.getBigDecimal(2));
                    }
                }
            }
            c.rollback();
        }
        return orders;
    }

    /** An order as acknowledged: its total and when it was placed (its transaction's start, by the database's clock). */
    record Placed(BigDecimal total, java.time.Instant createdAt) {
    }

    /** Every order in the shop's database at {@code postgres} with when it was placed. */
    static Map<String, Placed> readPlaced(Postgres postgres) throws SQLException {
        Map<String, Placed> orders = new HashMap<>();
        try (Connection c = postgres.connect(DATABASE, Duration.ofHours(1))) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.setFetchSize(10_000);
                try (ResultSet rs = s.executeQuery("SELECT id, total_amount, created_at FROM orders")) {
                    while (rs.next()) {
                        orders.put(rs.getString(1), new Placed(rs.getBigDecimal(2),
                                rs.getObject(3, java.time.OffsetDateTime.class).toInstant()));
                    }
                }
            }
            c.rollback();
        }
        return orders;
    }

    /** What the restored copy lacks ({@code missing}) or holds with another total ({@code changed}). */
    record Comparison(int acknowledged, List<String> missing, List<String> changed, int newer) {

        long lost() {
            return missing.size() + changed.size();
        }

        String describe() {
            if (lost() == 0) {
                return "all " + acknowledged + " acknowledged orders restored with their totals"
                        + (newer > 0 ? " (+" + newer + " placed while the drill ran)" : "");
            }
            return lost() + " of " + acknowledged + " acknowledged orders missing or changed: "
                    + missing.size() + " missing" + example(missing) + ", " + changed.size() + " with another total"
                    + example(changed);
        }

        private static String example(List<String> ids) {
            return ids.isEmpty() ? "" : " (e.g. " + String.join(", ", ids.subList(0, Math.min(3, ids.size()))) + ")";
        }
    }

    static Comparison compare(Map<String, BigDecimal> acknowledged, Map<String, BigDecimal> restored) {
        List<String> missing = new ArrayList<>();
        List<String> changed = new ArrayList<>();
        acknowledged.forEach((id, total) -> {
            BigDecimal there = restored.get(id);
            if (there == null) {
                missing.add(id);
            } else if (there.compareTo(total) != 0) {
                changed.add(id);
            }
        });
        int newer = (int) restored.keySet().stream().filter(id -> !acknowledged.containsKey(id)).count();
        return new Comparison(acknowledged.size(), missing, changed, newer);
    }
}
