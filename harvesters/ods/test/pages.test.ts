import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ProtocolError, SourceConfigError, type Cursor, type Filter, type Page, type SourceSpec } from '@moisson/core';
import { AddressGuard, HttpClient } from '@moisson/http';
import { odsHarvester, type OdsConfig, type OdsDataset } from '@moisson/harvester-ods';
import { json, type FixtureServer } from '../../../test/support/fixture-server.js';
import { errorReply, startServer, syntheticIds, V1_PATH, V2_PATH, v1Search, v2Catalogue } from './fake-ods.js';
import { fixture } from './helpers.js';

let server: FixtureServer;
const http = () => new HttpClient({ guard: new AddressGuard(['127.0.0.1']), retries: 2, backoffMs: 10 });

beforeEach(async () => {
  server = await startServer();
});
afterEach(async () => {
  await server.stop();
});

function source(config: Partial<OdsConfig> = {}, filters: Filter[] = [], extra: Partial<SourceSpec<OdsConfig>> = {}): SourceSpec<OdsConfig> {
  return { url: server.url, filters, config: config as OdsConfig, ...extra };
}

async function collect(spec: SourceSpec<OdsConfig>, cursor: Cursor | null = null): Promise<Page<OdsDataset>[]> {
  const pages: Page<OdsDataset>[] = [];
  for await (const page of odsHarvester.pages(spec, cursor, http())) pages.push(page);
  return pages;
}

const ids = (pages: Page<OdsDataset>[]) => pages.flatMap((p) => p.records.map((r) => r.remoteId));
const queries = () => server.requests.map((r) => Object.fromEntries(r.url.searchParams));

describe('pages: Explore API v2.1', () => {
  it('pages by limit/offset ordered by dataset_id, with app metas, until the total', async () => {
    server.route(V2_PATH, v2Catalogue(syntheticIds(7)));
    const pages = await collect(source({ apiVersion: 'v2.1', pageSize: 3 }));
    expect(ids(pages)).toEqual(syntheticIds(7));
    expect(queries()).toEqual([
      { limit: '3', offset: '0', order_by: 'dataset_id', include_app_metas: 'true' },
      { limit: '3', offset: '3', order_by: 'dataset_id', include_app_metas: 'true' },
      { limit: '3', offset: '6', order_by: 'dataset_id', include_app_metas: 'true' },
    ]);
    expect(pages.map((p) => p.next)).toEqual([
      { api: 'v2.1', offset: 3, last: 'ds-003' },
      { api: 'v2.1', offset: 6, last: 'ds-006' },
      null,
    ]);
    expect(pages.map((p) => p.total)).toEqual([7, 7, 7]);
    expect(pages.every((p) => !p.truncated)).toBe(true);
    const first = pages[0]!.records[0]!;
    expect(first.original.mediaType).toBe('application/json');
    expect(JSON.parse(first.original.body)).toEqual(first.raw);
  });

  it('keeps each dataset as the page wrote it (v2.1 results, v1 datasets), and a v2.0-wrapped one as its dataset', async () => {
    const written = '{"dataset_id": "lieux-de-baignade", "metas": {"default": {"title": "Lieux de baignade \\u00e0 surveiller", "records_count": 120.0}}}';
    server.route(V2_PATH, { headers: { 'content-type': 'application/json' }, body: `{"total_count": 1, "results": [${written}]}` });
    const [v2] = await collect(source({ apiVersion: 'v2.1' }));
    expect(v2!.records.map((r) => r.original.body)).toEqual([written]);

    server.route(V1_PATH, { headers: { 'content-type': 'application/json' }, body: `{"nhits": 1, "parameters": {}, "datasets": [${written.replace('dataset_id', 'datasetid')}]}` });
    const [v1] = await collect(source({ apiVersion: 'v1' }));
    expect(v1!.records.map((r) => r.original.body)).toEqual([written.replace('dataset_id', 'datasetid')]);

    server.route(V2_PATH, { headers: { 'content-type': 'application/json' }, body: `{"total_count": 1, "results": [{"links": [], "dataset": ${written}}]}` });
    const [wrapped] = await collect(source({ apiVersion: 'v2.1' }));
    expect(JSON.parse(wrapped!.records[0]!.original.body)).toEqual(wrapped!.records[0]!.raw);
    expect(wrapped!.records[0]!.raw['dataset_id']).toBe('lieux-de-baignade');
  });

  it('sends refine/exclude for theme, keyword and publisher with ODSQL escaping, the where, the date and lang', async () => {
    server.route(V2_PATH, v2Catalogue(syntheticIds(1)));
    await collect(
      source(
        { pageSize: 50, where: 'records_count > 0 OR has_records = false', lang: 'fr' },
        [
          { key: 'theme', value: 'Environnement', type: 'include' },
          { key: 'keyword', value: 'air "intérieur" \\ bruit', type: 'include' },
          { key: 'publisher', value: 'Atmo France', type: 'exclude' },
        ],
        { modifiedSince: '2024-01-01T00:00:00.000Z' },
      ),
    );
    const sent = server.requests[0]!.url.searchParams;
    expect(sent.getAll('refine')).toEqual(['theme:"Environnement"', 'keyword:"air \\"intérieur\\" \\\\ bruit"']);
    expect(sent.getAll('exclude')).toEqual(['publisher:"Atmo France"']);
    expect(sent.get('where')).toBe("(records_count > 0 OR has_records = false) AND (metadata_processed >= date'2024-01-01T00:00:00.000Z')");
    expect(sent.get('lang')).toBe('fr');
    expect(sent.get('limit')).toBe('50');
  });

  it('switches to keyset paging on dataset_id before the offset cap, losing and repeating nothing', async () => {
    const all = syntheticIds(9);
    server.route(V2_PATH, v2Catalogue(all, 5));
    const pages = await collect(source({ pageSize: 2, offsetCap: 5, where: 'has_records = true' }));
    expect(ids(pages)).toEqual(all);
    expect(queries().map((q) => [q['offset'], q['where']])).toEqual([
      ['0', 'has_records = true'],
      ['2', 'has_records = true'],
      [undefined, '(has_records = true) AND (dataset_id > "ds-004")'],
      [undefined, '(has_records = true) AND (dataset_id > "ds-006")'],
      [undefined, '(has_records = true) AND (dataset_id > "ds-008")'],
    ]);
    expect(queries().every((q) => q['order_by'] === 'dataset_id')).toBe(true);
    expect(pages.map((p) => p.next)).toEqual([
      { api: 'v2.1', offset: 2, last: 'ds-002' },
      { api: 'v2.1', after: 'ds-004', seen: 4 },
      { api: 'v2.1', after: 'ds-006', seen: 6 },
      { api: 'v2.1', after: 'ds-008', seen: 8 },
      null,
    ]);
    expect(pages.map((p) => p.total)).toEqual([9, 9, 9, 9, 9]);
  });

  it('falls back to keyset when the portal refuses an offset below our cap (ODS InvalidRESTParameterError)', async () => {
    const all = syntheticIds(7);
    server.route(V2_PATH, v2Catalogue(all, 4));
    const pages = await collect(source({ pageSize: 2 }));
    expect(ids(pages)).toEqual(all);
    expect(queries().map((q) => [q['offset'], q['where']])).toEqual([
      ['0', undefined],
      ['2', undefined],
      ['4', undefined],
      [undefined, 'dataset_id > "ds-004"'],
      [undefined, 'dataset_id > "ds-006"'],
    ]);
    expect(server.requests).toHaveLength(5);
  });

  it('stops with a ProtocolError when the portal ignores the keyset bound', async () => {
    server.route(V2_PATH, (request) => {
      const offset = Number(request.url.searchParams.get('offset') ?? 0);
      const page = syntheticIds(6).slice(offset, offset + 2);
      return json({ total_count: 6, results: page.map((id) => ({ dataset_id: id, metas: { default: { title: id } } })) });
    });
    await expect(collect(source({ pageSize: 2, offsetCap: 3 }))).rejects.toThrow(/ignored the keyset bound dataset_id > "ds-002"/);
  });

  it('resumes from a keyset cursor', async () => {
    server.route(V2_PATH, v2Catalogue(syntheticIds(9)));
    const pages = await collect(source({ pageSize: 2 }), { api: 'v2.1', after: 'ds-006', seen: 6 });
    expect(ids(pages)).toEqual(['ds-007', 'ds-008', 'ds-009']);
    expect(server.requests[0]!.url.searchParams.get('where')).toBe('dataset_id > "ds-006"');
    expect(pages.at(-1)!.total).toBe(9);
  });

  it('reads the real page fixture: every dataset becomes a record with its id', async () => {
    server.route(V2_PATH, { status: 200, headers: { 'content-type': 'application/json' }, body: fixture('v21-catalog-page.json') });
    const pages = await collect(source({ pageSize: 10 }));
    expect(pages).toHaveLength(1);
    expect(ids(pages)).toEqual(['arbres-remarquables', 'budget-primitif-2024', 'indice-qualite-de-lair@atmo-hdf', 'plan-local-urbanisme-reglement']);
    expect(pages[0]!.next).toBeNull();
  });

  it('reports a listing that ends short of its announced total as truncated', async () => {
    server.route(V2_PATH, json({ total_count: 10, results: [{ dataset_id: 'seul', metas: { default: { title: 'Seul' } } }] }));
    const [page] = await collect(source({ pageSize: 5 }));
    expect(page!.next).toBeNull();
    expect(page!.truncated).toMatch(/announced 10 datasets but the listing ended after 1/);
  });

  it('keeps a listing item without dataset_id as an item error', async () => {
    server.route(V2_PATH, json({ total_count: 2, results: [{ metas: {} }, { dataset_id: 'ok', metas: { default: { title: 'Ok' } } }] }));
    const [page] = await collect(source({ pageSize: 5 }));
    expect(ids([page!])).toEqual(['ok']);
    expect(page!.errors).toEqual([{ message: expect.stringMatching(/^item 0 of .* is not a dataset with a dataset_id$/) as unknown as string }]);
  });
});

describe('pages: errors', () => {
  it('turns an ODS error body into a ProtocolError carrying its message', async () => {
    server.route(V2_PATH, errorReply('error-odsql.json', 400));
    const run = collect(source({ where: "modified > date'hier'" }));
    await expect(run).rejects.toBeInstanceOf(ProtocolError);
    await expect(collect(source({ where: "modified > date'hier'" }))).rejects.toThrow(
      /HTTP 400 ODSQLError: ODSQL query is malformed: invalid literal "date'hier'" at position 21/,
    );
  });

  it('refuses an answer that is not a catalogue listing', async () => {
    server.route(V2_PATH, json({ links: [] }));
    await expect(collect(source())).rejects.toThrow(/has no total_count\/results/);
  });

  it('refuses unknown filter keys, bad config and foreign cursors before any request', async () => {
    await expect(collect(source({}, [{ key: 'organization', value: 'x', type: 'include' }]))).rejects.toThrow(SourceConfigError);
    await expect(collect(source({ pageSize: 500 }))).rejects.toThrow(/pageSize/);
    await expect(collect(source(), { start: 10 })).rejects.toThrow(/not an ODS cursor/);
    expect(server.requests).toHaveLength(0);
  });
});

describe('pages: Explore API v1', () => {
  it('pages by rows/start with interopmetas, refine./exclude. facets and q', async () => {
    server.route(V1_PATH, v1Search(['a', 'b', 'c', 'd', 'e']));
    const pages = await collect(
      source(
        { apiVersion: 'v1', pageSize: 2, where: 'publisher:"Ville"' },
        [
          { key: 'theme', value: 'Transports, Déplacements', type: 'include' },
          { key: 'keyword', value: 'vélo', type: 'exclude' },
        ],
        { modifiedSince: '2024-03-05T10:00:00Z' },
      ),
    );
    expect(ids(pages)).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(queries()).toEqual(
      [0, 2, 4].map((start) => ({
        rows: '2',
        start: String(start),
        interopmetas: 'true',
        q: '(publisher:"Ville") AND (metadata_processed>=2024-03-05)',
        'refine.theme': 'Transports, Déplacements',
        'exclude.keyword': 'vélo',
      })),
    );
    expect(pages.map((p) => p.next)).toEqual([{ api: 'v1', start: 2 }, { api: 'v1', start: 4 }, null]);
    expect(pages.map((p) => p.total)).toEqual([5, 5, 5]);
  });

  it('falls back to v1 in auto mode when the portal has no v2.1 API', async () => {
    server.route(V1_PATH, v1Search(['x', 'y']));
    const pages = await collect(source({ pageSize: 10 }));
    expect(ids(pages)).toEqual(['x', 'y']);
    expect(server.requests.map((r) => r.url.pathname)).toEqual([V2_PATH, V1_PATH]);
  });

  it('reads the real v1 search fixture', async () => {
    server.route(V1_PATH, { status: 200, headers: { 'content-type': 'application/json' }, body: fixture('v1-search.json') });
    const pages = await collect(source({ apiVersion: 'v1', pageSize: 10 }));
    expect(ids(pages)).toEqual(['stationnements-velos', 'zones-inondables', 'horaires-bus@transports-exemple']);
  });
});

describe('detect', () => {
  it('recognises a v2.1 portal from its root URL or an API URL', async () => {
    server.route(V2_PATH, v2Catalogue(syntheticIds(3)));
    const expected = { protocol: 'ods', confidence: 0.95, url: server.url.replace(/\/$/, ''), details: { apiVersion: 'v2.1', datasets: 3 } };
    expect(await odsHarvester.detect(new URL(server.url), http())).toEqual(expected);
    expect(await odsHarvester.detect(new URL(server.at(`${V2_PATH}?limit=10`)), http())).toEqual(expected);
    expect(server.requests.map((r) => r.url.search)).toEqual(['?limit=0', '?limit=0']);
  });

  it('recognises a v1-only portal', async () => {
    server.route(V1_PATH, v1Search(['a']));
    const found = await odsHarvester.detect(new URL(server.at('/api/datasets/1.0/')), http());
    expect(found).toEqual({ protocol: 'ods', confidence: 0.9, url: server.url.replace(/\/$/, ''), details: { apiVersion: 'v1', datasets: 1 } });
    expect(server.requests.at(-1)!.url.search).toBe('?rows=0');
  });

  it('says null for something else', async () => {
    server.route(V2_PATH, json({ success: true, result: [] }));
    expect(await odsHarvester.detect(new URL(server.url), http())).toBeNull();
  });
});
