/** Narrowing helpers for CKAN's JSON: remote payloads enter as `unknown`. */

import { isJsonObject as isObject, type JsonObject } from '@moisson/core';

export { isObject, type JsonObject };

/** A trimmed, non-empty string (numbers and booleans are written out), else undefined. */
export function str(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim() || undefined;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'boolean') return String(value);
  return undefined;
}

export function objects(value: unknown): JsonObject[] {
  return Array.isArray(value) ? value.filter(isObject) : [];
}

/** Parses a string that looks like JSON (`[...]`, `{...}`); undefined when it does not parse. */
export function parseJsonText(value: string): unknown {
  const v = value.trim();
  if (!(v.startsWith('[') || v.startsWith('{'))) return undefined;
  try {
    return JSON.parse(v) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * Every string in a value that may be a list, a JSON-encoded list (legacy ckanext-dcat extras
 * store `["a", "b"]` as text) or a single string.
 */
export function stringList(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(str).filter((v): v is string => v !== undefined);
  const single = str(value);
  if (single === undefined) return [];
  const parsed = parseJsonText(single);
  if (Array.isArray(parsed)) return stringList(parsed);
  return [single];
}
