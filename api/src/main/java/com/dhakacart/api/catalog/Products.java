package com.dhakacart.api.catalog;

import com.dhakacart.api.catalog.picture.PictureUrls;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The products table: the catalog's one source of truth. */
@Repository
public class Products {

    private static final String COLUMNS = "id, name, description, price, category, stock, image_url, created_at";

    private final JdbcClient jdbc;
    private final PictureUrls pictures;

    Products(JdbcClient jdbc, PictureUrls pictures) {
        this.jdbc = jdbc;
        this.pictures = pictures;
    }

    public ProductPage find(ProductQuery query) {
        // Hidden products (the back office took them off sale) are not in the public catalog.
        StringBuilder where = new StringBuilder(" WHERE NOT hidden");
        Map<String, Object> params = new HashMap<>();
        if (query.category() != null) {
            where.append(" AND lower(category) = lower(:category)");
            params.put("category", query.category());
        }
        if (query.search() != null) {
            where.append(" AND (name ILIKE :pattern OR description ILIKE :pattern)");
            params.put("pattern", "%" + escapeLike(query.search()) + "%");
        }
        params.put("limit", query.size());
        params.put("offset", (long) (query.page() - 1) * query.size());
        // count(*) OVER () gives the total with the page in one round trip.
        String sql = "SELECT " + COLUMNS + ", count(*) OVER () AS total FROM products" + where
                + " ORDER BY " + query.sort().orderBy + " LIMIT :limit OFFSET :offset";
        long[] total = {-1};
        List<Product> rows = jdbc.sql(sql).params(params).query((rs, n) -> {
            total[0] = rs.getLong("total");
            return row(rs, n);
        }).list();
        if (total[0] < 0) {
            // An empty page: the window count did not run, so count separately (still cheap and rare).
            total[0] = jdbc.sql("SELECT count(*) FROM products" + where).params(params).query(Long.class).single();
        }
        int pages = (int) ((total[0] + query.size() - 1) / query.size());
        return new ProductPage(rows, new ProductPage.PageInfo(query.page(), query.size(), total[0], pages));
    }

    public Optional<Product> byId(long id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM products WHERE id = ? AND NOT hidden").param(id).query(this::row)
                .optional();
    }

    public List<Product> byIds(Collection<Long> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("SELECT " + COLUMNS + " FROM products WHERE id = ANY(:ids)")
                .param("ids", ids.toArray(Long[]::new))
                .query(this::row).list();
    }

    /**
     * The products a checkout is about to sell, row-locked until its transaction ends. One statement
     * locks them all in id order, so two checkouts that share products queue instead of deadlocking,
     * and prices and stock read here cannot change before the stock is taken. A hidden product shows no
     * stock here, so ordering it is refused like ordering one that is sold out.
     */
    public List<Product> lockForCheckout(Collection<Long> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("""
                SELECT id, name, description, price, category, CASE WHEN hidden THEN 0 ELSE stock END AS stock,
                       image_url, created_at
                FROM products WHERE id = ANY(:ids) ORDER BY id FOR UPDATE""")
                .param("ids", ids.toArray(Long[]::new))
                .query(this::row).list();
    }

    /**
     * Takes the given quantities off the shelf in one statement. Callers hold the rows from
     * {@link #lockForCheckout}; the {@code stock >= qty} guard (and the column's CHECK) still refuse to
     * oversell if one does not, by taking nothing and failing. No NOTIFY: {@link StockWatch} brings the
     * new stock into every instance's rendered catalog within a quarter of a second.
     */
    public void takeStock(Map<Long, Integer> quantities) {
        if (quantities.isEmpty()) {
            return;
        }
        Long[] ids = quantities.keySet().toArray(Long[]::new);
        Integer[] amounts = quantities.values().toArray(Integer[]::new);
        int taken = jdbc.sql("""
                UPDATE products p SET stock = p.stock - t.qty, updated_at = now()
                FROM unnest(:ids::bigint[], :qtys::int[]) AS t(id, qty)
                WHERE p.id = t.id AND p.stock >= t.qty""")
                .param("ids", ids).param("qtys", amounts).update();
        if (taken != ids.length) {
            throw new IllegalStateException("stock changed under a checkout's row lock: took " + taken + " of "
                    + ids.length + " products");
        }
    }

    /**
     * Puts quantities back on the shelf (a cancelled order), under the same row locks, in the same id
     * order, as a checkout takes them, so the two never deadlock and never lose an update.
     */
    public void putBack(Map<Long, Integer> quantities) {
        if (quantities.isEmpty()) {
            return;
        }
        lockForCheckout(quantities.keySet());
        Long[] ids = quantities.keySet().toArray(Long[]::new);
        Integer[] amounts = quantities.values().toArray(Integer[]::new);
        jdbc.sql("""
                UPDATE products p SET stock = p.stock + t.qty, updated_at = now()
                FROM unnest(:ids::bigint[], :qtys::int[]) AS t(id, qty) WHERE p.id = t.id""")
                .param("ids", ids).param("qtys", amounts).update();
    }

    public List<String> categories() {
        return jdbc.sql("SELECT DISTINCT category FROM products WHERE NOT hidden ORDER BY category").query(String.class).list();
    }

    public long count() {
        return jdbc.sql("SELECT count(*) FROM products").query(Long.class).single();
    }

    /** Adds products in one batch (sample catalog, generated load-test catalogs, admin imports). */
    public void addAll(List<NewProduct> products) {
        List<Object[]> batch = new ArrayList<>();
        for (NewProduct p : products) {
            batch.add(new Object[] {p.name(), p.description(), p.price(), p.category(), p.stock(), p.imageUrl()});
        }
        for (List<Object[]> chunk : chunks(batch, 1000)) {
            StringBuilder sql = new StringBuilder(
                    "INSERT INTO products (name, description, price, category, stock, image_url) VALUES ");
            List<Object> values = new ArrayList<>();
            for (int i = 0; i < chunk.size(); i++) {
                sql.append(i == 0 ? "" : ",").append("(?,?,?,?,?,?)");
                values.addAll(java.util.Arrays.asList(chunk.get(i)));
            }
            jdbc.sql(sql.toString()).params(values).update();
        }
    }

    /** A product before it has an id. */
    public record NewProduct(String name, String description, java.math.BigDecimal price, String category,
                             int stock, String imageUrl) {
    }

    Product row(ResultSet rs, int rowNum) throws SQLException {
        String picture = rs.getString("image_url");
        return new Product(rs.getLong("id"), rs.getString("name"), rs.getString("description"),
                rs.getBigDecimal("price"), rs.getString("category"), rs.getInt("stock"),
                pictures.url(picture), pictures.srcset(picture), rs.getObject("created_at", OffsetDateTime.class));
    }

    private static String escapeLike(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    private static <T> List<List<T>> chunks(List<T> list, int size) {
        List<List<T>> result = new ArrayList<>();
        for (int i = 0; i < list.size(); i += size) {
            result.add(list.subList(i, Math.min(list.size(), i + size)));
        }
        return result;
    }
}
