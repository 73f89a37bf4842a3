/** Narrowing helpers: remote JSON enters as `unknown` and leaves as the few shapes harvesters read. */
export type JsonObject = Record<string, unknown>;

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A non-empty trimmed string (finite numbers written out: portals sometimes type ids as numbers), else undefined. */
export function nonEmptyString(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed || undefined;
}

/** Strings from a string or a list of strings, empties dropped. */
export function nonEmptyStrings(value: unknown): string[] {
  return (Array.isArray(value) ? value : [value]).map(nonEmptyString).filter((v): v is string => v !== undefined);
}

/** JSON.parse that returns undefined instead of throwing. */
export function parseJsonOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
