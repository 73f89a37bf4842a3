import { PREFIXES } from './vocab.js';

const NCNAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

/** Splits an IRI into namespace + local name when the local name is an XML NCName (needed for RDF/XML element names). */
export function splitIri(iri: string): { namespace: string; local: string } | undefined {
  const cut = Math.max(iri.lastIndexOf('#'), iri.lastIndexOf('/'));
  if (cut < 0 || cut === iri.length - 1) return undefined;
  const local = iri.slice(cut + 1);
  return NCNAME.test(local) ? { namespace: iri.slice(0, cut + 1), local } : undefined;
}

/** Prefix ↔ namespace table of one document: the known prefixes, plus `ns1`, `ns2`… for any other namespace met. */
export class PrefixTable {
  private readonly byNamespace = new Map<string, string>();
  readonly used = new Map<string, string>();
  private generated = 0;

  constructor() {
    for (const [prefix, namespace] of Object.entries(PREFIXES)) this.byNamespace.set(namespace, prefix);
  }

  /** `prefix:local` for an IRI in a known namespace, else undefined (no new prefix minted). */
  compact(iri: string): string | undefined {
    const parts = splitIri(iri);
    const prefix = parts && this.byNamespace.get(parts.namespace);
    if (!parts || !prefix) return undefined;
    this.used.set(prefix, parts.namespace);
    return `${prefix}:${parts.local}`;
  }

  /** `prefix:local`, minting a prefix for an unknown namespace; undefined when the local name cannot be an NCName. */
  qname(iri: string): string | undefined {
    const parts = splitIri(iri);
    if (!parts) return undefined;
    let prefix = this.byNamespace.get(parts.namespace);
    if (!prefix) {
      prefix = `ns${++this.generated}`;
      this.byNamespace.set(parts.namespace, prefix);
    }
    this.used.set(prefix, parts.namespace);
    return `${prefix}:${parts.local}`;
  }
}
