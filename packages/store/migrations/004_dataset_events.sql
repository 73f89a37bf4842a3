-- The archive history of a dataset: archived_at is cleared when a dataset comes back, this is not.
CREATE TABLE dataset_events (
  id          bigserial PRIMARY KEY,
  dataset_id  uuid NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
  source_id   uuid NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
  event       text NOT NULL CHECK (event IN ('archived', 'restored')),
  job_id      uuid,
  reason      text,
  at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX dataset_events_dataset ON dataset_events (dataset_id, id);
