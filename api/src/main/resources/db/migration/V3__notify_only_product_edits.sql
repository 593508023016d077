-- Stock is no longer announced by NOTIFY: during a flash sale every order changed stock, every commit
-- that notifies queues behind one cluster-wide lock, and every API instance threw its whole rendered
-- catalog away per order. Stock now reaches the caches by each instance's StockWatch (a cheap poll of
-- the cached products' stock, a few times a second). NOTIFY stays for what a shopper must see at once
-- and what the poll cannot see: new, deleted and edited products.
DROP TRIGGER products_changed ON products;

CREATE TRIGGER products_added_or_removed AFTER INSERT OR DELETE OR TRUNCATE ON products
    FOR EACH STATEMENT EXECUTE FUNCTION notify_catalog_changed();

-- A row trigger so the WHEN clause can compare OLD and NEW; a stock-only update (an order) skips it
-- without calling any function. pg_notify folds repeats within a transaction into one.
CREATE TRIGGER products_edited AFTER UPDATE ON products
    FOR EACH ROW WHEN ((OLD.name, OLD.description, OLD.price, OLD.category, OLD.image_url, OLD.created_at)
                       IS DISTINCT FROM
                       (NEW.name, NEW.description, NEW.price, NEW.category, NEW.image_url, NEW.created_at))
    EXECUTE FUNCTION notify_catalog_changed();
