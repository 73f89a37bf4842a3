import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/** What a source is fetched with, in clear: only the worker ever holds this. */
export type SourceCredentials =
  | { type: 'basic'; username: string; password: string }
  | { type: 'header'; name: string; value: string };

/** Credentials as stored: the kind in clear, the rest sealed. */
export interface SealedCredentials {
  type: SourceCredentials['type'];
  sealed: string;
}

/** The key is missing, malformed, or cannot open what was sealed (changed key, tampered value). */
export class SecretKeyError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SecretKeyError';
  }
}

const VERSION = 'v1';
// Binds every sealed value to its purpose: a value sealed for something else never opens here.
const AAD = Buffer.from('moisson/source-credentials/v1');

/** A 32-byte key written as 64 hex digits or as base64 / base64url. */
export function parseSecretKey(raw: string, name = 'MOISSON_SECRET_KEY'): Buffer {
  const text = raw.trim();
  const key = /^[0-9a-f]{64}$/i.test(text) ? Buffer.from(text, 'hex') : /^[A-Za-z0-9+/_-]+={0,2}$/.test(text) ? Buffer.from(text, 'base64') : undefined;
  if (!key || key.length !== 32) {
    throw new SecretKeyError(`${name} must be 32 random bytes written as 64 hex digits or in base64 (e.g. \`openssl rand -base64 32\`)`);
  }
  return key;
}

/**
 * AES-256-GCM sealing of source credentials: a fresh 96-bit IV per value, the 128-bit tag kept
 * with it, so a changed key or a tampered value fails to open instead of yielding garbage.
 */
export class SecretBox {
  private readonly key: Buffer;

  constructor(key: Buffer | string) {
    this.key = typeof key === 'string' ? parseSecretKey(key) : key;
    if (this.key.length !== 32) throw new SecretKeyError('the secret key must be 32 bytes');
  }

  /** The box of `MOISSON_SECRET_KEY`, or undefined when it is not set. */
  static fromEnv(env: NodeJS.ProcessEnv = process.env): SecretBox | undefined {
    const raw = env.MOISSON_SECRET_KEY?.trim();
    return raw ? new SecretBox(parseSecretKey(raw)) : undefined;
  }

  seal(credentials: SourceCredentials): SealedCredentials {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(AAD);
    const body = Buffer.concat([cipher.update(JSON.stringify(credentials), 'utf8'), cipher.final()]);
    const parts = [iv, cipher.getAuthTag(), body].map((b) => b.toString('base64url'));
    return { type: credentials.type, sealed: [VERSION, ...parts].join('.') };
  }

  open(stored: SealedCredentials): SourceCredentials {
    const [version, iv, tag, body] = stored.sealed.split('.');
    if (version !== VERSION || !iv || !tag || body === undefined) throw new SecretKeyError(`stored credentials are not in the ${VERSION} format`);
    let text: string;
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'));
      decipher.setAAD(AAD);
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      text = Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
    } catch (cause) {
      throw new SecretKeyError('the source credentials cannot be opened with this MOISSON_SECRET_KEY (was the key changed?)', { cause });
    }
    const value = JSON.parse(text) as SourceCredentials;
    if (value.type !== stored.type) throw new SecretKeyError('the stored credentials do not match their declared type');
    return value;
  }
}
