-- The full-text document stemmed every text of a dataset twice, in French and in English, whatever
-- language it was written in: an abstract tagged French also gave English stems (noise a French
-- query could not ask for, and an English query could only match by accident), and cost a second
-- parse of the longest text a dataset has. Each value is now stemmed in its own language when it
-- says it is French or English (its `lang`, `fr`, `en`, or a region of them such as `fr-CA`), and in
-- both as before when it says nothing or names another language. A query is still stemmed both
-- ways (moisson_tsquery), so a word a text holds is found whichever language asks for it.
-- One call builds the three weighted parts (title A, keywords B, description C) and reads each
-- list once, where the triggers called moisson_all_text and moisson_tsvector three times each.
-- Rows written before keep their document until their record changes: both stemmers over every
-- value, a superset of what they would get now.

-- A list of texts as two joined texts: the values to stem in French, the values to stem in English
-- (each value in list order, joined by a space; NULL when none). Not a list: both NULL.
CREATE OR REPLACE FUNCTION moisson_texts_by_language(texts jsonb) RETURNS text[]
  LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
  AS $$
DECLARE
  french text;
  english text;
  item text;
  lang text;
BEGIN
  IF jsonb_typeof(texts) IS DISTINCT FROM 'array' THEN
    RETURN ARRAY[NULL, NULL]::text[];
  END IF;
  FOR i IN 0 .. jsonb_array_length(texts) - 1 LOOP
    item := texts->i->>'value';
    CONTINUE WHEN item IS NULL;
    lang := lower(split_part(texts->i->>'lang', '-', 1));
    IF lang IS DISTINCT FROM 'en' THEN
      french := CASE WHEN french IS NULL THEN item ELSE french || ' ' || item END;
    END IF;
    IF lang IS DISTINCT FROM 'fr' THEN
      english := CASE WHEN english IS NULL THEN item ELSE english || ' ' || item END;
    END IF;
  END LOOP;
  RETURN ARRAY[french, english];
END $$;

-- One weighted part: its French text stemmed in French, its English text in English, accents
-- folded first.
CREATE OR REPLACE FUNCTION moisson_weighted_part(texts text[], weight "char") RETURNS tsvector
  LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
  AS $$
BEGIN
  RETURN setweight(to_tsvector('french', moisson_unaccent(coalesce(texts[1], ''))), weight)
      || setweight(to_tsvector('english', moisson_unaccent(coalesce(texts[2], ''))), weight);
END $$;

-- The search document of a dataset from its title, keywords and description lists: the title (or
-- `fallback_title` when it has no title text), the keywords, the description (its first 20,000
-- characters in each language). The lists are taken apart: the insert path (migration 023) reads
-- all three with one jsonb_to_record, where each `data->'…'` decompressed the whole dataset again (8 us a row).
CREATE OR REPLACE FUNCTION moisson_search_document(title jsonb, keywords jsonb, description jsonb, fallback_title text) RETURNS tsvector
  LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
  AS $$
DECLARE
  titles text[] := moisson_texts_by_language(title);
  descriptions text[] := moisson_texts_by_language(description);
BEGIN
  IF coalesce(titles[1], '') = '' AND coalesce(titles[2], '') = '' THEN
    titles := ARRAY[fallback_title, fallback_title];
  END IF;
  RETURN moisson_weighted_part(titles, 'A')
      || moisson_weighted_part(moisson_texts_by_language(keywords), 'B')
      || moisson_weighted_part(ARRAY[left(descriptions[1], 20000), left(descriptions[2], 20000)], 'C');
END $$;

-- The update trigger of migration 016, its document built by the function above. (The insert
-- trigger of migration 017 builds it through moisson_index_datasets, migration 023.)
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
    moisson_search_document(d->'title', d->'keywords', d->'description', NEW.title),
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
