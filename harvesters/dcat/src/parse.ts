import type { Quad } from '@rdfjs/types';
import { JsonLdParser } from 'jsonld-streaming-parser';
import { Parser as N3Parser } from 'n3';
import { RdfXmlParser } from 'rdfxml-streaming-parser';
import type { Transform } from 'node:stream';
import type { RdfSyntax } from './config.js';
import { ShippedContextLoader } from './contexts/index.js';
import { createTripleFactory, DROPPED } from './n3-factory.js';
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

/** A streaming RDF/JS parser for RDF/XML or JSON-LD (both libraries are Node Transform streams). */
function createParser(syntax: 'rdfxml' | 'jsonld', baseIRI: string, loader: ShippedContextLoader): Transform {
  if (syntax === 'rdfxml') return new RdfXmlParser({ baseIRI }) as unknown as Transform;
  return new JsonLdParser({ baseIRI, documentLoader: loader }) as unknown as Transform;
}

/**
 * The chunk source N3's lexer reads when handed a stream: it only subscribes to `data`, `end` and
 * `error`, so a plain object that calls the handlers synchronously is enough.
 */
class ChunkFeed {
  private readonly handlers: Record<string, (value?: string) => void> = {};
  on(event: string, handler: (value?: string) => void): this {
    this.handlers[event] = handler;
    return this;
  }
  write(text: string): void {
    this.handlers['data']?.(text);
  }
  end(): void {
    this.handlers['end']?.();
  }
}

/**
 * Turtle, N-Triples, N-Quads, TriG through N3's push API: every quad arrives synchronously in the
 * call that fed its chunk, without N3's stream wrapper (a readable-stream Transform emitting one
 * event per quad), which cost about a fifth of the parse. The factory hands out our triples
 * directly (see n3-factory.ts).
 */
async function* parseN3(body: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>, syntax: RdfSyntax, baseIRI: string, batchSize: number): AsyncGenerator<Triple[]> {
  const feed = new ChunkFeed();
  let batch: Triple[] = [];
  let failure: unknown;
  const factory = createTripleFactory();
  new N3Parser({ format: N3_FORMATS[syntax], baseIRI, factory: factory as never }).parse(feed as never, (error: Error | null, quad: Quad | null) => {
    // The factory makes the parser hand out what it builds, typed as N3's quads.
    const triple = quad as unknown as Triple | typeof DROPPED | null;
    if (error) failure ??= error;
    else if (triple && triple !== DROPPED) batch.push(triple as Triple);
  });
  const decoder = new TextDecoder('utf-8');
  for await (const chunk of body) {
    const text = typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    if (text) feed.write(text);
    if (failure) throw new RdfSyntaxError(syntax, failure);
    if (batch.length >= batchSize) {
      yield batch;
      batch = [];
    }
  }
  const rest = decoder.decode();
  if (rest) feed.write(rest);
  feed.end();
  if (failure) throw new RdfSyntaxError(syntax, failure);
  if (batch.length > 0) yield batch;
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
  if (syntax !== 'rdfxml' && syntax !== 'jsonld') {
    yield* parseN3(body, syntax, baseIRI, batchSize);
    return;
  }
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
