-- Pages of servers that send neither ETag nor Last-Modified (and streamed pages) are remembered by a
-- digest of their body, the source's settings and moisson's code: a next GET whose body has the same
-- digest is replayed like a 304, without parsing it (issue 7).
ALTER TABLE page_validators ADD COLUMN body_digest text;
ALTER TABLE page_validators DROP CONSTRAINT page_validators_check;
ALTER TABLE page_validators ADD CONSTRAINT page_validators_has_validator CHECK (etag IS NOT NULL OR last_modified IS NOT NULL OR body_digest IS NOT NULL);
