-- The search row's facets, quality score, sort date and bounding box were computed per row by the
-- index trigger (migration 005): 86% of the CPU a page commit cost PostgreSQL, and with it the
-- ceiling of every harvest. The worker now computes them (`searchFields` in @moisson/store) and
-- writes them with the row in `search_fields`; the trigger copies them and only builds the
-- full-text vector. A row written without them (older rows, a writer that does not know them, a
-- value the worker could not judge) is computed here, by `moisson_search_fields`, as before.

ALTER TABLE datasets ADD COLUMN search_fields jsonb;

-- The fields of one dataset, in the shape `searchFields` produces (keys are dataset_search columns,
-- so `jsonb_populate_record` reads them). A parity test holds this and the TypeScript together.
CREATE OR REPLACE FUNCTION moisson_search_fields(d jsonb, remote_modified text) RETURNS jsonb
  LANGUAGE sql STABLE
  AS $$
  SELECT jsonb_build_object(
    'modified', coalesce(moisson_timestamp(d->>'modified'), moisson_timestamp(remote_modified)),
    'publisher_uri', d->'publisher'->>'uri',
    'publisher_label', moisson_pick_text(d->'publisher'->'name'),
    'themes', coalesce(th.v, '{}'), 'theme_labels', coalesce(th.l, '{}'),
    'keywords', coalesce(kw.v, '{}'), 'keyword_labels', coalesce(kw.l, '{}'),
    'formats', coalesce(fm.v, '{}'), 'format_labels', coalesce(fm.l, '{}'),
    'licenses', coalesce(li.v, '{}'), 'license_labels', coalesce(li.l, '{}'),
    'languages', coalesce(la.v, '{}'),
    'bbox', sp.b,
    'quality', (q.q->>'score')::int,
    'quality_criteria', q.q->'criteria')
  FROM
    (SELECT moisson_quality(d) q) q,
    (SELECT array_agg(v ORDER BY v) v, array_agg(l ORDER BY v) l FROM (
       SELECT DISTINCT ON (v) v, l FROM (
         SELECT coalesce(t->>'uri', t->>'notation', moisson_pick_text(t->'label')) v,
                coalesce(moisson_pick_text(t->'label'), t->>'notation', substring(t->>'uri' FROM '[^/#]+$')) l
         FROM moisson_list(d->'themes') t) x WHERE v IS NOT NULL ORDER BY v, l) y) th,
    (SELECT array_agg(v ORDER BY v) v, array_agg(l ORDER BY v) l FROM (
       SELECT DISTINCT ON (v) v, l FROM (
         SELECT lower(moisson_unaccent(trim(t->>'value'))) v, trim(t->>'value') l FROM moisson_list(d->'keywords') t) x
       WHERE v <> '' ORDER BY v, l) y) kw,
    (SELECT array_agg(v ORDER BY v) v, array_agg(l ORDER BY v) l FROM (
       SELECT DISTINCT ON (v) v, l FROM (
         SELECT coalesce(t->'format'->>'uri', upper(coalesce(t->'format'->>'notation', moisson_pick_text(t->'format'->'label'))), t->>'mediaType') v,
                coalesce(moisson_pick_text(t->'format'->'label'), t->'format'->>'notation', t->>'mediaType') l
         FROM moisson_list(d->'distributions') t) x WHERE v IS NOT NULL ORDER BY v, l) y) fm,
    (SELECT array_agg(v ORDER BY v) v, array_agg(l ORDER BY v) l FROM (
       SELECT DISTINCT ON (v) v, l FROM (
         SELECT coalesce(t->>'uri', t->>'label') v, coalesce(t->>'label', t->>'uri') l
         FROM (SELECT d->'license' t UNION ALL SELECT x->'license' FROM moisson_list(d->'distributions') x) z WHERE t IS NOT NULL) x
       WHERE v IS NOT NULL ORDER BY v, l) y) li,
    (SELECT array_agg(DISTINCT t #>> '{}') v FROM moisson_list(d->'languages') t) la,
    (SELECT box(point(min((b->>0)::float8), min((b->>1)::float8)), point(max((b->>2)::float8), max((b->>3)::float8))) b
     FROM (SELECT s->'bbox' b FROM moisson_list(d->'spatial') s WHERE jsonb_typeof(s->'bbox') = 'array' AND jsonb_array_length(s->'bbox') = 4) z) sp
$$;

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
