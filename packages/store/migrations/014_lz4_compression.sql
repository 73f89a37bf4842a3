-- The large values of a dataset row, compressed with LZ4 instead of PostgreSQL's default pglz.
-- A CSW record's original ISO document is ~24 KB: pglz compressing it (and the normalised `data`)
-- on every write was a large share of the database's CPU per record. LZ4 compresses and
-- decompresses several times faster, for slightly larger values on disk. Rows already stored keep
-- their pglz values until they are rewritten; both read the same.
ALTER TABLE datasets
  ALTER COLUMN raw_original SET COMPRESSION lz4,
  ALTER COLUMN data SET COMPRESSION lz4,
  ALTER COLUMN chain SET COMPRESSION lz4,
  ALTER COLUMN search_fields SET COMPRESSION lz4;
