import { Readable } from 'node:stream';
import { Parser, type Quad } from 'n3';
import { RdfXmlParser } from 'rdfxml-streaming-parser';
import { JsonLdParser } from 'jsonld-streaming-parser';

type AnyTerm = { termType: string; value: string; language?: string; datatype?: { value: string } };
type AnyQuad = { subject: AnyTerm; predicate: AnyTerm; object: AnyTerm };

/** A term as text: `<iri>`, `_:label`, `"value"@lang` or `"value"^^<type>`. */
export function show(term: AnyTerm): string {
  if (term.termType === 'NamedNode') return `<${term.value}>`;
  if (term.termType === 'BlankNode') return `_:${term.value}`;
  if (term.language) return `${JSON.stringify(term.value)}@${term.language}`;
  const dt = term.datatype?.value ?? 'http://www.w3.org/2001/XMLSchema#string';
  return dt === 'http://www.w3.org/2001/XMLSchema#string' ? JSON.stringify(term.value) : `${JSON.stringify(term.value)}^^<${dt}>`;
}

/** The objects of `subject predicate ?` as text (see `show`), sorted. */
export function objects(quads: readonly AnyQuad[], subject: AnyTerm | string, predicate: string): string[] {
  const s = typeof subject === 'string' ? subject : subject.value;
  return quads.filter((q) => q.subject.value === s && q.predicate.value === predicate).map((q) => show(q.object)).sort();
}

/** The single object node of `subject predicate ?` (fails loudly when there is not exactly one). */
export function only(quads: readonly AnyQuad[], subject: AnyTerm | string, predicate: string): AnyTerm {
  const s = typeof subject === 'string' ? subject : subject.value;
  const found = quads.filter((q) => q.subject.value === s && q.predicate.value === predicate);
  if (found.length !== 1) throw new Error(`expected one ${predicate} on ${s}, found ${found.length}`);
  return found[0]!.object;
}

export function subjectsOfType(quads: readonly AnyQuad[], type: string): string[] {
  return quads.filter((q) => q.predicate.value === 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type' && q.object.value === type).map((q) => q.subject.value);
}

/**
 * The triples as a sorted list of lines where every blank node is replaced by a signature of
 * what it says (recursively): equal lists mean isomorphic graphs for the acyclic blank-node
 * structures our output has.
 */
export function canonical(quads: readonly AnyQuad[]): string[] {
  const out = new Map<string, AnyQuad[]>();
  for (const q of quads) if (q.subject.termType === 'BlankNode') out.set(q.subject.value, [...(out.get(q.subject.value) ?? []), q]);
  const memo = new Map<string, string>();
  const sign = (label: string, depth = 0): string => {
    const cached = memo.get(label);
    if (cached) return cached;
    if (depth > 20) return '_:cycle';
    const lines = (out.get(label) ?? []).map((q) => `${q.predicate.value} ${term(q.object, depth + 1)}`).sort();
    const signature = `[${lines.join('; ')}]`;
    memo.set(label, signature);
    return signature;
  };
  const term = (t: AnyTerm, depth = 0): string => (t.termType === 'BlankNode' ? sign(t.value, depth) : show(t));
  return [...new Set(quads.map((q) => `${term(q.subject)} <${q.predicate.value}> ${term(q.object)}`))].sort();
}

export function parseTurtle(text: string, format = 'text/turtle'): Quad[] {
  return new Parser({ format }).parse(text);
}

function collect(parser: NodeJS.ReadWriteStream, text: string): Promise<AnyQuad[]> {
  return new Promise((resolve, reject) => {
    const quads: AnyQuad[] = [];
    parser.on('data', (q: AnyQuad) => quads.push(q));
    parser.on('error', reject);
    parser.on('end', () => resolve(quads));
    Readable.from([text]).pipe(parser as unknown as NodeJS.WritableStream);
  });
}

export function parseRdfXml(text: string): Promise<AnyQuad[]> {
  return collect(new RdfXmlParser({ baseIRI: 'https://base.invalid/' }) as unknown as NodeJS.ReadWriteStream, text);
}

export function parseJsonLd(text: string): Promise<AnyQuad[]> {
  return collect(new JsonLdParser({ baseIRI: 'https://base.invalid/' }) as unknown as NodeJS.ReadWriteStream, text);
}
