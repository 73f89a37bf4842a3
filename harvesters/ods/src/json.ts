/** Narrowing helpers: ODS payloads enter as `unknown` and leave as the few shapes we read. */
export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A non-empty trimmed string, or undefined (numbers are accepted: ODS sometimes types ids as numbers). */
export function str(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed ? trimmed : undefined;
}

/** Strings from a string or a list of strings, empties dropped. */
export function strList(value: unknown): string[] {
  const list = Array.isArray(value) ? value : [value];
  return list.map(str).filter((v): v is string => v !== undefined);
}

export function num(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && value.trim() && Number.isFinite(Number(value))) return Number(value);
  return undefined;
}

export function obj(value: unknown): JsonObject {
  return isObject(value) ? value : {};
}

/** JSON.parse that returns undefined instead of throwing. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
