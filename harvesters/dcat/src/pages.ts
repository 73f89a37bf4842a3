import { PageGuard, ProtocolError, type Cursor, type Http, type Page, type PageItemError, type RemoteRecord, type SourceSpec } from '@moisson/core';
import { DEFAULT_GROUP_WINDOW, DEFAULT_MAX_BYTES, DEFAULT_PAGE_SIZE, type DcatConfig, type RdfSyntax } from './config.js';
import { ShippedContextLoader } from './contexts/index.js';
import { DatasetGrouper, type GroupedRecord } from './group.js';
import { nextHydraPage } from './hydra.js';
import type { DcatRecord } from './normalise.js';
import { DCT } from './ns.js';
import { parseTriples, RdfSyntaxError } from './parse.js';
import { chooseSyntax, RDF_ACCEPT } from './syntax.js';
import { toNTriples } from './terms.js';

/** Where to resume: a Hydra page, and how many records of it were already delivered (a dump cut into pages). */
export interface DcatCursor {
  url: string;
  skip?: number;
}

function readCursor(cursor: Cursor | null, fallback: string): DcatCursor {
  if (cursor && typeof cursor === 'object' && !Array.isArray(cursor) && typeof cursor.url === 'string') {
    const skip = typeof cursor.skip === 'number' && Number.isInteger(cursor.skip) && cursor.skip > 0 ? cursor.skip : undefined;
    return skip ? { url: cursor.url, skip } : { url: cursor.url };
  }
  return { url: fallback };
}

/** The record handed to the runner: the grouped triples, and them again as N-Triples for `original`. */
export function toRemoteRecord(group: GroupedRecord): RemoteRecord<DcatRecord> {
  const identifier = group.triples.find((t) => t.s.value === group.subject.value && t.s.kind === group.subject.kind && t.p === DCT + 'identifier')?.o.value;
  const remoteId = group.subject.kind === 'iri' ? group.subject.value : identifier?.trim();
  return {
    ...(remoteId ? { remoteId } : {}),
    raw: { subject: group.subject, kind: group.kind, triples: group.triples },
    original: { mediaType: 'application/n-triples', body: toNTriples(group.triples) },
  };
}

/** The body with its first bytes read ahead, so the syntax can be sniffed without buffering the rest. */
async function peek(body: AsyncIterable<Uint8Array>): Promise<{ head: string; body: AsyncIterable<Uint8Array> }> {
  const iterator = body[Symbol.asyncIterator]();
  const first: Uint8Array[] = [];
  let size = 0;
  let done = false;
  while (size < 1024) {
    const next = await iterator.next();
    if (next.done) {
      done = true;
      break;
    }
    first.push(next.value);
    size += next.value.byteLength;
  }
  const head = new TextDecoder('utf-8').decode(Buffer.concat(first).subarray(0, 4096));
  async function* replay(): AsyncGenerator<Uint8Array> {
    try {
      yield* first;
      if (done) return;
      for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
    } finally {
      await iterator.return?.();
    }
  }
  return { head, body: replay() };
}

/**
 * The pages of a DCAT catalogue: each Hydra page document is fetched as a stream, parsed as it
 * arrives, grouped into records and handed out `pageSize` records at a time, so a single
 * 200 MB dump goes through in bounded memory. Paging follows `hydra:next` / `hydra:nextPage`
 * under the `PageGuard`: a link that repeats a page, points to another host or is not a URL
 * stops the listing as `truncated`, as does a `hydra:totalItems` larger than what came.
 */
export async function* dcatPages(source: SourceSpec<DcatConfig>, cursor: Cursor | null, http: Http): AsyncGenerator<Page<DcatRecord>> {
  const config = source.config ?? {};
  const pageSize = config.pageSize ?? DEFAULT_PAGE_SIZE;
  const guard = new PageGuard(source.url, config.maxPages);
  const fromStart = cursor === null;
  let { url, skip = 0 } = readCursor(cursor, source.url);
  let announced: number | undefined;

  for (;;) {
    const verdict = guard.checkNext(url);
    if (!verdict.ok) {
      yield { url, records: [], next: null, truncated: verdict.reason };
      return;
    }
    const response = await http.stream(url, { accept: RDF_ACCEPT, maxBytes: config.maxBytes ?? DEFAULT_MAX_BYTES });
    const { head, body } = await peek(response.body);
    const syntax: RdfSyntax | undefined = chooseSyntax({ override: config.format, contentType: response.headers['content-type'], url: response.url, head });
    if (!syntax) {
      throw new ProtocolError(`${url} is not an RDF document (Content-Type ${response.headers['content-type'] ?? 'none'}, starts with ${JSON.stringify(head.slice(0, 60))})`, url);
    }
    const loader = new ShippedContextLoader();
    const grouper = new DatasetGrouper(config.groupWindow ?? DEFAULT_GROUP_WINDOW);
    let held: RemoteRecord<DcatRecord>[] = [];
    let index = 0;
    const pending: Array<Page<DcatRecord>> = [];
    const accept = (groups: GroupedRecord[]) => {
      for (const group of groups) {
        index++;
        if (index <= skip) continue;
        if (held.length === pageSize) {
          pending.push({ url, records: held, next: { url, skip: index - 1 } });
          held = [];
        }
        held.push(toRemoteRecord(group));
      }
    };
    try {
      for await (const batch of parseTriples(body, syntax, response.url, { contextLoader: loader })) {
        for (const t of batch) grouper.add(t);
        accept(grouper.ready());
        while (pending.length > 0) yield pending.shift() as Page<DcatRecord>;
      }
    } catch (error) {
      if (error instanceof RdfSyntaxError) throw new ProtocolError(`${url}: ${error.message}`, url, { cause: error });
      throw error;
    }
    accept(grouper.finish());
    // An HTML page is only a DCAT source when it carries DCAT in RDFa; an error or login page
    // must fail the run, never look like an empty catalogue (which would archive everything).
    if (syntax === 'rdfa' && index === 0) {
      throw new ProtocolError(`${url} is an HTML page without DCAT in RDFa (Content-Type ${response.headers['content-type'] ?? 'none'})`, url);
    }
    for (const page of pending) yield page;

    guard.markFetched(url, index);
    if (response.url !== url) guard.markFetched(response.url, 0);
    const paging = nextHydraPage(grouper.hydra, response.url);
    announced ??= paging.total;
    const errors: PageItemError[] = [...loader.substituted].map((ctx) => ({
      message: `JSON-LD @context ${ctx} is not one of the shipped contexts; the document was read with the DCAT-AP context`,
    }));
    const last: Page<DcatRecord> = { url, records: held, next: null, ...(announced !== undefined ? { total: announced } : {}), ...(errors.length > 0 ? { errors } : {}) };
    if (paging.next) {
      const nextVerdict = guard.checkNext(paging.next);
      if (nextVerdict.ok) last.next = { url: paging.next };
      else last.truncated = nextVerdict.reason;
    } else if (fromStart) {
      const totalVerdict = guard.checkTotal(announced);
      if (!totalVerdict.ok) last.truncated = totalVerdict.reason;
    }
    yield last;
    if (!last.next) return;
    url = paging.next as string;
    skip = 0;
  }
}
