package com.dhakacart.api.catalog;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Brings stock changes (orders, in this instance or any other) into the rendered catalog four times a
 * second: one indexed query for the stock of the products the cache shows, then eviction of exactly the
 * entries that show other stock. However many orders a second a product takes, its pages are
 * re-rendered at most four times a second, and nothing else is thrown away. A shopper may see stock a
 * quarter of a second old; checkout, which locks the row, is what guards against selling what is gone.
 */
@Component
class StockWatch {

    private static final Logger log = LoggerFactory.getLogger(StockWatch.class);

    private final JdbcClient jdbc;
    private final CatalogCache cache;

    StockWatch(JdbcClient jdbc, CatalogCache cache) {
        this.jdbc = jdbc;
        this.cache = cache;
    }

    @Scheduled(fixedDelay = 250, initialDelay = 250)
    void refresh() {
        Set<Long> shown = cache.productsShown();
        if (shown.isEmpty()) {
            return;
        }
        Map<Long, Integer> current = new HashMap<>();
        try {
            jdbc.sql("SELECT id, stock FROM products WHERE id = ANY(:ids)")
                    .param("ids", shown.toArray(Long[]::new))
                    .query(rs -> {
                        current.put(rs.getLong(1), rs.getInt(2));
                    });
        } catch (RuntimeException e) {
            // Cannot see stock: rather render from the database than show stock that may be long gone.
            log.debug("stock watch could not read stock ({}); clearing the catalog cache", e.getMessage());
            cache.invalidateAll();
            return;
        }
        cache.evictStale(current);
    }
}
