-- The sample database the demo and the examples use. Regenerate with:
--   rm -f shop.db && sqlite3 shop.db < shop.sql
PRAGMA page_size = 4096;
PRAGMA journal_mode = WAL;
CREATE TABLE customers(
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    email TEXT NOT NULL UNIQUE,
    created TEXT NOT NULL
);
CREATE TABLE products(
    sku TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    price_cents INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE orders(
    id INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customers(id),
    sku TEXT NOT NULL REFERENCES products(sku),
    quantity INTEGER NOT NULL,
    ordered TEXT NOT NULL
);
CREATE INDEX orders_by_customer ON orders(customer_id);
WITH RECURSIVE s(v) AS (SELECT 1 UNION ALL SELECT v + 1 FROM s WHERE v < 200)
INSERT INTO customers(name, email, created)
SELECT 'Customer ' || v, 'customer' || v || '@example.com', date('2026-01-01', '+' || (v % 300) || ' days') FROM s;
WITH RECURSIVE s(v) AS (SELECT 1 UNION ALL SELECT v + 1 FROM s WHERE v < 40)
INSERT INTO products(sku, title, price_cents)
SELECT printf('SKU-%04d', v), 'Product ' || v, 100 + (v * 37) % 5000 FROM s;
WITH RECURSIVE s(v) AS (SELECT 1 UNION ALL SELECT v + 1 FROM s WHERE v < 5000)
INSERT INTO orders(customer_id, sku, quantity, ordered)
SELECT 1 + (v * 7) % 200, printf('SKU-%04d', 1 + (v * 13) % 40), 1 + v % 5, datetime('2026-01-01', '+' || ((v * 4703) % 28000000) || ' seconds') FROM s;
PRAGMA journal_mode = DELETE;
VACUUM;
