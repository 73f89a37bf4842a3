import { createHash } from 'node:crypto';

/**
 * JSON with object keys sorted and `undefined` members dropped, so two equal values always
 * give the same text whatever order their properties were built in.
 */
export function canonicalJson(value: unknown): string {
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

/**
 * `canonicalJson` of an object whose members are given as their canonical JSON already (an
 * undefined member is left out): a large member serialised once can be hashed and sent as is.
 */
export function canonicalJsonOfMembers(members: Readonly<Record<string, string | undefined>>): string {
  let out = '';
  for (const key of Object.keys(members).sort()) {
    const member = members[key];
    if (member !== undefined) out += `${out ? ',' : '{'}${JSON.stringify(key)}:${member}`;
  }
  return out ? `${out}}` : '{}';
}

/** A stable SHA-256 (hex) of a value's canonical JSON: equal content, equal hash. */
export function contentHash(value: unknown): string {
  return sha256Hex(canonicalJson(value));
}

/** The SHA-256 (hex) of a text (canonical JSON, for a content hash). */
export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
