import type { Quad } from 'n3';
import { PrefixTable } from './names.js';
import { PREFIXES, RDF, RDF_TYPE, XSD } from './vocab.js';

export type JsonLdValue = { '@id': string } | { '@value': string; '@language'?: string; '@type'?: string };
export interface JsonLdNode {
  '@id': string;
  '@type'?: string | string[];
  [property: string]: JsonLdValue | JsonLdValue[] | string | string[] | undefined;
}
export interface JsonLdDocument {
  '@context': Record<string, string>;
  '@graph': JsonLdNode[];
}

function nodeId(term: Quad['subject'] | Quad['object']): string {
  return term.termType === 'BlankNode' ? `_:${term.value}` : term.value;
}

/**
 * JSON-LD built straight from the quads: one node object per subject in `@graph`, properties
 * and types as compact IRIs of a `@context` holding only prefixes (so every key expands the
 * same way in any JSON-LD processor), `@id` values always absolute (a compact IRI there would
 * be ambiguous with real IRIs such as `urn:` or `mailto:`).
 */
export function toJsonLd(quads: readonly Quad[]): JsonLdDocument {
  const prefixes = new PrefixTable();
  const nodes = new Map<string, JsonLdNode>();
  const key = (iri: string) => prefixes.compact(iri) ?? iri;
  for (const q of quads) {
    const id = nodeId(q.subject);
    let node = nodes.get(id);
    if (!node) {
      node = { '@id': id };
      nodes.set(id, node);
    }
    if (q.predicate.value === RDF_TYPE && q.object.termType === 'NamedNode') {
      append(node, '@type', key(q.object.value));
      continue;
    }
    append(node, key(q.predicate.value), valueOf(q.object, key));
  }
  const context: Record<string, string> = {};
  for (const [prefix, namespace] of Object.entries(PREFIXES)) if (prefixes.used.has(prefix)) context[prefix] = namespace;
  return { '@context': context, '@graph': [...nodes.values()] };
}

function valueOf(o: Quad['object'], key: (iri: string) => string): JsonLdValue {
  if (o.termType === 'NamedNode' || o.termType === 'BlankNode') return { '@id': nodeId(o) };
  if (o.termType !== 'Literal') throw new Error(`JSON-LD cannot write a ${o.termType} object`);
  if (o.language) return { '@value': o.value, '@language': o.language };
  if (o.datatype.value === XSD('string') || o.datatype.value === RDF('langString')) return { '@value': o.value };
  return { '@value': o.value, '@type': key(o.datatype.value) };
}

function append<T extends string | JsonLdValue>(node: JsonLdNode, property: string, value: T): void {
  const current = node[property] as T | T[] | undefined;
  if (current === undefined) node[property] = value as JsonLdNode[string];
  else if (Array.isArray(current)) current.push(value);
  else node[property] = [current, value] as JsonLdNode[string];
}
