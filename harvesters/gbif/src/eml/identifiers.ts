import type { Identifier } from '@moisson/core';

const DOI = /^(?:doi:|https?:\/\/(?:dx\.)?doi\.org\/)?(10\.\d{4,9}\/\S+)$/i;
const UUID = /^(?:urn:uuid:)?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;
const GBIF_DATASET = /^https?:\/\/(?:www\.)?gbif\.org\/dataset\/([0-9a-f-]{36})\/?$/i;

/** The DOI resolver IRI for a DOI in any of its written forms; undefined when it is not one. */
export function doiIri(value: string | undefined): string | undefined {
  const doi = value ? DOI.exec(value.trim())?.[1] : undefined;
  return doi ? `https://doi.org/${doi.toLowerCase()}` : undefined;
}

/**
 * An `adms:Identifier` from an EML `alternateIdentifier` or a citation identifier: DOIs as
 * resolver IRIs, UUIDs lower-cased, GBIF dataset pages as `gbif` keys, other URLs as `url`.
 */
export function classifyIdentifier(value: string): Identifier {
  const v = value.trim();
  const doi = doiIri(v);
  if (doi) return { notation: doi, scheme: 'doi' };
  const uuid = UUID.exec(v)?.[1];
  if (uuid) return { notation: uuid.toLowerCase(), scheme: 'uuid' };
  const gbif = GBIF_DATASET.exec(v)?.[1];
  if (gbif) return { notation: gbif.toLowerCase(), scheme: 'gbif', creator: 'GBIF' };
  if (/^https?:\/\//i.test(v)) return { notation: v, scheme: 'url' };
  return { notation: v };
}

/** `<uuid>/v1.3` → key `<uuid>`, version `1.3`; other package ids are their own key. */
export function splitPackageId(packageId: string): { key: string; version?: string } {
  const match = /^(.+?)\/v?(\d+(?:\.\d+)*)$/.exec(packageId.trim());
  if (match?.[1] && match[2] && !/^https?:$/i.test(match[1])) return { key: match[1], version: match[2] };
  return { key: packageId.trim() };
}

/** Identifiers once each (same scheme and notation), first occurrence kept. */
export function uniqueIdentifiers(values: readonly Identifier[]): Identifier[] {
  const seen = new Set<string>();
  return values.filter((id) => {
    const key = `${id.scheme ?? ''}\u0000${id.notation.toLowerCase()}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
