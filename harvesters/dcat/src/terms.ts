import type { Quad, Term as RdfJsTerm } from '@rdfjs/types';
import { XSD } from './ns.js';

/**
 * A plain, JSON-serialisable RDF term: what grouped records carry from `pages` to `normalise`
 * (RDF/JS terms are class instances and differ between parsers).
 */
export type NodeTerm = { kind: 'iri' | 'bnode'; value: string };
export type LiteralTerm = { kind: 'literal'; value: string; datatype?: string; lang?: string };
export type Term = NodeTerm | LiteralTerm;

export interface Triple {
  s: NodeTerm;
  p: string;
  o: Term;
}

/** A key unique within one document: the IRI, or `_:label` for a blank node. */
export function termKey(term: NodeTerm): string {
  return term.kind === 'bnode' ? `_:${term.value}` : term.value;
}

export function isNode(term: Term): term is NodeTerm {
  return term.kind !== 'literal';
}

const XSD_STRING = XSD + 'string';
const RDF_LANG_STRING = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#langString';

function fromRdfJs(term: RdfJsTerm): Term | undefined {
  switch (term.termType) {
    case 'NamedNode':
      return { kind: 'iri', value: term.value };
    case 'BlankNode':
      return { kind: 'bnode', value: term.value };
    case 'Literal': {
      const literal: LiteralTerm = { kind: 'literal', value: term.value };
      if (term.language) literal.lang = term.language;
      else if (term.datatype && term.datatype.value !== XSD_STRING && term.datatype.value !== RDF_LANG_STRING) literal.datatype = term.datatype.value;
      return literal;
    }
    default:
      return undefined;
  }
}

/** An RDF/JS quad as a plain triple (the graph name is dropped: DCAT documents are one graph). */
export function tripleFromQuad(quad: Quad): Triple | undefined {
  const s = fromRdfJs(quad.subject);
  const o = fromRdfJs(quad.object);
  if (!s || s.kind === 'literal' || !o || quad.predicate.termType !== 'NamedNode') return undefined;
  return { s, p: quad.predicate.value, o };
}

const LITERAL_UNSAFE = /["\\\n\r]/;

/** Whether an IRI has a character N-Triples must escape (a plain loop: faster than a regex here). */
function iriNeedsEscape(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c <= 0x20 || c === 0x3c || c === 0x3e || c === 0x22 || c === 0x7b || c === 0x7d || c === 0x7c || c === 0x5e || c === 0x60 || c === 0x5c) return true;
  }
  return false;
}

// Most values need no escaping: a test is much cheaper than a replace with a callback.
function escapeIri(value: string): string {
  if (!iriNeedsEscape(value)) return value;
  return value.replace(/[\u0000-\u0020<>"{}|^`\\]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function escapeLiteral(value: string): string {
  if (!LITERAL_UNSAFE.test(value)) return value;
  return value.replace(/["\\\n\r]/g, (c) => (c === '\n' ? '\\n' : c === '\r' ? '\\r' : `\\${c}`));
}

function ntNode(term: NodeTerm): string {
  if (term.kind === 'iri') return `<${escapeIri(term.value)}>`;
  return `_:${/[^A-Za-z0-9_-]/.test(term.value) ? term.value.replace(/[^A-Za-z0-9_-]/g, '_') : term.value}`;
}

/**
 * The N-Triples of terms a document repeats (predicates, datatypes), written once per document:
 * escaping scans every character, and a record's triples use a few dozen of them over and over.
 */
class NTriplesCache {
  private readonly predicates = new Map<string, string>();
  private readonly datatypes = new Map<string, string>();

  /** ` <predicate> ` */
  predicate(iri: string): string {
    let nt = this.predicates.get(iri);
    if (nt === undefined) {
      nt = ` <${escapeIri(iri)}> `;
      if (this.predicates.size >= MAX_CACHED) this.predicates.clear();
      this.predicates.set(iri, nt);
    }
    return nt;
  }

  /** `^^<datatype>` */
  datatype(iri: string): string {
    let nt = this.datatypes.get(iri);
    if (nt === undefined) {
      nt = `^^<${escapeIri(iri)}>`;
      if (this.datatypes.size >= MAX_CACHED) this.datatypes.clear();
      this.datatypes.set(iri, nt);
    }
    return nt;
  }
}

/** Distinct predicates and datatypes remembered; a document with more only loses the cache's speed. */
const MAX_CACHED = 1_000;
const cache = new NTriplesCache();

function ntObject(term: Term): string {
  if (term.kind !== 'literal') return ntNode(term);
  const body = `"${escapeLiteral(term.value)}"`;
  if (term.lang) return `${body}@${term.lang}`;
  return term.datatype ? body + cache.datatype(term.datatype) : body;
}

/** The triples as an N-Triples document (the `original` of a record). */
export function toNTriples(triples: readonly Triple[]): string {
  let out = '';
  // A subject's triples come together: its N-Triples form is written once per run of them.
  let subject: NodeTerm | undefined;
  let subjectNt = '';
  for (const t of triples) {
    if (t.s !== subject) {
      subject = t.s;
      subjectNt = ntNode(t.s);
    }
    out += subjectNt + cache.predicate(t.p) + ntObject(t.o) + ' .\n';
  }
  return out;
}
