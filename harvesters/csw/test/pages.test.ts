import { PageFetchError, ProtocolError, SourceConfigError, type Page, type SourceSpec } from '@moisson/core';
import { AddressGuard, HttpClient } from '@moisson/http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FixtureServer, xml, type FixtureRequest } from '../../../test/support/fixture-server.js';
import type { CswConfig } from '../src/config.js';
import type { CswRecord } from '../src/normalise.js';
import { cswPages } from '../src/pages.js';
import { parseXml } from '../src/xml.js';
import { fixture, getRecordsResponse, isoRecord } from './support.js';

let server: FixtureServer;
const http = () => new HttpClient({ guard: new AddressGuard(['127.0.0.1']), retries: 2, backoffMs: 10 });
beforeEach(async () => {
  server = await new FixtureServer().start();
});
afterEach(async () => {
  await server.stop();
});

const ids = (n: number, from = 1) => Array.from({ length: n }, (_, i) => `rec-${String(from + i).padStart(3, '0')}`);

/** What a GetRecords POST asked for. */
function asked(request: FixtureRequest): { start: number; max: number; sort?: string; filter?: unknown; schema?: string } {
  const { element } = parseXml(request.body);
  const query = (element.Query as Array<Record<string, unknown>>)[0]!;
  const sort = (query.SortBy as Array<Record<string, Array<Record<string, unknown[]>>>> | undefined)?.[0]?.SortProperty?.[0]?.PropertyName?.[0];
  const filter = (query.Constraint as Array<Record<string, unknown>> | undefined)?.[0]?.Filter;
  return {
    start: Number(element['@startPosition']),
    max: Number(element['@maxRecords']),
    ...(typeof sort === 'string' ? { sort } : {}),
    ...(filter ? { filter: (filter as unknown[])[0] } : {}),
    schema: element['@outputSchema'] as string,
  };
}

/** A catalogue of `total` records served `served` at a time (whatever was asked), nextRecord as `next` computes it. */
function catalogue(total: number, served: (max: number) => number, next: (start: number, count: number) => number | undefined) {
  return (request: FixtureRequest) => {
    const { start, max } = asked(request);
    const count = Math.max(0, Math.min(served(max), total - start + 1));
    const records = ids(count, start).map(isoRecord);
    return xml(getRecordsResponse(records, { matched: total, next: next(start, count) }));
  };
}

async function collect(config: Partial<CswConfig>, extra: Partial<SourceSpec<Partial<CswConfig>>> = {}): Promise<Page<CswRecord>[]> {
  const pages: Page<CswRecord>[] = [];
  for await (const page of cswPages({ url: server.at('/csw'), filters: [], config, ...extra }, null, http())) pages.push(page);
  return pages;
}

describe('cswPages', () => {
  it('reads a normal server page after page (GeoNetwork: nextRecord 0 at the end)', async () => {
    server.route('/csw', catalogue(7, (max) => max, (start, count) => (start + count > 7 ? 0 : start + count)));
    const pages = await collect({ pageSize: 3 });
    expect(pages.map((p) => p.records.map((r) => r.remoteId))).toEqual([ids(3, 1), ids(3, 4), ids(1, 7)]);
    expect(pages.map((p) => p.next)).toEqual([{ start: 4 }, { start: 7 }, null]);
    expect(pages.every((p) => p.total === 7 && p.truncated === undefined)).toBe(true);
    expect(server.requests.map(asked)).toEqual([1, 4, 7].map((start) => ({ start, max: 3, sort: 'apiso:Identifier', schema: 'http://www.isotc211.org/2005/gmd' })));
    expect(server.requests[0]!.method).toBe('POST');
    expect(server.requests[0]!.headers['content-type']).toBe('application/xml; charset=utf-8');
    const record = pages[0]!.records[0]!;
    expect(record.original.mediaType).toBe('application/xml');
    expect(record.original.body).toBe(record.raw.xml);
    expect(parseXml(record.raw.xml).name).toBe('MD_Metadata');
  });

  it('fetches the last record when nextRecord == numberOfRecordsMatched', async () => {
    // pycsw style: nextRecord = start + count, and 7 = matched on the page before the last.
    server.route('/csw', catalogue(7, (max) => max, (start, count) => start + count));
    const pages = await collect({ pageSize: 3 });
    expect(pages.map((p) => p.records.length)).toEqual([3, 3, 1]);
    expect(pages[1]!.next).toEqual({ start: 7 });
    expect(pages[2]!.records[0]!.remoteId).toBe('rec-007');
    expect(server.requests.map((r) => asked(r).start)).toEqual([1, 4, 7]);
  });

  it('follows a server that returns fewer records than asked', async () => {
    server.route('/csw', catalogue(25, () => 10, (start, count) => (start + count > 25 ? 0 : start + count)));
    const pages = await collect({ pageSize: 50 });
    expect(pages.map((p) => p.records.length)).toEqual([10, 10, 5]);
    expect(pages.flatMap((p) => p.records.map((r) => r.remoteId))).toEqual(ids(25));
    expect(server.requests.map((r) => asked(r).start)).toEqual([1, 11, 21]);
  });

  it('stops a server that loops and marks the listing truncated', async () => {
    server.route('/csw', catalogue(10, (max) => max, () => 1));
    const pages = await collect({ pageSize: 4 });
    expect(pages).toHaveLength(1);
    expect(pages[0]!.next).toBeNull();
    expect(pages[0]!.truncated).toBe('the server pointed back to position 1 from position 1 (a paging loop)');
  });

  it('resumes from a cursor', async () => {
    server.route('/csw', catalogue(7, (max) => max, (start, count) => (start + count > 7 ? 0 : start + count)));
    const pages: Page<CswRecord>[] = [];
    for await (const page of cswPages({ url: server.at('/csw'), filters: [], config: { pageSize: 3 } }, { start: 4 }, http())) pages.push(page);
    expect(server.requests.map((r) => asked(r).start)).toEqual([4, 7]);
    expect(pages.flatMap((p) => p.records.map((r) => r.remoteId))).toEqual(ids(4, 4));
  });

  it('sends the filters and modifiedSince as an OGC Filter, without sort when told', async () => {
    server.route('/csw', () => xml(getRecordsResponse([], { matched: 0, next: 0 })));
    await collect(
      { pageSize: 10, sortById: false },
      {
        filters: [
          { key: 'keyword', value: 'biodiversité', type: 'include' },
          { key: 'type', value: 'service', type: 'exclude' },
        ],
        modifiedSince: '2024-01-01T00:00:00Z',
      },
    );
    const sent = asked(server.requests[0]!);
    expect(sent.sort).toBeUndefined();
    expect(sent.filter).toEqual({
      And: [
        {
          PropertyIsEqualTo: [{ PropertyName: ['apiso:Subject'], Literal: ['biodiversité'] }],
          Not: [{ PropertyIsEqualTo: [{ PropertyName: ['apiso:Type'], Literal: ['service'] }] }],
          PropertyIsGreaterThanOrEqualTo: [{ PropertyName: ['apiso:Modified'], Literal: ['2024-01-01T00:00:00Z'] }],
        },
      ],
    });
  });

  it('asks by GET with key-value pairs when configured', async () => {
    server.route('/csw', () => xml(getRecordsResponse([isoRecord('only')], { matched: 1, next: 0 })));
    const pages = await collect({ method: 'GET', pageSize: 20, outputSchema: 'http://www.opengis.net/cat/csw/2.0.2' }, { filters: [{ key: 'q', value: "l'eau", type: 'include' }] });
    expect(pages[0]!.records.map((r) => r.remoteId)).toEqual(['only']);
    const { method, url } = server.requests[0]!;
    expect(method).toBe('GET');
    const params = Object.fromEntries(url.searchParams);
    expect(params).toMatchObject({
      service: 'CSW',
      request: 'GetRecords',
      typeNames: 'csw:Record',
      namespace: 'xmlns(csw=http://www.opengis.net/cat/csw/2.0.2)',
      resultType: 'results',
      elementSetName: 'full',
      outputSchema: 'http://www.opengis.net/cat/csw/2.0.2',
      startPosition: '1',
      maxRecords: '20',
      sortBy: 'apiso:Identifier:A',
      constraintLanguage: 'FILTER',
    });
    expect(parseXml(params.constraint as string).element).toMatchObject({
      PropertyIsLike: [{ '@wildCard': '*', '@escapeChar': '\\', PropertyName: ['csw:AnyText'], Literal: ["*l'eau*"] }],
    });
  });

  it('turns an ExceptionReport into a ProtocolError with the server words, whatever the status', async () => {
    for (const status of [200, 400]) {
      server.route('/csw', () => xml(fixture('exception-report.xml'), status));
      const error = await collect({}).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ProtocolError);
      expect((error as Error).message).toBe(
        'CSW GetRecords at startPosition 1 failed: InvalidParameterValue (outputSchema): Invalid outputSchema parameter value: http://www.isotc211.org/2005/gmd',
      );
    }
  });

  it('refuses an XML bomb page as a ProtocolError', async () => {
    server.route('/csw', () => xml(fixture('bomb.xml')));
    await expect(collect({})).rejects.toThrow(/startPosition 1: refused an XML document whose DOCTYPE declares entities/);
  });

  it('lets HTTP errors without an ExceptionReport through as PageFetchError', async () => {
    server.route('/csw', () => ({ status: 404, body: 'Not Found' }));
    await expect(collect({})).rejects.toBeInstanceOf(PageFetchError);
  });

  it('refuses unknown filter keys before any request', async () => {
    await expect(collect({}, { filters: [{ key: 'organization', value: 'x', type: 'include' }] })).rejects.toBeInstanceOf(SourceConfigError);
    expect(server.requests).toHaveLength(0);
  });
});
