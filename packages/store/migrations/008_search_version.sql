-- The version of `dataset_search` that facet-count caches are keyed by (issue 8). A sequence, not a
-- row: concurrent writers never wait on each other for it, and readers read `last_value` without a
-- lock. Bumped once per statement that touches the table, whatever wrote it (the row trigger of
-- `datasets`, cluster elections, a manual fix).
CREATE SEQUENCE dataset_search_version;

-- A sequence moves when the statement runs, not when its transaction commits: a reader could read
-- the new version while the rows are still invisible to it and cache an old count under it. So a
-- writer also holds this advisory lock in SHARE mode until it commits, and a reader only stores a
-- count when it could take the lock exclusively while reading the version and taking its snapshot,
-- i.e. when no writer was between its bump and its commit. Writers share the lock: no contention.
-- The key (7207308) is repeated in packages/store/src/search-version.ts.
CREATE OR REPLACE FUNCTION moisson_search_changed() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
BEGIN
  PERFORM pg_advisory_xact_lock_shared(7207308);
  PERFORM nextval('dataset_search_version');
  RETURN NULL;
END $$;

CREATE TRIGGER dataset_search_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON dataset_search
  FOR EACH STATEMENT EXECUTE FUNCTION moisson_search_changed();
