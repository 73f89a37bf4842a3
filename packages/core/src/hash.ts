import { createHash } from 'node:crypto';

/**
 * JSON with object keys sorted and `undefined` members dropped, so two equal values always
 * give the same text whatever order their properties were built in.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

/**
 * The value with every object's keys in sorted order, for JSON.stringify. A part already in
 * order (its keys sorted, no undefined member, nothing changed below it) is returned as is
 * instead of copied: about half the objects of a normalised dataset, and copying them was most
 * of this function's cost (a tenth to a fifth of canonicalJson, by protocol).
 */
function sortKeys(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      const sorted = item === undefined ? null : sortKeys(item);
      if (copy === undefined && sorted !== item) copy = value.slice(0, i);
      copy?.push(sorted);
    }
    return copy ?? value;
  }
  const object = value as Record<string, unknown>;
  const keys = Object.keys(object);
  const inOrder = sortInPlace(keys);
  let copy: Record<string, unknown> | undefined = inOrder ? undefined : {};
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as string;
    const member = object[key];
    const sorted = member === undefined ? undefined : sortKeys(member);
    if (copy === undefined && sorted !== member) copy = prefixOf(object, keys, i);
    if (copy !== undefined && sorted !== undefined) define(copy, key, sorted);
  }
  return copy ?? object;
}

/** Sorts a few keys (insertion sort: objects here have a handful); whether they were in order already. */
function sortInPlace(keys: string[]): boolean {
  let inOrder = true;
  for (let i = 1; i < keys.length; i++) {
    const key = keys[i] as string;
    if ((keys[i - 1] as string) < key) continue;
    inOrder = false;
    let j = i - 1;
    for (; j >= 0 && (keys[j] as string) > key; j--) keys[j + 1] = keys[j] as string;
    keys[j + 1] = key;
  }
  return inOrder;
}

/** A copy of the object's first `count` keys (in the given order), for a part that turned out to change. */
function prefixOf(object: Record<string, unknown>, keys: readonly string[], count: number): Record<string, unknown> {
  const copy: Record<string, unknown> = {};
  for (let k = 0; k < count; k++) {
    const key = keys[k] as string;
    const member = object[key];
    if (member !== undefined) define(copy, key, member);
  }
  return copy;
}

/** `copy[key] = value`, except that a member named `__proto__` stays a member (JSON.parse makes such members). */
function define(copy: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(copy, key, { value, enumerable: true, writable: true, configurable: true });
  else copy[key] = value;
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
