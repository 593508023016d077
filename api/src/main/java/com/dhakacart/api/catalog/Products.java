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
        StringBuilder where = new StringBuilder(" WHERE true");
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
        return jdbc.sql("SELECT " + COLUMNS + " FROM products WHERE id = ?").param(id).query(this::row).optional();
    }

    public List<Product> byIds(Collection<Long> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("SELECT " + COLUMNS + " FROM products WHERE id = ANY(:ids)")
                .param("ids", ids.toArray(Long[]::new))
                .query(this::row).list();
    }

    public List<String> categories() {
        return jdbc.sql("SELECT DISTINCT category FROM products ORDER BY category").query(String.class).list();
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
