-- Incremental runs: what kind of run a job is, from when it asks for changes, and what it cost.
ALTER TABLE harvest_jobs
  ADD COLUMN mode           text CHECK (mode IN ('full', 'incremental')),
  ADD COLUMN modified_since timestamptz,
  ADD COLUMN requests       bigint NOT NULL DEFAULT 0,
  ADD COLUMN bytes          bigint NOT NULL DEFAULT 0,
  -- Pages the remote answered 304 Not Modified: served from page_validators, not parsed, not written.
  ADD COLUMN not_modified   integer NOT NULL DEFAULT 0;
CREATE INDEX harvest_jobs_source_complete ON harvest_jobs (source_id, started_at DESC) WHERE status = 'done' AND complete;

-- Conditional GET: for each page a run read cleanly, the validators the remote sent and what the
-- page held, so an unchanged page (304) can be accounted for without fetching or parsing it.
-- A page is identified by its URL and the cursor the listing was at before it.
CREATE TABLE page_validators (
  source_id      uuid NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
  url            text NOT NULL,
  cursor_before  text NOT NULL,
  etag           text,
  last_modified  text,
  remote_ids     text[] NOT NULL DEFAULT '{}',
  skipped        integer NOT NULL DEFAULT 0,
  next_cursor    jsonb,
  total          integer,
  job_id         uuid,
  updated_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (source_id, url, cursor_before),
  CHECK (etag IS NOT NULL OR last_modified IS NOT NULL)
);
