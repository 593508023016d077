package com.dhakacart.dr.cli;

import com.dhakacart.dr.undelete.UndeleteReport;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** What an operator reads after an undelete: per table, what came back (ids) and what differs live. */
class UndeleteCommandTest {

    private static String printed(UndeleteReport report) {
        StringWriter text = new StringWriter();
        UndeleteCommand.print(report, new PrintWriter(text, true));
        return text.toString();
    }

    @Test
    void aDryRunSaysNothingChangedAndListsTheIdsPerTable() {
        List<String> items = IntStream.rangeClosed(1, 25).mapToObj(i -> "seed-" + i + ",7").toList();
        String text = printed(new UndeleteReport("dhakacart_db", "orders", "id LIKE 'seed-%'", "2026-11-27T10:00:00Z",
                "20261127T090000Z", true, false, List.of(
                        new UndeleteReport.TableResult("orders", 2, List.of("seed-1", "seed-2"), 0, List.of(), false),
                        new UndeleteReport.TableResult("products", 0, List.of(), 1, List.of("7"), false),
                        new UndeleteReport.TableResult("order_items", 25, items, 0, List.of(), false))));

        assertThat(text).startsWith("dry run, nothing changed: would bring back 27 rows of dhakacart_db.orders"
                + " where id LIKE 'seed-%' as at 2026-11-27T10:00:00Z (backup 20261127T090000Z)");
        assertThat(text).contains("orders                        2 missing: seed-1 seed-2")
                .contains("products                      1 differ live (left as they are; --overwrite-changed puts them back): 7")
                .contains("seed-20,7 ... (5 more; --json lists all)");
    }

    @Test
    void nothingMissingIsSaidPlainly() {
        String text = printed(new UndeleteReport("dhakacart_db", "orders", null, "LSN 0/5000028", "b1", false, true, List.of()));
        assertThat(text).startsWith("brought back 0 rows of dhakacart_db.orders as at LSN 0/5000028 (backup b1)")
                .contains("nothing is missing: every row there is live");
    }
}
