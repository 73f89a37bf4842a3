-- Sources, harvest jobs, item errors and datasets with their provenance.

CREATE TABLE sources (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name        text NOT NULL,
  url         text NOT NULL,
  protocol    text NOT NULL,
  filters     jsonb NOT NULL DEFAULT '[]',
  config      jsonb NOT NULL DEFAULT '{}',
  schedule    text,
  enabled     boolean NOT NULL DEFAULT true,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE harvest_jobs (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  source_id    uuid NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
  status       text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'done', 'failed')),
  trigger      text NOT NULL DEFAULT 'manual',
  created_at   timestamptz NOT NULL DEFAULT now(),
  started_at   timestamptz,
  finished_at  timestamptz,
  -- Where to resume: committed in the same statement as the page it follows.
  cursor       jsonb,
  pages        integer NOT NULL DEFAULT 0,
  attempts     integer NOT NULL DEFAULT 0,
  counts       jsonb NOT NULL DEFAULT '{"created":0,"updated":0,"unchanged":0,"skipped":0,"archived":0,"failed":0}',
  -- True only when the whole listing was read without a page error: the condition for archiving.
  complete     boolean NOT NULL DEFAULT false,
  -- A failed item without a remote id makes archiving unsafe for this run.
  archivable   boolean NOT NULL DEFAULT true,
  total        integer,
  error        text
);
CREATE INDEX harvest_jobs_source ON harvest_jobs (source_id, created_at DESC);
-- One queued or running job per source: the database itself refuses a second one, so several
-- schedulers (or an impatient operator) can never start two runs of one source.
CREATE UNIQUE INDEX harvest_jobs_one_active ON harvest_jobs (source_id) WHERE status IN ('queued', 'running');

CREATE TABLE harvest_errors (
  id          bigserial PRIMARY KEY,
  job_id      uuid NOT NULL REFERENCES harvest_jobs(id) ON DELETE CASCADE,
  remote_id   text,
  remote_url  text,
  page_url    text,
  code        text NOT NULL,
  message     text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX harvest_errors_job ON harvest_errors (job_id, id);

CREATE TABLE datasets (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  source_id        uuid NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
  remote_id        text NOT NULL,
  remote_url       text,
  remote_modified  text,
  uri              text,
  identifiers      text[] NOT NULL DEFAULT '{}',
  title            text NOT NULL,
  data             jsonb NOT NULL,
  -- Hops before the source (from the original producer on); the source and moisson hops are
  -- derived from the source row and the dates below when read.
  chain            jsonb NOT NULL DEFAULT '[]',
  raw_original     text,
  raw_media_type   text,
  hash             text NOT NULL,
  status           text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'archived')),
  first_seen       timestamptz NOT NULL DEFAULT now(),
  last_seen        timestamptz NOT NULL DEFAULT now(),
  last_changed     timestamptz NOT NULL DEFAULT now(),
  archived_at      timestamptz,
  archive_reason   text,
  last_job_id      uuid,
  UNIQUE (source_id, remote_id)
);
CREATE INDEX datasets_source_status ON datasets (source_id, status);
CREATE INDEX datasets_uri ON datasets (uri) WHERE uri IS NOT NULL;
CREATE INDEX datasets_identifiers ON datasets USING gin (identifiers);
