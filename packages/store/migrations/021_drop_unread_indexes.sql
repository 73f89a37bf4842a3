-- Two indexes no query reads, written for every dataset: the GIN index of a row's identifiers
-- (without a pending list since migration 004, so each identifier is a GIN tree insertion) and the
-- B-tree of its IRI. Cross-source identity and identifier drift match on `match_keys` (its own GIN
-- index), which holds the IRI and the identifiers as keys; no API looks a dataset up by either column.
DROP INDEX IF EXISTS datasets_identifiers;
DROP INDEX IF EXISTS datasets_uri;
