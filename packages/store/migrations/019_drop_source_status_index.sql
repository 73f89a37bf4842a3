-- The (source_id, status) index let the planner probe a page's rows by their remote id the wrong way.
-- commitPage looks each row of a page up by (source_id, remote_id). For a source the statistics do
-- not know yet (its first harvest, after another job's ANALYZE), both indexes were estimated at one
-- row, and PostgreSQL often took this one: an index scan of every row the source already had, with
-- remote_id as a filter, for each row of the page. With ten sources harvested at once, 55 of 340
-- pages took 0.3-1.65 s (auto_explain) instead of ~70 ms, and grew with the source.
-- The unique (source_id, remote_id) index serves every query by source as well (its leading
-- column), and a dataset row has one index less to write.
DROP INDEX IF EXISTS datasets_source_status;
