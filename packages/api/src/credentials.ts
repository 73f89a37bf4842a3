import { Type } from '@fastify/type-provider-typebox';
import type { SealedCredentials, SecretBox, SourceCredentials } from '@moisson/store';
import { ApiError } from './errors.js';

// RFC 7230 token: what a header name may be. Names that would change the request's meaning are refused.
const HEADER_NAME = '^[!#$%&\'*+.^_`|~0-9A-Za-z-]+$';
const RESERVED_HEADERS = new Set(['host', 'content-length', 'content-type', 'transfer-encoding', 'connection', 'cookie', 'if-none-match', 'if-modified-since', 'user-agent', 'accept-encoding']);
// Visible ASCII and spaces only: no CR/LF smuggling another header in.
const HEADER_VALUE = '^[\\x20-\\x7E]+$';

/** What `POST/PATCH /admin/sources` accept as `credentials`; `null` in a patch removes them. */
export const CredentialsBody = Type.Union(
  [
    Type.Object(
      {
        type: Type.Literal('basic'),
        username: Type.String({ minLength: 1, maxLength: 500, pattern: '^[^:\\r\\n]+$', description: 'No colon (RFC 7617).' }),
        password: Type.String({ maxLength: 2000, pattern: '^[^\\r\\n]*$' }),
      },
      { additionalProperties: false },
    ),
    Type.Object(
      {
        type: Type.Literal('header'),
        name: Type.String({ minLength: 1, maxLength: 100, pattern: HEADER_NAME, description: 'e.g. `Authorization`, `X-CKAN-API-Key`.' }),
        value: Type.String({ minLength: 1, maxLength: 4000, pattern: HEADER_VALUE }),
      },
      { additionalProperties: false },
    ),
  ],
  { description: 'Sent to the source host only (never after a redirect to another host); stored encrypted and never returned.' },
);

/** What the API says about stored credentials: their kind, never their content. */
export const CredentialsView = Type.Union([
  Type.Null(),
  Type.Object({ type: Type.String(), set: Type.Literal(true) }),
]);

export function credentialsView(stored: SealedCredentials | null | undefined) {
  return stored ? { type: stored.type, set: true as const } : null;
}

/** Seals credentials from a request body, or refuses them when no key was configured. */
export function sealCredentials(secrets: SecretBox | undefined, given: SourceCredentials): SealedCredentials {
  if (given.type === 'header' && RESERVED_HEADERS.has(given.name.toLowerCase())) {
    throw new ApiError(422, 'invalid_credentials', `credentials.name "${given.name}" is a header moisson sets itself; use Authorization or an API key header`);
  }
  if (!secrets) {
    throw new ApiError(422, 'credentials_need_key', 'this server cannot store credentials: start it with MOISSON_SECRET_KEY (32 random bytes in base64 or hex, e.g. `openssl rand -base64 32`)');
  }
  return secrets.seal(given);
}
