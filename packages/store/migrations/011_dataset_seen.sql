-- When a harvest last saw each dataset, in a narrow table of its own (issue 7).
-- Seeing a record again is most of what a re-harvest does, and it wrote a new version of the whole
-- datasets row (~2.5 KB, eight indexes, two of them GIN: the pages are full, so no HOT update):
-- 5,000 rows took 1.25-1.35 s. The same update on this table, whose pages keep room for the new
-- versions and whose only index is the key, took 0.09-0.13 s (same machine, back to back).
CREATE TABLE dataset_seen (
  dataset_id  uuid PRIMARY KEY REFERENCES datasets(id) ON DELETE CASCADE,
  last_seen   timestamptz NOT NULL DEFAULT now(),
  last_job_id uuid
) WITH (fillfactor = 50);

INSERT INTO dataset_seen (dataset_id, last_seen, last_job_id) SELECT id, last_seen, last_job_id FROM datasets;

ALTER TABLE datasets DROP COLUMN last_seen, DROP COLUMN last_job_id;
