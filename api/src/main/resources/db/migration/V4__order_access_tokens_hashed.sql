-- Order access tokens are kept only as SHA-256 hashes (hex), so a copy of the database or of a backup does
-- not open anybody's order. The column keeps its name, so older tools that insert rows keep working; its
-- content is now the hash. The API hashes the token it is given and compares hashes.
UPDATE orders SET access_token = encode(sha256(convert_to(access_token, 'UTF8')), 'hex');
COMMENT ON COLUMN orders.access_token IS 'SHA-256 (hex) of the access token handed out when the order was placed';

-- A retry with the same Idempotency-Key is answered with a fresh token for the same order (the first
-- answer's token cannot be recovered from its hash); each such token's hash is kept here.
CREATE TABLE order_access_tokens (
    token_sha256 TEXT        PRIMARY KEY,
    order_id     TEXT        NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    issued_at    TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX order_access_tokens_order ON order_access_tokens (order_id);
