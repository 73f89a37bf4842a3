-- The public catalogue (`/catalog`, Hydra-paged, oldest first) is how another portal harvests us.
-- Without an index in its order every page sorted all active datasets, carrying their whole rows,
-- and counted them with a scan of the wide `datasets` heap: page 500 of 100,000 took seconds. In
-- (first_seen, id) order a page is found by walking this index alone, and the count is an
-- index-only scan; the catalogue's modified date is the top of the second index.
CREATE INDEX datasets_catalog_order ON datasets (first_seen, id) WHERE status = 'active';
CREATE INDEX datasets_active_last_changed ON datasets (last_changed) WHERE status = 'active';
