-- The identity lookups (drift, cluster links) probe datasets_match_keys once per committed page.
-- With GIN's default fastupdate, every new key waits in an unsorted pending list that each probe
-- scans in full until the next vacuum: during a first harvest that list holds the whole run, and
-- each page cost grew with everything written before it (O(n²), 35 datasets/s at 10k).
-- Without it, inserts update the index directly and every probe is a plain index lookup.
ALTER INDEX datasets_match_keys SET (fastupdate = off);
ALTER INDEX datasets_identifiers SET (fastupdate = off);
