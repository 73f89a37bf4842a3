-- Overlapping sources (a portal re-publishing a producer's datasets, ten portals harvesting each
-- other) made every dataset row move clusters and every search row be rewritten about three times:
-- with ten sources serving the same 3,000 datasets, 1.24 updates of `datasets` and 2.75 of
-- `dataset_search` a dataset (bench/harvest-e2e.ts, `rowWritesPerDataset`). None can be HOT
-- (`cluster_id` and `is_primary` are indexed), so each rewrote all 17 indexes of the search row,
-- its full-text GIN among them, and left a dead version that concurrent harvests stepped over.
-- Two causes, two changes:

-- 1. linkClusters merges the clusters a dataset touches into the one with the smallest id, and a
--    new dataset founds a cluster named by its own random id: whenever a newcomer's id was the
--    smallest, the whole established cluster moved to it. Ids are now time-ordered (UUID version 7:
--    48 bits of Unix milliseconds, then random bits), so the smallest id is the oldest cluster and a
--    newcomer joins it; only the newcomer's row moves. The order is the same as text, which
--    linkClusters compares. Rows with earlier random ids keep them.
CREATE OR REPLACE FUNCTION moisson_time_ordered_uuid() RETURNS uuid
  LANGUAGE sql VOLATILE PARALLEL SAFE
  AS $$ SELECT encode(set_bit(set_bit(
           overlay(uuid_send(gen_random_uuid())
                   PLACING substring(int8send(floor(extract(epoch FROM clock_timestamp()) * 1000)::bigint) FROM 3)
                   FROM 1 FOR 6),
           52, 1), 53, 1), 'hex')::uuid $$;

ALTER TABLE datasets ALTER COLUMN id SET DEFAULT moisson_time_ordered_uuid();

-- 2. A search row entering a cluster kept `is_primary = true` from the cluster it founded, and the
--    election that followed flipped it: a second rewrite of the row for one move. A row inserted
--    or moved now enters as the primary only of a cluster named by its own id (the one it founds),
--    in the same write; every path that inserts or moves a row then elects its new cluster's
--    primary, which changes nothing when the newcomer is not the one to show. The body is
--    migration 009's, with that rule added.
CREATE OR REPLACE FUNCTION moisson_search_row_written() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
BEGIN
  PERFORM pg_advisory_xact_lock_shared(7207308);
  IF TG_OP = 'INSERT' THEN
    -- An upsert that meets a conflict draws one here and keeps OLD.seq: numbers have gaps.
    NEW.seq := nextval('dataset_search_seq');
    NEW.is_primary := (NEW.cluster_id = NEW.id);
  ELSE
    NEW.seq := OLD.seq;
    IF NEW.cluster_id IS DISTINCT FROM OLD.cluster_id THEN
      NEW.is_primary := (NEW.cluster_id = NEW.id);
    END IF;
  END IF;
  NEW.row_version := nextval('dataset_search_row_version');
  RETURN NEW;
END $$;
