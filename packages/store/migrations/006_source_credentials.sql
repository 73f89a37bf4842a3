-- Credentials a source is fetched with (basic auth, an API key header), sealed with AES-256-GCM
-- under MOISSON_SECRET_KEY: {"type": "basic" | "header", "sealed": "v1.<iv>.<tag>.<ciphertext>"}.
-- The type is kept in clear so the API can say which kind is set without the key.
ALTER TABLE sources ADD COLUMN credentials jsonb
  CHECK (credentials IS NULL OR (credentials->>'type' IN ('basic', 'header') AND jsonb_typeof(credentials->'sealed') = 'string'));
