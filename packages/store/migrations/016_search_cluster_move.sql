-- Cross-source linking (linkClusters) moves a dataset to another cluster: an UPDATE of
-- `cluster_id` alone. The search trigger rebuilt the whole search row for it (two full-text
-- vectors, every facet) as for a changed record, although only the cluster moved: in a federation
-- where sources re-publish each other's datasets, every dataset after the first copy was indexed
-- twice. A move now updates the search row's cluster and elects both clusters' primaries. A row
-- missing from `dataset_search` is still indexed whole, as before.
-- The function is replaced whole (migration 007's body, with the move in front).
CREATE OR REPLACE FUNCTION moisson_index_dataset() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
DECLARE
  d jsonb;
  f jsonb;
  r dataset_search;
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
  d := NEW.data;
  f := coalesce(NEW.search_fields, moisson_search_fields(d, NEW.remote_modified));
  r := jsonb_populate_record(NULL::dataset_search, f);
  INSERT INTO dataset_search AS s (id, source_id, cluster_id, status, chain_length, first_seen, modified, title_key, document,
    publisher, publisher_label, themes, theme_labels, keywords, keyword_labels, formats, format_labels, licenses, license_labels,
    languages, bbox, quality, quality_criteria)
  VALUES (NEW.id, NEW.source_id, NEW.cluster_id, NEW.status, jsonb_array_length(NEW.chain), NEW.first_seen,
    coalesce(r.modified, NEW.last_changed),
    lower(moisson_unaccent(NEW.title)),
    moisson_tsvector(coalesce(nullif(moisson_all_text(d->'title'), ''), NEW.title), 'A')
      || moisson_tsvector(moisson_all_text(d->'keywords'), 'B')
      || moisson_tsvector(left(moisson_all_text(d->'description'), 20000), 'C'),
    coalesce(f->>'publisher_uri', lower(r.publisher_label)), r.publisher_label,
    r.themes, r.theme_labels, r.keywords, r.keyword_labels, r.formats, r.format_labels, r.licenses, r.license_labels,
    r.languages, r.bbox, r.quality, r.quality_criteria)
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
