import type { Quad } from '@rdfjs/types';
import { JsonLdParser } from 'jsonld-streaming-parser';
import { StreamParser } from 'n3';
import { RdfXmlParser } from 'rdfxml-streaming-parser';
import type { Transform } from 'node:stream';
import type { RdfSyntax } from './config.js';
import { ShippedContextLoader } from './contexts/index.js';
import { parseRdfa } from './rdfa.js';
import { tripleFromQuad, type Triple } from './terms.js';

const N3_FORMATS: Partial<Record<RdfSyntax, string>> = {
  turtle: 'text/turtle',
  ntriples: 'application/n-triples',
  nquads: 'application/n-quads',
  trig: 'application/trig',
};

export interface ParseOptions {
  /** Triples handed out at a time. */
  batchSize?: number;
  /** Where JSON-LD contexts come from (the shipped ones by default). */
  contextLoader?: ShippedContextLoader;
}

/** A streaming RDF/JS parser for one syntax (all three libraries are Node Transform streams). */
function createParser(syntax: RdfSyntax, baseIRI: string, loader: ShippedContextLoader): Transform {
  if (syntax === 'rdfxml') return new RdfXmlParser({ baseIRI }) as unknown as Transform;
  if (syntax === 'jsonld') return new JsonLdParser({ baseIRI, documentLoader: loader }) as unknown as Transform;
  return new StreamParser({ format: N3_FORMATS[syntax], baseIRI }) as unknown as Transform;
}

/** Why parsing failed, with where when the parser says (N3 gives a line, saxes a line:column). */
export class RdfSyntaxError extends Error {
  constructor(
    readonly syntax: RdfSyntax,
    cause: unknown,
  ) {
    super(`invalid ${syntax} document: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'RdfSyntaxError';
  }
}

/**
 * Parse a document as it arrives and hand out its triples in batches: the body is never held
 * whole, so a dump of any size goes through in the memory of one batch plus the parser's state.
 */
export async function* parseTriples(
  body: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>,
  syntax: RdfSyntax,
  baseIRI: string,
  options: ParseOptions = {},
): AsyncGenerator<Triple[]> {
  if (syntax === 'rdfa') {
    try {
      yield* parseRdfa(body, baseIRI);
    } catch (error) {
      throw new RdfSyntaxError(syntax, error);
    }
    return;
  }
  const batchSize = options.batchSize ?? 10_000;
  const parser = createParser(syntax, baseIRI, options.contextLoader ?? new ShippedContextLoader());
  let batch: Triple[] = [];
  let failure: unknown;
  let ended = false;
  let wake: (() => void) | undefined;
  const notify = () => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  parser.on('data', (quad: Quad) => {
    const triple = tripleFromQuad(quad);
    if (triple) batch.push(triple);
  });
  parser.on('error', (error: unknown) => {
    failure ??= error;
    notify();
  });
  parser.on('end', () => {
    ended = true;
    notify();
  });
  parser.on('drain', notify);

  const decoder = new TextDecoder('utf-8');
  const take = () => {
    const out = batch;
    batch = [];
    return out;
  };
  try {
    for await (const chunk of body) {
      const text = typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
      if (!text) continue;
      const accepted = parser.write(text);
      if (failure) throw new RdfSyntaxError(syntax, failure);
      if (batch.length >= batchSize) yield take();
      if (!accepted && !failure) await new Promise<void>((resolve) => (wake = resolve));
      if (failure) throw new RdfSyntaxError(syntax, failure);
    }
    const rest = decoder.decode();
    if (rest) parser.write(rest);
    parser.end();
    while (!ended && !failure) {
      await new Promise<void>((resolve) => (wake = resolve));
      if (batch.length >= batchSize) yield take();
    }
    if (failure) throw new RdfSyntaxError(syntax, failure);
    if (batch.length > 0) yield take();
  } finally {
    if (!ended) parser.destroy();
  }
}

/** Parse a whole document held in memory (tests, detection, small pages). */
export async function parseDocument(text: string, syntax: RdfSyntax, baseIRI: string, options: ParseOptions = {}): Promise<Triple[]> {
  const out: Triple[] = [];
  for await (const batch of parseTriples([text], syntax, baseIRI, options)) for (const t of batch) out.push(t);
  return out;
}
