import { PageFetchError, ProtocolError, type Cursor, type Http, type Page, type SourceSpec } from '@moisson/core';
import { resolveConfig, type CswConfig } from './config.js';
import { buildConstraint } from './filter.js';
import type { CswRecord } from './normalise.js';
import { nextCswStart } from './paging.js';
import { getRecordsUrl, getRecordsXml } from './request.js';
import { exceptionMessage, looksLikeExceptionReport, readCswResponse } from './response.js';
import { UnsafeXml } from './xml.js';

/** Where to resume: the `startPosition` of the next page. */
export interface CswCursor {
  start: number;
}

function readCursor(cursor: Cursor | null): number {
  if (cursor && typeof cursor === 'object' && !Array.isArray(cursor) && typeof cursor.start === 'number' && Number.isInteger(cursor.start) && cursor.start >= 1) {
    return cursor.start;
  }
  return 1;
}

const ACCEPT = 'application/xml, text/xml;q=0.9, */*;q=0.1';
const MAX_PAGES = 1_000_000;

/**
 * GetRecords page after page (POST by default, GET/KVP on request), sorted by identifier when
 * allowed, until `nextCswStart` says stop. An `ows:ExceptionReport` (whatever the HTTP status)
 * is a `ProtocolError` carrying the server's words; each record's own XML is its `original`.
 */
export async function* cswPages(source: SourceSpec<Partial<CswConfig>>, cursor: Cursor | null, http: Http): AsyncIterable<Page<CswRecord>> {
  const config = resolveConfig(source.config);
  const constraint = buildConstraint(source.filters, source.modifiedSince, config.constraint);
  let start = readCursor(cursor);
  for (let count = 0; count < MAX_PAGES; count++) {
    const request = constraint ? { start, config, constraint } : { start, config };
    const url = config.method === 'GET' ? getRecordsUrl(source.url, request) : source.url;
    let body: string;
    try {
      const response =
        config.method === 'GET'
          ? await http.get(url, { accept: ACCEPT })
          : await http.post(url, getRecordsXml(request), 'application/xml; charset=utf-8', { accept: ACCEPT });
      body = response.body;
    } catch (error) {
      if (error instanceof PageFetchError && looksLikeExceptionReport(error.body)) {
        throw new ProtocolError(`CSW GetRecords at startPosition ${start} failed: ${exceptionMessage(error.body as string)}`, url, { cause: error });
      }
      throw error;
    }
    let parsed: ReturnType<typeof readCswResponse>;
    try {
      parsed = readCswResponse(body);
    } catch (error) {
      if (!(error instanceof UnsafeXml)) throw error;
      throw new ProtocolError(`CSW GetRecords at startPosition ${start}: ${error.message}`, url, { cause: error });
    }
    if (parsed.kind === 'exception') throw new ProtocolError(`CSW GetRecords at startPosition ${start} failed: ${parsed.message}`, url);
    if (parsed.kind === 'other') throw new ProtocolError(`CSW GetRecords at startPosition ${start} answered <${parsed.rootName}>, not a GetRecordsResponse`, url);
    const step = nextCswStart(start, { matched: parsed.matched, returned: parsed.records.length, nextRecord: parsed.nextRecord });
    const page: Page<CswRecord> = {
      url,
      records: parsed.records.map((record) => ({
        ...(record.remoteId ? { remoteId: record.remoteId } : {}),
        raw: { xml: record.xml },
        original: { mediaType: 'application/xml', body: record.xml },
      })),
      next: step.next === null ? null : { start: step.next },
    };
    if (parsed.matched !== undefined) page.total = parsed.matched;
    if (step.truncated) page.truncated = step.truncated;
    yield page;
    if (step.next === null) return;
    start = step.next;
  }
}
