-- Unchanged re-harvests skip the normaliser (issue 7). `input_hash` digests everything that
-- `normalise` and the row built from it depend on: the remote record exactly as sent, the
-- source's settings and a fingerprint of moisson's own code (packages/queue/src/input-hash.ts).
-- A record arriving with the hash its active row already holds would normalise to that row
-- again, so the worker only marks it seen. NULL (rows written before this migration, or by a
-- writer that does not compute it) never matches: such a row is normalised once more and gets one.
ALTER TABLE datasets ADD COLUMN input_hash text;

-- The lookup is per source and per page of hashes; only active rows may be skipped (an archived
-- row coming back goes through the full path, which restores it and records the event).
CREATE INDEX datasets_input_hash ON datasets (source_id, input_hash) WHERE status = 'active' AND input_hash IS NOT NULL;

-- Those rows are still rewritten (last_seen, last_job_id), and the search-index trigger ran its
-- PL/pgSQL body for each of them only to return at once (~40 us a row). The same test as the
-- body's early return, in the trigger's WHEN, is evaluated without calling it. The body keeps its
-- own test. A row missing from dataset_search is indexed again by an UPDATE that moves one of
-- these columns (`SET search_fields = NULL` recomputes it in SQL), no longer by a no-op UPDATE.
DROP TRIGGER datasets_search_index ON datasets;
CREATE TRIGGER datasets_search_index AFTER INSERT OR DELETE ON datasets
  FOR EACH ROW EXECUTE FUNCTION moisson_index_dataset();
CREATE TRIGGER datasets_search_index_update AFTER UPDATE ON datasets
  FOR EACH ROW
  WHEN (NEW.hash IS DISTINCT FROM OLD.hash OR NEW.status IS DISTINCT FROM OLD.status
        OR NEW.cluster_id IS DISTINCT FROM OLD.cluster_id OR NEW.title IS DISTINCT FROM OLD.title
        OR NEW.first_seen IS DISTINCT FROM OLD.first_seen OR NEW.search_fields IS DISTINCT FROM OLD.search_fields)
  EXECUTE FUNCTION moisson_index_dataset();
