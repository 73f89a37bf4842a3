import type { Quad } from '@rdfjs/types';
import * as rdflib from 'rdflib';
import { tripleFromQuad, type Triple } from './terms.js';

/** The most HTML we read for RDFa: landing pages are small; a page larger than this is not a catalogue. */
const MAX_HTML_BYTES = 20 * 1024 * 1024;

/**
 * DCAT embedded as RDFa in an HTML page (dataset landing pages of some portals). RDFa needs the
 * whole DOM, so unlike the other syntaxes this one is not streamed: rdflib's RDFa processor reads
 * the page once it has arrived (bounded by MAX_HTML_BYTES).
 */
export async function* parseRdfa(body: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>, baseIRI: string): AsyncGenerator<Triple[]> {
  const decoder = new TextDecoder('utf-8');
  let html = '';
  for await (const chunk of body) {
    html += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    if (html.length > MAX_HTML_BYTES) throw new Error(`HTML page over ${MAX_HTML_BYTES} characters: not read for RDFa`);
  }
  html += decoder.decode();
  const store = rdflib.graph();
  rdflib.parse(html, store, baseIRI, 'text/html');
  const triples: Triple[] = [];
  for (const statement of store.statements) {
    const triple = tripleFromQuad(statement as unknown as Quad);
    if (triple) triples.push(triple);
  }
  if (triples.length > 0) yield triples;
}
