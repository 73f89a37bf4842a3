-- Indexing new datasets for search was half of what PostgreSQL spends on a page of them, and it ran
-- inside the page's commit: one backend, one core, while the worker waited for it (30,000 CKAN
-- datasets: the worker idle 4.8 s of 11 s, the commit statements 11.4 s end to end, the machine 18%
-- idle). When it has had to wait for the previous commit, a worker now commits a page without its
-- search rows and indexes them in a statement of their own, on another connection, while the next
-- page is committed (queue/runner.ts). Rows left unindexed by a worker that died in between are
-- indexed at the end of the resumed run. Everything else that inserts datasets keeps indexing
-- them in the same statement.

-- The search rows of the given datasets, which have none yet (new ones); clusters they join elect
-- their primary. A row another path indexed meanwhile (a cluster move rebuilds a missing row) is
-- kept: it was built from a state at least as new.
CREATE OR REPLACE FUNCTION moisson_index_datasets(ids uuid[]) RETURNS integer
  LANGUAGE plpgsql
  AS $$
DECLARE
  indexed integer;
  joined uuid[];
BEGIN
  WITH added AS (
    INSERT INTO dataset_search AS s (id, source_id, cluster_id, status, chain_length, first_seen, modified, title_key, document,
      publisher, publisher_label, themes, theme_labels, keywords, keyword_labels, formats, format_labels, licenses, license_labels,
      languages, bbox, quality, quality_criteria)
    SELECT n.id, n.source_id, n.cluster_id, n.status, jsonb_array_length(n.chain), n.first_seen,
      coalesce(r.modified, n.last_changed),
      lower(moisson_unaccent(n.title)),
      moisson_search_document(t.title, t.keywords, t.description, n.title),
      coalesce(f.fields->>'publisher_uri', lower(r.publisher_label)), r.publisher_label,
      r.themes, r.theme_labels, r.keywords, r.keyword_labels, r.formats, r.format_labels, r.licenses, r.license_labels,
      r.languages, r.bbox, r.quality, r.quality_criteria
    FROM datasets n
    CROSS JOIN LATERAL jsonb_to_record(n.data) AS t(title jsonb, keywords jsonb, description jsonb)
    CROSS JOIN LATERAL (SELECT coalesce(n.search_fields, moisson_search_fields(n.data, n.remote_modified)) AS fields) f
    CROSS JOIN LATERAL jsonb_populate_record(NULL::dataset_search, f.fields) r
    WHERE n.id = ANY(ids)
    -- A row another path indexed meanwhile (a cluster move) was built from a newer state: kept.
    ON CONFLICT (id) DO NOTHING
    RETURNING s.id, s.cluster_id
  )
  SELECT count(*), array_agg(DISTINCT cluster_id) FILTER (WHERE cluster_id <> id) INTO indexed, joined FROM added;
  -- A new row in a cluster of its own (its id is its cluster's) is its primary already; one that
  -- joins an existing cluster takes part in its election.
  PERFORM moisson_elect_primary(c) FROM unnest(joined) c;
  RETURN indexed;
END $$;

-- The insert trigger of migration 017 (body of 022), now the same function, unless the statement
-- said that its caller indexes the rows itself.
CREATE OR REPLACE FUNCTION moisson_index_inserted_datasets() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
BEGIN
  -- Every page commit fires it, pages of unchanged records included: those insert nothing.
  IF current_setting('moisson.search_index', true) = 'deferred' OR NOT EXISTS (SELECT 1 FROM inserted) THEN
    RETURN NULL;
  END IF;
  PERFORM moisson_index_datasets(ARRAY(SELECT id FROM inserted));
  RETURN NULL;
END $$;
