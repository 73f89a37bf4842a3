import { createHash } from 'node:crypto';

/**
 * JSON with object keys sorted and `undefined` members dropped, so two equal values always
 * give the same text whatever order their properties were built in.
 *
 * Written out directly rather than by `JSON.stringify` of a sorted copy (which allocated a second
 * object for every object hashed: a third of the hash's cost on CSW records). The text is the
 * same as that copy's: see `sortedCopyJson`, which objects the direct path does not cover still
 * take, and the differential test.
 */
export function canonicalJson(value: unknown): string {
  // Functions and symbols at the top give `undefined`, as JSON.stringify does.
  if (value === undefined || typeof value === 'function' || typeof value === 'symbol') return JSON.stringify(value);
  return write(value);
}

function write(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return quote(value);
    case 'number':
      return Number.isFinite(value) ? String(value) : 'null';
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object':
      return Array.isArray(value) ? writeArray(value) : writeObject(value as Record<string, unknown>);
    default:
      // bigint throws as JSON.stringify does; functions and symbols never reach here (dropped or null).
      return JSON.stringify(value);
  }
}

function writeArray(items: readonly unknown[]): string {
  let out = '[';
  for (let i = 0; i < items.length; i++) {
    if (i > 0) out += ',';
    const item = items[i];
    out += item === undefined || typeof item === 'function' || typeof item === 'symbol' ? 'null' : write(item);
  }
  return out + ']';
}

function writeObject(object: Record<string, unknown>): string {
  const keys = sortedKeys(object);
  let out = '{';
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as string;
    if (!isPlainKey(key)) return sortedCopyJson(object);
    const member = object[key];
    if (member === undefined || typeof member === 'function' || typeof member === 'symbol') continue;
    out += out.length === 1 ? `${quotedKey(key)}:` : `,${quotedKey(key)}:`;
    out += write(member);
  }
  return out + '}';
}

/** Object.keys sorted; most objects of a record are built in one order, often already sorted. */
function sortedKeys(object: object): string[] {
  const keys = Object.keys(object);
  for (let i = 1; i < keys.length; i++) if ((keys[i - 1] as string) > (keys[i] as string)) return keys.sort();
  return keys;
}

/** Characters JSON.stringify escapes (quote, backslash, controls) or checks (surrogates). */
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

function quote(text: string): string {
  return NEEDS_ESCAPE.test(text) ? JSON.stringify(text) : `"${text}"`;
}

/** Property names repeat in every record: quoted once. Bounded against hostile key sets. */
const quotedKeys = new Map<string, string>();

function quotedKey(key: string): string {
  let quoted = quotedKeys.get(key);
  if (quoted === undefined) {
    quoted = quote(key);
    if (quotedKeys.size < 10_000) quotedKeys.set(key, quoted);
  }
  return quoted;
}

/**
 * Keys a plain object built in sorted order would not list in that order: array indices (listed
 * first, by number), `__proto__` (which sets the prototype and vanishes) and `toJSON` (called
 * when it is a function). Those rare objects keep the original sorted-copy text.
 */
function isPlainKey(key: string): boolean {
  const c = key.charCodeAt(0);
  if (c >= 48 && c <= 57) return false; // may be an array index: let the copy decide
  return key !== '__proto__' && key !== 'toJSON';
}

/** The original definition: JSON.stringify of a copy with sorted keys. */
function sortedCopyJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map((item) => (item === undefined ? null : sortKeys(item)));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const member = (value as Record<string, unknown>)[key];
      if (member !== undefined) out[key] = sortKeys(member);
    }
    return out;
  }
  return value;
}

/** A stable SHA-256 (hex) of a value's canonical JSON: equal content, equal hash. */
export function contentHash(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex');
}
