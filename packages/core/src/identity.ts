import { canonicalCatalogUrl, type ProvenanceHop } from './provenance.js';
import type { Dataset } from './model.js';

/**
 * Keys that identify a dataset across sources, normalised so that the same thing written two
 * ways gives one key (DCAT-AP.md §3.8): http(s) IRIs (host lower-cased, trailing slash dropped),
 * DOIs (lower-cased, resolver prefix dropped), UUIDs (lower-cased, `urn:uuid:` dropped), and
 * every (catalogue, record id) pair of the chain. Literal identifiers are only used when they
 * look globally unique: bare ids like "1" or "roads" collide between sources (a data.gov bug).
 */
export function identityKeys(dataset: Dataset, chain: readonly ProvenanceHop[], source?: { url: string; remoteId: string }): string[] {
  const keys = new Set<string>();
  const add = (value: string | undefined) => {
    const key = identifierKey(value);
    if (key) keys.add(key);
  };
  add(dataset.uri);
  dataset.identifiers.forEach(add);
  dataset.otherIdentifiers.forEach((id) => add(id.notation));
  for (const hop of chain) {
    if (hop.catalog.url && hop.recordId) keys.add(`rec:${canonicalCatalogUrl(hop.catalog.url)}#${hop.recordId}`);
    add(hop.recordId);
  }
  if (source) {
    keys.add(`rec:${canonicalCatalogUrl(source.url)}#${source.remoteId}`);
    add(source.remoteId);
  }
  return [...keys];
}

const UUID = /^(?:urn:uuid:)?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;
const DOI = /^(?:doi:|https?:\/\/(?:dx\.)?doi\.org\/)?(10\.\d{4,9}\/\S+)$/i;

/** The normalised key of one identifier, or undefined when it is too weak to match on. */
export function identifierKey(value: string | undefined): string | undefined {
  const v = value?.trim();
  if (!v) return undefined;
  const uuid = UUID.exec(v);
  if (uuid?.[1]) return `uuid:${uuid[1].toLowerCase()}`;
  const doi = DOI.exec(v);
  if (doi?.[1]) return `doi:${doi[1].toLowerCase()}`;
  if (/^https?:\/\//i.test(v)) {
    try {
      const u = new URL(v);
      return `iri:${u.host.toLowerCase()}${u.pathname.replace(/\/+$/, '')}${u.search}${u.hash}`;
    } catch {
      return undefined;
    }
  }
  // Namespaced literals (`FR-123456789-ABC`, `urn:x:y`, `codespace:code`) of some length.
  if (v.length >= 12 && /[:/._-]/.test(v) && /[a-z]/i.test(v)) return `id:${v}`;
  return undefined;
}

/** Whether a chain passed through one of our own catalogue URLs (a harvest loop). */
export function chainLoopsThrough(chain: readonly ProvenanceHop[], ownUrls: readonly string[]): boolean {
  if (ownUrls.length === 0) return false;
  const own = new Set(ownUrls.map(canonicalCatalogUrl));
  return chain.some((hop) => hop.catalog.url !== undefined && [...own].some((o) => canonicalCatalogUrl(hop.catalog.url as string).startsWith(o)));
}
