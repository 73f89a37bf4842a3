-- Every variable-length column a harvest writes compresses with LZ4, not only the four large values
-- of a dataset row (migration 014). The search row's document (a tsvector of the title, keywords
-- and description in French and English) passes PostgreSQL's 2 KB threshold for any record with a
-- real abstract, and was compressed with pglz: 3% of the database's CPU in a CSW harvest, under the
-- search index trigger (perf). What else toasts (identifiers, match keys, label lists, a page's
-- remote ids) is small, but went the same way once a row was over the threshold. Values already
-- stored keep pglz until rewritten; both read the same.
DO $$
DECLARE
  col record;
BEGIN
  FOR col IN
    SELECT c.relname AS tab, a.attname AS name
    FROM pg_attribute a
    JOIN pg_class c ON c.oid = a.attrelid
    JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = current_schema()
      AND c.relname IN ('datasets', 'dataset_search', 'page_validators')
      AND a.attnum > 0 AND NOT a.attisdropped
      AND a.attstorage IN ('x', 'm') AND a.attcompression <> 'l'
  LOOP
    EXECUTE format('ALTER TABLE %I ALTER COLUMN %I SET COMPRESSION lz4', col.tab, col.name);
  END LOOP;
END $$;
