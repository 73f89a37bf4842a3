-- How a dataset becomes its search row (its 23 columns: the search fields, the title key, the
-- full-text document) was written twice: in the row trigger of updated rows (migration 022) and in
-- the set-based indexing of new ones (migration 023). A change to one and not the other would make
-- a dataset searchable differently depending on whether it was created or updated (the test of
-- test/search-index-paths.test.ts compares them). Both now insert what moisson_search_row gives.
--
-- A SQL function returning a set, with one SELECT and not volatile or strict, is inlined into the
-- query that calls it in FROM: the set-based path plans as it did, with no call per row.

-- The search row of a dataset, from the columns of its `datasets` row that it depends on (without
-- is_primary, which elections decide, and the numbering the row trigger of migration 009 draws),
-- in the column order of the inserts below. The columns come as arguments, not as the row: a
-- whole row would bring its original (up to megabytes) out of TOAST for nothing, and the trigger
-- has them in NEW already.
CREATE OR REPLACE FUNCTION moisson_search_row(dataset_id uuid, dataset_source uuid, dataset_cluster uuid, dataset_status text,
    dataset_chain jsonb, dataset_first_seen timestamptz, dataset_last_changed timestamptz, dataset_title text, dataset_data jsonb,
    dataset_search_fields jsonb, dataset_remote_modified text)
  RETURNS TABLE (id uuid, source_id uuid, cluster_id uuid, status text, chain_length integer, first_seen timestamptz,
    modified timestamptz, title_key text, document tsvector, publisher text, publisher_label text, themes text[],
    theme_labels text[], keywords text[], keyword_labels text[], formats text[], format_labels text[], licenses text[],
    license_labels text[], languages text[], bbox box, quality smallint, quality_criteria jsonb)
  LANGUAGE sql STABLE
  AS $$
  SELECT dataset_id, dataset_source, dataset_cluster, dataset_status, jsonb_array_length(dataset_chain), dataset_first_seen,
    coalesce(r.modified, dataset_last_changed),
    lower(moisson_unaccent(dataset_title)),
    moisson_search_document(t.title, t.keywords, t.description, dataset_title),
    coalesce(f.fields->>'publisher_uri', lower(r.publisher_label)), r.publisher_label,
    r.themes, r.theme_labels, r.keywords, r.keyword_labels, r.formats, r.format_labels, r.licenses, r.license_labels,
    r.languages, r.bbox, r.quality, r.quality_criteria
  -- One jsonb_to_record reads the three texts: each `data->'…'` decompressed the whole dataset again.
  FROM jsonb_to_record(dataset_data) AS t(title jsonb, keywords jsonb, description jsonb)
  CROSS JOIN LATERAL (SELECT coalesce(dataset_search_fields, moisson_search_fields(dataset_data, dataset_remote_modified)) AS fields) f
  CROSS JOIN LATERAL jsonb_populate_record(NULL::dataset_search, f.fields) r
$$;

-- Migration 023's function, its projection now moisson_search_row.
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
    SELECT r.* FROM datasets n
    CROSS JOIN LATERAL moisson_search_row(n.id, n.source_id, n.cluster_id, n.status, n.chain, n.first_seen, n.last_changed, n.title,
      n.data, n.search_fields, n.remote_modified) r
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

-- Migration 022's row trigger, its projection now moisson_search_row.
CREATE OR REPLACE FUNCTION moisson_index_dataset() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    DELETE FROM dataset_search WHERE id = OLD.id;
    PERFORM moisson_elect_primary(OLD.cluster_id);
    RETURN NULL;
  END IF;
  IF TG_OP = 'UPDATE' AND NEW.cluster_id <> OLD.cluster_id AND NEW.hash = OLD.hash AND NEW.status = OLD.status
     AND NEW.title = OLD.title AND NEW.first_seen = OLD.first_seen
     AND NEW.search_fields IS NOT DISTINCT FROM OLD.search_fields AND NEW.chain = OLD.chain THEN
    UPDATE dataset_search SET cluster_id = NEW.cluster_id WHERE id = NEW.id;
    IF FOUND THEN
      PERFORM moisson_elect_primary(OLD.cluster_id);
      PERFORM moisson_elect_primary(NEW.cluster_id);
      RETURN NULL;
    END IF;
  END IF;
  -- A harvest that saw a record unchanged only moves last_seen: nothing searchable moved.
  IF TG_OP = 'UPDATE' AND NEW.hash = OLD.hash AND NEW.status = OLD.status AND NEW.cluster_id = OLD.cluster_id
     AND NEW.title = OLD.title AND NEW.first_seen = OLD.first_seen
     AND EXISTS (SELECT 1 FROM dataset_search WHERE id = NEW.id) THEN
    RETURN NULL;
  END IF;
  INSERT INTO dataset_search AS s (id, source_id, cluster_id, status, chain_length, first_seen, modified, title_key, document,
    publisher, publisher_label, themes, theme_labels, keywords, keyword_labels, formats, format_labels, licenses, license_labels,
    languages, bbox, quality, quality_criteria)
  SELECT * FROM moisson_search_row(NEW.id, NEW.source_id, NEW.cluster_id, NEW.status, NEW.chain, NEW.first_seen, NEW.last_changed,
    NEW.title, NEW.data, NEW.search_fields, NEW.remote_modified)
  ON CONFLICT (id) DO UPDATE SET
    source_id = EXCLUDED.source_id, cluster_id = EXCLUDED.cluster_id, status = EXCLUDED.status,
    chain_length = EXCLUDED.chain_length, first_seen = EXCLUDED.first_seen, modified = EXCLUDED.modified,
    title_key = EXCLUDED.title_key, document = EXCLUDED.document, publisher = EXCLUDED.publisher,
    publisher_label = EXCLUDED.publisher_label, themes = EXCLUDED.themes, theme_labels = EXCLUDED.theme_labels,
    keywords = EXCLUDED.keywords, keyword_labels = EXCLUDED.keyword_labels, formats = EXCLUDED.formats,
    format_labels = EXCLUDED.format_labels, licenses = EXCLUDED.licenses, license_labels = EXCLUDED.license_labels,
    languages = EXCLUDED.languages, bbox = EXCLUDED.bbox, quality = EXCLUDED.quality, quality_criteria = EXCLUDED.quality_criteria;
  IF TG_OP = 'UPDATE' AND OLD.cluster_id <> NEW.cluster_id THEN
    PERFORM moisson_elect_primary(OLD.cluster_id);
  END IF;
  -- A new row in a cluster of its own (its id is its cluster's: nobody else can be in it yet) is
  -- its primary already.
  IF NOT (TG_OP = 'INSERT' AND NEW.cluster_id = NEW.id) THEN
    PERFORM moisson_elect_primary(NEW.cluster_id);
  END IF;
  RETURN NULL;
END $$;
