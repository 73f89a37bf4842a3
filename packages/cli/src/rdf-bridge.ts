import { datasetToJsonLd, PREFIXES, type CatalogEntry } from '@moisson/rdf';

/** What `harvest --format jsonld` writes per dataset: an entry without a store behind it. */
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

/** The JSON-LD writer of `@moisson/rdf` (a plain dependency of the CLI). */
export async function loadJsonLd(): Promise<JsonLdWriter | undefined> {
  return {
    prefixes: { ...PREFIXES },
    // The entry comes from a normaliser's output: it has the model's shape by construction.
    toJsonLd: (entry, options) => datasetToJsonLd(entry as CatalogEntry, options),
  };
}
