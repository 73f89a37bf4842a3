-- The public search: a narrow table beside `datasets`, one row per dataset, holding only what
-- search, facets, sorting and cross-source collapsing read. Kept narrow on purpose: scanning it for
-- facet counts never touches the wide `data`/`raw_original` rows. Maintained by triggers on
-- `datasets`, so every writer (commitPage, drift, cluster links, archiving) keeps it right.

CREATE EXTENSION IF NOT EXISTS unaccent;

-- unaccent() is STABLE (its dictionary could change); with the dictionary named it is safe to
-- call IMMUTABLE, which indexes and generated columns require.
CREATE OR REPLACE FUNCTION moisson_unaccent(text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  AS $$ SELECT public.unaccent('public.unaccent'::regdictionary, $1) $$;

-- Full-text configuration of both languages the catalogue mostly speaks, accents folded.
CREATE OR REPLACE FUNCTION moisson_tsvector(body text, weight "char") RETURNS tsvector
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT setweight(to_tsvector('french', moisson_unaccent(coalesce(body, ''))), weight)
            || setweight(to_tsvector('english', moisson_unaccent(coalesce(body, ''))), weight) $$;

CREATE OR REPLACE FUNCTION moisson_tsquery(q text) RETURNS tsquery
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT websearch_to_tsquery('french', moisson_unaccent(q)) || websearch_to_tsquery('english', moisson_unaccent(q)) $$;

-- A date as sources write it (xsd:date, xsd:dateTime, gYear, gYearMonth), or NULL; never throws.
CREATE OR REPLACE FUNCTION moisson_timestamp(value text) RETURNS timestamptz
  LANGUAGE plpgsql STABLE
  AS $$
BEGIN
  IF value IS NULL THEN RETURN NULL; END IF;
  IF value ~ '^\d{4}$' THEN RETURN (value || '-01-01T00:00:00Z')::timestamptz; END IF;
  IF value ~ '^\d{4}-\d{2}$' THEN RETURN (value || '-01T00:00:00Z')::timestamptz; END IF;
  IF value ~ '^\d{4}-\d{2}-\d{2}$' THEN RETURN (value || 'T00:00:00Z')::timestamptz; END IF;
  IF value ~ '^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}' THEN RETURN value::timestamptz; END IF;
  RETURN NULL;
EXCEPTION WHEN others THEN
  RETURN NULL;
END $$;

-- The first value of a list of `{value, lang}` texts, French then English preferred.
CREATE OR REPLACE FUNCTION moisson_pick_text(texts jsonb) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT t->>'value' FROM jsonb_array_elements(CASE WHEN jsonb_typeof(texts) = 'array' THEN texts ELSE '[]' END) WITH ORDINALITY AS x(t, n)
        ORDER BY CASE t->>'lang' WHEN 'fr' THEN 0 WHEN 'en' THEN 1 ELSE 2 END, n LIMIT 1 $$;

CREATE OR REPLACE FUNCTION moisson_all_text(texts jsonb) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT string_agg(t->>'value', ' ') FROM jsonb_array_elements(CASE WHEN jsonb_typeof(texts) = 'array' THEN texts ELSE '[]' END) t $$;

CREATE OR REPLACE FUNCTION moisson_list(value jsonb) RETURNS SETOF jsonb
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT jsonb_array_elements(CASE WHEN jsonb_typeof(value) = 'array' THEN value ELSE '[]' END) $$;

-- How long a dataset of this `dct:accrualPeriodicity` may go unmodified before it is late.
CREATE OR REPLACE FUNCTION moisson_frequency_period(uri text) RETURNS interval
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT CASE substring(uri FROM '/frequency/([A-Z_0-9]+)$')
    WHEN 'CONT' THEN interval '2 days' WHEN 'HOURLY' THEN interval '2 days' WHEN 'DAILY' THEN interval '2 days'
    WHEN 'WEEKLY' THEN interval '8 days' WHEN 'BIWEEKLY' THEN interval '15 days'
    WHEN 'MONTHLY' THEN interval '32 days' WHEN 'MONTHLY_2' THEN interval '16 days'
    WHEN 'QUARTERLY' THEN interval '93 days' WHEN 'ANNUAL_2' THEN interval '184 days'
    WHEN 'ANNUAL' THEN interval '366 days' WHEN 'BIENNIAL' THEN interval '731 days'
    ELSE NULL END $$;

-- Mirrors `isOpenLicense` in @moisson/core (a test holds the two together).
CREATE OR REPLACE FUNCTION moisson_open_license(uri text) RETURNS boolean
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT coalesce(uri <> '' AND uri !~ 'BYNC|BYND|NC_|ND_', false) $$;

-- EU file-type codes (and media types) of open, non-proprietary formats.
CREATE OR REPLACE FUNCTION moisson_open_format(dist jsonb) RETURNS boolean
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT coalesce(substring(dist->'format'->>'uri' FROM '/file-type/([A-Z0-9_]+)$') = ANY (ARRAY[
      'CSV', 'TSV', 'JSON', 'GEOJSON', 'JSON_LD', 'XML', 'RDF', 'RDF_XML', 'RDF_TURTLE', 'TURTLE', 'N_TRIPLES', 'N3',
      'ODS', 'ODT', 'TXT', 'GML', 'KML', 'GPKG', 'SHP', 'PARQUET', 'NETCDF', 'GEOTIFF', 'TIFF', 'PNG', 'JPEG', 'HTML', 'ATOM', 'WMS_SRVC', 'WFS_SRVC', 'ZIP'
    ]), false)
    OR coalesce(dist->>'mediaType' = ANY (ARRAY[
      'text/csv', 'application/json', 'application/geo+json', 'application/ld+json', 'application/xml', 'text/xml',
      'application/rdf+xml', 'text/turtle', 'application/n-triples', 'application/vnd.oasis.opendocument.spreadsheet',
      'text/plain', 'application/gml+xml', 'application/vnd.google-earth.kml+xml', 'application/geopackage+sqlite3',
      'application/vnd.apache.parquet', 'application/x-netcdf', 'image/tiff', 'image/png', 'image/jpeg', 'text/html'
    ]), false) $$;

/**
 * The quality score of a DCAT-AP dataset: DCAT-AP mandatory and recommended coverage plus the
 * criteria data.gouv.fr shows producers. Weights add up to 100. Computed at write time: "up to
 * date" is judged against the time of the write.
 */
CREATE OR REPLACE FUNCTION moisson_quality(data jsonb) RETURNS jsonb
  LANGUAGE plpgsql STABLE
  AS $$
DECLARE
  dists jsonb := CASE WHEN jsonb_typeof(data->'distributions') = 'array' THEN data->'distributions' ELSE '[]' END;
  n_dists int := jsonb_array_length(dists);
  modified timestamptz := moisson_timestamp(data->>'modified');
  period interval := moisson_frequency_period(data->'accrualPeriodicity'->>'uri');
  dataset_license text := data->'license'->>'uri';
  c jsonb;
  weights jsonb := '{"title":5,"description":15,"keywords":10,"themes":5,"publisher":10,"contactPoint":5,"license":5,
    "openLicense":10,"distributions":10,"openFormat":10,"temporal":3,"spatial":3,"updateFrequency":4,"upToDate":5}';
  score numeric := 0;
  k text;
BEGIN
  c := jsonb_build_object(
    'title', coalesce(length(moisson_all_text(data->'title')) > 0, false),
    'description', coalesce(length(moisson_pick_text(data->'description')) >= 200, false),
    'keywords', jsonb_array_length(coalesce(data->'keywords', '[]')) > 0,
    'themes', jsonb_array_length(coalesce(data->'themes', '[]')) > 0,
    'publisher', coalesce(length(moisson_all_text(data->'publisher'->'name')) > 0, false),
    'contactPoint', jsonb_array_length(coalesce(data->'contactPoints', '[]')) > 0,
    'license', data->'license' IS NOT NULL
      OR (n_dists > 0 AND NOT EXISTS (SELECT 1 FROM moisson_list(dists) d WHERE d->'license' IS NULL)),
    'openLicense', moisson_open_license(dataset_license)
      OR (n_dists > 0 AND NOT EXISTS (SELECT 1 FROM moisson_list(dists) d WHERE NOT moisson_open_license(d->'license'->>'uri'))),
    'distributions', n_dists > 0 AND NOT EXISTS (SELECT 1 FROM moisson_list(dists) d
      WHERE jsonb_array_length(coalesce(d->'accessURL', '[]')) + jsonb_array_length(coalesce(d->'downloadURL', '[]')) = 0),
    'openFormat', EXISTS (SELECT 1 FROM moisson_list(dists) d WHERE moisson_open_format(d)),
    'temporal', jsonb_array_length(coalesce(data->'temporal', '[]')) > 0,
    'spatial', jsonb_array_length(coalesce(data->'spatial', '[]')) > 0,
    'updateFrequency', data->'accrualPeriodicity' IS NOT NULL,
    'upToDate', coalesce(modified + period >= now(), false)
  );
  FOR k IN SELECT jsonb_object_keys(weights) LOOP
    IF (c->>k)::boolean THEN score := score + (weights->>k)::numeric; END IF;
  END LOOP;
  RETURN jsonb_build_object('score', score::int, 'criteria', c);
END $$;

CREATE TABLE dataset_search (
  id            uuid PRIMARY KEY,
  source_id     uuid NOT NULL,
  cluster_id    uuid NOT NULL,
  -- The member of its cluster the public list shows: active first, then the shortest chain
  -- (closest to the producer), then the earliest seen.
  is_primary    boolean NOT NULL DEFAULT true,
  status        text NOT NULL,
  chain_length  integer NOT NULL,
  first_seen    timestamptz NOT NULL,
  -- Sort keys: the dataset's modification date (else the source's, else our last change), the title folded.
  modified      timestamptz NOT NULL,
  title_key     text COLLATE "C" NOT NULL,
  document      tsvector NOT NULL,
  publisher     text,
  publisher_label text,
  themes        text[] NOT NULL DEFAULT '{}',
  theme_labels  text[] NOT NULL DEFAULT '{}',
  keywords      text[] NOT NULL DEFAULT '{}',
  keyword_labels text[] NOT NULL DEFAULT '{}',
  formats       text[] NOT NULL DEFAULT '{}',
  format_labels text[] NOT NULL DEFAULT '{}',
  licenses      text[] NOT NULL DEFAULT '{}',
  license_labels text[] NOT NULL DEFAULT '{}',
  languages     text[] NOT NULL DEFAULT '{}',
  -- The union of the dataset's bounding boxes (CRS84: x = longitude, y = latitude).
  bbox          box,
  quality       smallint NOT NULL,
  quality_criteria jsonb NOT NULL
);
CREATE INDEX dataset_search_document ON dataset_search USING gin (document);
CREATE INDEX dataset_search_themes ON dataset_search USING gin (themes);
CREATE INDEX dataset_search_keywords ON dataset_search USING gin (keywords);
CREATE INDEX dataset_search_formats ON dataset_search USING gin (formats);
CREATE INDEX dataset_search_licenses ON dataset_search USING gin (licenses);
CREATE INDEX dataset_search_languages ON dataset_search USING gin (languages);
CREATE INDEX dataset_search_bbox ON dataset_search USING gist (bbox);
CREATE INDEX dataset_search_cluster ON dataset_search (cluster_id);
CREATE INDEX dataset_search_linked ON dataset_search (cluster_id) WHERE NOT is_primary;
CREATE INDEX dataset_search_source ON dataset_search (source_id);
CREATE INDEX dataset_search_publisher ON dataset_search (publisher);
CREATE INDEX dataset_search_modified ON dataset_search (modified DESC, id) WHERE is_primary;
CREATE INDEX dataset_search_title ON dataset_search (title_key, id) WHERE is_primary;
CREATE INDEX dataset_search_quality ON dataset_search (quality);

-- Which member of a cluster the list shows.
CREATE OR REPLACE FUNCTION moisson_elect_primary(cluster uuid) RETURNS void
  LANGUAGE sql
  AS $$
  UPDATE dataset_search s SET is_primary = (s.id = p.id)
  FROM (SELECT id FROM dataset_search WHERE cluster_id = cluster
        ORDER BY (status <> 'active'), chain_length, first_seen, id LIMIT 1) p
  WHERE s.cluster_id = cluster AND s.is_primary IS DISTINCT FROM (s.id = p.id) $$;

CREATE OR REPLACE FUNCTION moisson_index_dataset() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
DECLARE
  d jsonb;
  q jsonb;
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
  q := moisson_quality(d);
  INSERT INTO dataset_search AS s (id, source_id, cluster_id, status, chain_length, first_seen, modified, title_key, document,
    publisher, publisher_label, themes, theme_labels, keywords, keyword_labels, formats, format_labels, licenses, license_labels,
    languages, bbox, quality, quality_criteria)
  SELECT NEW.id, NEW.source_id, NEW.cluster_id, NEW.status, jsonb_array_length(NEW.chain), NEW.first_seen,
    coalesce(moisson_timestamp(d->>'modified'), moisson_timestamp(NEW.remote_modified), NEW.last_changed),
    lower(moisson_unaccent(NEW.title)),
    moisson_tsvector(coalesce(nullif(moisson_all_text(d->'title'), ''), NEW.title), 'A')
      || moisson_tsvector(moisson_all_text(d->'keywords'), 'B')
      || moisson_tsvector(left(moisson_all_text(d->'description'), 20000), 'C'),
    coalesce(d->'publisher'->>'uri', lower(moisson_pick_text(d->'publisher'->'name'))),
    moisson_pick_text(d->'publisher'->'name'),
    coalesce(th.v, '{}'), coalesce(th.l, '{}'), coalesce(kw.v, '{}'), coalesce(kw.l, '{}'),
    coalesce(fm.v, '{}'), coalesce(fm.l, '{}'), coalesce(li.v, '{}'), coalesce(li.l, '{}'),
    coalesce(la.v, '{}'), sp.b, (q->>'score')::smallint, q->'criteria'
  FROM
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
  PERFORM moisson_elect_primary(NEW.cluster_id);
  RETURN NULL;
END $$;

-- AFTER triggers run at the end of their statement, so a statement that moves a whole cluster
-- (linkClusters) elects its primary over the final membership.
CREATE TRIGGER datasets_search_index AFTER INSERT OR UPDATE OR DELETE ON datasets
  FOR EACH ROW EXECUTE FUNCTION moisson_index_dataset();

-- Index what is already stored.
UPDATE datasets SET first_seen = first_seen;
