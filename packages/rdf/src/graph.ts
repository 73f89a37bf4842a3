import { DataFactory, type BlankNode, type Literal, type NamedNode, type Quad } from 'n3';
import type { Text } from '@moisson/core';
import { RDF_TYPE, XSD } from './vocab.js';

const { namedNode, blankNode, literal, quad } = DataFactory;

export type Subject = NamedNode | BlankNode;

// Predicates are a few dozen fixed IRIs: one node each instead of one per quad.
const predicates = new Map<string, NamedNode>();
function predicateNode(iri: string): NamedNode {
  let node = predicates.get(iri);
  if (!node) {
    node = namedNode(iri);
    predicates.set(iri, node);
  }
  return node;
}
export type Obj = NamedNode | BlankNode | Literal;

/**
 * Collects the quads of one output document. Blank-node labels are numbered per document so
 * several entries written into one catalogue page never share a blank node; nodes with an IRI
 * that many entries mention (an organisation, a licence, a catalogue) are described once.
 */
export class GraphBuilder {
  readonly quads: Quad[] = [];
  private blanks = 0;
  private readonly described = new Set<string>();
  private readonly seen = new Set<string>();
  private readonly claimed = new Set<string>();

  /** Reserves a subject IRI for one described resource; false when another already has it. */
  claim(iri: string): boolean {
    if (this.claimed.has(iri)) return false;
    this.claimed.add(iri);
    return true;
  }

  blank(): BlankNode {
    return blankNode(`b${this.blanks++}`);
  }

  add(subject: Subject, predicate: string, object: Obj | undefined): void {
    if (!object) return;
    // n3 terms carry a unique `id` string; reading `.value` of an n3 literal re-parses it.
    const key = `${subject.id}\u0000${predicate}\u0000${object.id}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.quads.push(quad(subject, predicateNode(predicate), object));
  }

  type(subject: Subject, ...classes: string[]): void {
    for (const c of classes) this.add(subject, RDF_TYPE, namedNode(c));
  }

  /** Links to an IRI when the value is a usable one; says whether it did. */
  link(subject: Subject, predicate: string, value: string | undefined): NamedNode | undefined {
    const node = iri(value);
    this.add(subject, predicate, node);
    return node;
  }

  texts(subject: Subject, predicate: string, values: readonly Text[] | undefined): void {
    for (const t of values ?? []) if (t.value.trim()) this.add(subject, predicate, textLiteral(t));
  }

  /**
   * Runs `describe` the first time an IRI node is seen in this document under this `aspect`
   * (so an organisation named by two datasets gets one `foaf:name`, one `dct:type`); blank
   * nodes always run.
   */
  once(node: Subject, describe: () => void, aspect = ''): void {
    if (node.termType === 'NamedNode') {
      const key = `${aspect}\u0000${node.value}`;
      if (this.described.has(key)) return;
      this.described.add(key);
    }
    describe();
  }
}

/** An RDF literal with its language tag when the source gave one. */
export function textLiteral(text: Text): Literal {
  return text.lang ? literal(text.value, text.lang.toLowerCase()) : literal(text.value);
}

export function plain(value: string): Literal {
  return literal(value);
}

export function typed(value: string, datatype: string): Literal {
  return literal(value, namedNode(datatype));
}

/**
 * A temporal literal typed by its lexical form, as DCAT-AP's date-or-dateTime rule asks;
 * a value none of the four types can hold is left out rather than written untyped.
 */
export function dateLiteral(value: string | undefined): Literal | undefined {
  if (!value) return undefined;
  const v = value.trim();
  if (/^-?\d{4}$/.test(v)) return typed(v, XSD('gYear'));
  if (/^\d{4}-(0[1-9]|1[0-2])$/.test(v)) return typed(v, XSD('gYearMonth'));
  if (/^\d{4}-\d{2}-\d{2}(Z|[+-]\d{2}:\d{2})?$/.test(v)) return typed(v, XSD('date'));
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/.test(v)) return typed(v, XSD('dateTime'));
  return undefined;
}

const UNSAFE_IRI = /[\s<>"{}|\\^`]/;

/**
 * The value as an IRI node, or undefined when it is not one. http(s) URLs are normalised by
 * WHATWG URL (which percent-encodes spaces and the like); other schemes (urn:, mailto:) are
 * kept when they contain nothing that would break N-Triples.
 */
export function iri(value: string | undefined): NamedNode | undefined {
  if (!value) return undefined;
  const v = value.trim();
  if (/^https?:\/\//i.test(v)) {
    try {
      return namedNode(new URL(v).href);
    } catch {
      return undefined;
    }
  }
  if (/^[a-z][a-z0-9+.-]*:[^\s]+$/i.test(v) && !UNSAFE_IRI.test(v) && !/^javascript:/i.test(v)) return namedNode(v);
  return undefined;
}

/**
 * `iri()`, but a bare origin stays as written (`https://x.org`, not `https://x.org/`): both are
 * valid IRIs, and a catalogue URL read back from a chain must be the one that was written.
 */
export function iriAsGiven(value: string | undefined): NamedNode | undefined {
  const node = iri(value);
  const given = value?.trim();
  return node && given && node.value === `${given}/` ? namedNode(given) : node;
}

export function isHttpIri(value: string | undefined): value is string {
  return !!value && /^https?:\/\/[^\s]+$/i.test(value.trim()) && iri(value) !== undefined;
}

export { namedNode };
