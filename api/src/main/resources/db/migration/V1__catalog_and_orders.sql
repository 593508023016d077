-- The shop's schema. Changes only through new versioned migrations, never by editing this file.

-- Trigram indexes make substring search on name and description fast, in Bangla as well as English.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE products (
    id          BIGSERIAL PRIMARY KEY,
    name        TEXT          NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    description TEXT          NOT NULL DEFAULT '',
    price       NUMERIC(12,2) NOT NULL CHECK (price >= 0),
    category    TEXT          NOT NULL,
    stock       INTEGER       NOT NULL CHECK (stock >= 0),  -- the last line of defence against overselling
    image_url   TEXT,
    created_at  TIMESTAMPTZ   NOT NULL DEFAULT now(),
    updated_at  TIMESTAMPTZ   NOT NULL DEFAULT now()
);
CREATE INDEX products_category_idx ON products (lower(category));
CREATE INDEX products_created_idx ON products (created_at DESC, id DESC);
CREATE INDEX products_price_idx ON products (price, id);
CREATE INDEX products_name_trgm_idx ON products USING gin (name gin_trgm_ops);
CREATE INDEX products_description_trgm_idx ON products USING gin (description gin_trgm_ops);

-- Every API instance keeps rendered catalog responses in memory; this tells them all, on commit,
-- that a product changed (stock after an order, a new price), so none serves stale stock.
CREATE FUNCTION notify_catalog_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('catalog_changed', '');
    RETURN NULL;
END;
$$;
CREATE TRIGGER products_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON products
    FOR EACH STATEMENT EXECUTE FUNCTION notify_catalog_changed();

CREATE TABLE orders (
    id               TEXT          PRIMARY KEY,          -- random, not a sequence: customers see it
    access_token     TEXT          NOT NULL,
    customer_name    TEXT          NOT NULL,
    customer_email   TEXT          NOT NULL,
    customer_phone   TEXT          NOT NULL,
    delivery_address TEXT          NOT NULL,
    total_amount     NUMERIC(12,2) NOT NULL CHECK (total_amount >= 0),
    status           TEXT          NOT NULL DEFAULT 'pending',
    payment_method   TEXT          NOT NULL,
    payment_reference TEXT,
    idempotency_key  TEXT          UNIQUE,
    request_hash     TEXT,
    created_at       TIMESTAMPTZ   NOT NULL DEFAULT now()
);
CREATE INDEX orders_created_idx ON orders (created_at);

CREATE TABLE order_items (
    order_id     TEXT          NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    product_id   BIGINT        NOT NULL REFERENCES products (id),
    product_name TEXT          NOT NULL,
    quantity     INTEGER       NOT NULL CHECK (quantity > 0),
    price        NUMERIC(12,2) NOT NULL CHECK (price >= 0),
    PRIMARY KEY (order_id, product_id)
);
