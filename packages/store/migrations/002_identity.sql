-- Cross-source identity: datasets sharing an identity key (IRI, DOI, UUID, chain record) are
-- linked in one cluster, never merged; a record that came back through our own catalogue is
-- flagged as a loop.
ALTER TABLE datasets
  ADD COLUMN match_keys     text[] NOT NULL DEFAULT '{}',
  ADD COLUMN cluster_id     uuid,
  ADD COLUMN loop           boolean NOT NULL DEFAULT false,
  ADD COLUMN created_job_id uuid;
UPDATE datasets SET cluster_id = id WHERE cluster_id IS NULL;
ALTER TABLE datasets ALTER COLUMN cluster_id SET NOT NULL;
CREATE INDEX datasets_match_keys ON datasets USING gin (match_keys);
CREATE INDEX datasets_cluster ON datasets (cluster_id);
