-- The search trigger (migration 007) builds each row's full-text vector through SQL-language
-- functions that PostgreSQL cannot inline: `moisson_all_text` reads its list with a FROM clause,
-- and `moisson_tsvector` uses its argument twice. PostgreSQL 15 parses and plans the body of such a
-- function again on every call (fmgr_sql), six times per dataset written: a profile of a CKAN
-- harvest put 28% of the database's CPU under fmgr_sql, most of it parsing and planning.
-- PL/pgSQL keeps a function's plans for the session, so the same bodies in PL/pgSQL cost one
-- planning per connection. Same results: NULL for anything that is not an array, values joined
-- by a space in list order; both languages' vectors over the text unaccented once.

CREATE OR REPLACE FUNCTION moisson_all_text(texts jsonb) RETURNS text
  LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
  AS $$
BEGIN
  IF jsonb_typeof(texts) IS DISTINCT FROM 'array' THEN
    RETURN NULL;
  END IF;
  RETURN (SELECT string_agg(t->>'value', ' ') FROM jsonb_array_elements(texts) t);
END $$;

CREATE OR REPLACE FUNCTION moisson_tsvector(body text, weight "char") RETURNS tsvector
  LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
  AS $$
DECLARE
  folded text := moisson_unaccent(coalesce(body, ''));
BEGIN
  RETURN setweight(to_tsvector('french', folded), weight) || setweight(to_tsvector('english', folded), weight);
END $$;

-- Called for every row a harvest rewrites (an update, a cluster change): the same per-call
-- planning, removed the same way.
CREATE OR REPLACE FUNCTION moisson_elect_primary(cluster uuid) RETURNS void
  LANGUAGE plpgsql
  AS $$
BEGIN
  UPDATE dataset_search s SET is_primary = (s.id = p.id)
  FROM (SELECT id FROM dataset_search WHERE cluster_id = cluster
        ORDER BY (status <> 'active'), chain_length, first_seen, id LIMIT 1) p
  WHERE s.cluster_id = cluster AND s.is_primary IS DISTINCT FROM (s.id = p.id);
END $$;
