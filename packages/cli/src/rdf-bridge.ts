/**
 * `@moisson/rdf` is loaded at run time, not imported: JSON-LD output lights up as soon as that
 * package is built, and `harvest --format json` never depends on it.
 */
export interface JsonLdEntry {
  id: string;
  dataset: unknown;
  chain: unknown[];
  firstSeen: string;
  lastChanged: string;
  status: string;
  source: { id: string; name: string; url: string; protocol: string };
}

export interface JsonLdWriter {
  prefixes: Record<string, string>;
  toJsonLd(entry: JsonLdEntry, options: { publicUrl: string; catalogTitle?: string }): unknown;
}

export async function loadJsonLd(): Promise<JsonLdWriter | undefined> {
  const specifier = '@moisson/rdf';
  let mod: unknown;
  try {
    mod = await import(specifier);
  } catch {
    return undefined;
  }
  if (typeof mod !== 'object' || mod === null) return undefined;
  const { datasetToJsonLd, PREFIXES } = mod as Record<string, unknown>;
  if (typeof datasetToJsonLd !== 'function' || typeof PREFIXES !== 'object' || PREFIXES === null) return undefined;
  return {
    prefixes: PREFIXES as Record<string, string>,
    toJsonLd: (entry, options) => (datasetToJsonLd as (e: JsonLdEntry, o: typeof options) => unknown)(entry, options),
  };
}
