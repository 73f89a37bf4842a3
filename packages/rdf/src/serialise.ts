import { Writer, type Quad } from 'n3';
import { toJsonLd } from './jsonld.js';
import type { RdfMediaType } from './negotiate.js';
import { toRdfXml } from './rdfxml.js';
import { PREFIXES } from './vocab.js';

function writeWithN3(quads: readonly Quad[], format: 'Turtle' | 'N-Triples'): string {
  const writer = new Writer(format === 'Turtle' ? { format, prefixes: { ...PREFIXES } } : { format });
  writer.addQuads(format === 'Turtle' ? bySubject(quads) : (quads as Quad[]));
  let output = '';
  // n3 writes to a string synchronously: the callback runs before end() returns.
  writer.end((error: Error | null, result: string) => {
    if (error) throw error;
    output = result;
  });
  return output;
}

/** Quads of one subject together (first-seen order kept), so Turtle writes each subject once. */
function bySubject(quads: readonly Quad[]): Quad[] {
  const groups = new Map<string, Quad[]>();
  for (const q of quads) {
    const key = `${q.subject.termType}\u0000${q.subject.value}`;
    const group = groups.get(key);
    if (group) group.push(q);
    else groups.set(key, [q]);
  }
  return [...groups.values()].flat();
}

/** The quads in one of the four RDF syntaxes. */
export function serialise(quads: readonly Quad[], mediaType: RdfMediaType): string {
  switch (mediaType) {
    case 'text/turtle':
      return writeWithN3(quads, 'Turtle');
    case 'application/n-triples':
      return writeWithN3(quads, 'N-Triples');
    case 'application/rdf+xml':
      return toRdfXml(quads);
    case 'application/ld+json':
      return `${JSON.stringify(toJsonLd(quads), null, 2)}\n`;
    default:
      throw new Error(`serialise: ${String(mediaType)} is not an RDF syntax moisson writes`);
  }
}
