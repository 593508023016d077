-- Staff who run the shop through /api/admin, their log-in sessions, hidden products, the history of each
-- order's status, and the audit log of every back-office change (issue 10).

-- One account per email, compared case-insensitively (Rahim@Shop.com and rahim@shop.com are one person).
CREATE TABLE staff (
    id                   BIGSERIAL   PRIMARY KEY,
    email                TEXT        NOT NULL CHECK (length(email) BETWEEN 3 AND 254),
    name                 TEXT        NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    role                 TEXT        NOT NULL CHECK (role IN ('owner', 'catalog_manager', 'order_handler', 'support')),
    password_hash        TEXT        NOT NULL,                 -- Argon2id, in its PHC string form
    must_change_password BOOLEAN     NOT NULL DEFAULT true,    -- a one-time password until changed
    disabled             BOOLEAN     NOT NULL DEFAULT false,
    created_at           TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX staff_email_unique ON staff (lower(email));

-- A session is a bearer token handed out at log-in; only its SHA-256 (hex) is kept, so a copy of the
-- database or of a backup opens nobody's back office. Idle and absolute expiry are checked on every use.
CREATE TABLE staff_sessions (
    token_sha256   TEXT        PRIMARY KEY,
    staff_id       BIGINT      NOT NULL REFERENCES staff (id) ON DELETE CASCADE,
    created_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    last_seen_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    expires_at     TIMESTAMPTZ NOT NULL,                       -- absolute end, whatever the activity
    client_address TEXT
);
CREATE INDEX staff_sessions_staff ON staff_sessions (staff_id);

-- A hidden product stays in the database (orders point at it) but leaves the public catalog and cannot be
-- ordered. Hiding or showing must reach every API instance's cached catalog at once, like a price change:
-- the edit trigger now compares `hidden` too.
ALTER TABLE products ADD COLUMN hidden BOOLEAN NOT NULL DEFAULT false;
DROP TRIGGER products_edited ON products;
CREATE TRIGGER products_edited AFTER UPDATE ON products
    FOR EACH ROW WHEN ((OLD.name, OLD.description, OLD.price, OLD.category, OLD.image_url, OLD.created_at, OLD.hidden)
                       IS DISTINCT FROM
                       (NEW.name, NEW.description, NEW.price, NEW.category, NEW.image_url, NEW.created_at, NEW.hidden))
    EXECUTE FUNCTION notify_catalog_changed();

-- Pictures uploaded through the back office: in the database, so every API instance serves them and the
-- DR tool's backups hold them with the products that name them.
CREATE TABLE product_pictures (
    name         TEXT        PRIMARY KEY,
    content_type TEXT        NOT NULL,
    bytes        BYTEA       NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- The lifecycle pending → confirmed → packed → shipped → delivered, or cancelled. Only these values.
ALTER TABLE orders ADD CONSTRAINT orders_status_known
    CHECK (status IN ('pending', 'confirmed', 'packed', 'shipped', 'delivered', 'cancelled'));
-- The back office lists orders by status and age, and a customer's orders by phone.
CREATE INDEX orders_status_created_idx ON orders (status, created_at);
CREATE INDEX orders_phone_idx ON orders (customer_phone, created_at);

-- Every status an order took after it was placed, with the staff member who moved it.
CREATE TABLE order_status_history (
    id          BIGSERIAL   PRIMARY KEY,
    order_id    TEXT        NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    status      TEXT        NOT NULL,
    at          TIMESTAMPTZ NOT NULL DEFAULT now(),
    staff_email TEXT
);
CREATE INDEX order_status_history_order ON order_status_history (order_id, id);

-- Who changed what, when, from where: one row per back-office change, written in the change's own
-- transaction. Append-only: the triggers below refuse UPDATE, DELETE and TRUNCATE from every role the
-- application uses, so nobody can edit or erase an entry through the application.
CREATE TABLE audit_log (
    id             BIGSERIAL   PRIMARY KEY,
    at             TIMESTAMPTZ NOT NULL DEFAULT now(),
    staff_id       BIGINT,                                     -- no foreign key: the entry outlives anything
    staff_email    TEXT        NOT NULL,
    staff_role     TEXT        NOT NULL,
    action         TEXT        NOT NULL,
    target_type    TEXT        NOT NULL,
    target_id      TEXT,
    before         JSONB,
    after          JSONB,
    reason         TEXT,
    client_address TEXT
);
CREATE INDEX audit_log_target ON audit_log (target_type, target_id, id DESC);

CREATE FUNCTION audit_log_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the audit log is append-only: % is not allowed', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER audit_log_no_update_or_delete BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_is_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_is_append_only();
