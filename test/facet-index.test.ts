import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SearchRepository, type SearchFilters, type SearchQuery, type SearchStatus, type SourceRow, type Store } from '@moisson/store';
import { FacetIndexSync } from '../packages/store/src/facet-index-sync.js';
import { countFacets } from '../packages/store/src/search-facets.js';
import { harvest, LANG, ODBL, ETALAB, CC_BY_NC, type Spec } from '../packages/api/test/catalogue-fixture.js';
import { freshStore } from './support/database.js';

/**
 * The in-memory facet index must count exactly what the SQL counts (search-facets.ts), over the
 * same filters, at every version of `dataset_search`: after inserts, changes, archiving, cluster
 * links, deletes and a TRUNCATE.
 */
let store: Store;
let drop: () => Promise<void>;
let north: SourceRow;
let south: SourceRow;

const LICENSES = [ETALAB, ODBL, CC_BY_NC];
const PUBLISHERS = [{ name: 'Ville A', uri: 'https://a.example/org' }, { name: 'ville a', uri: 'https://a.example/org' }, { name: 'Agence B' }, { name: 'agence b' }, undefined];

/** Varied on purpose: one keyword under several spellings (labels), ties in counts, no publisher, shared clusters. */
function spec(i: number, prefix: string): Spec {
  return {
    remoteId: `${prefix}-${i}`,
    title: `${i % 4 === 0 ? 'Eau' : 'Air'} mesure ${i}`,
    description: i % 3 === 0 ? 'Qualité de l’eau des rivières' : undefined,
    keywords: [['Nature', 'nature', 'NATURE'][i % 3] as string, `mot-${i % 7}`, ...(i % 5 === 0 ? ['Éducation', 'education'] : [])],
    themes: i % 2 === 0 ? ['ENVI'] : ['EDUC', 'HEAL'],
    publisher: PUBLISHERS[i % PUBLISHERS.length],
    formats: i % 4 === 1 ? ['CSV', 'JSON'] : ['CSV'],
    license: LICENSES[i % 3],
    languages: i % 6 === 0 ? [LANG('FRA'), LANG('ENG')] : [LANG('FRA')],
    bbox: [i % 10, 40 + (i % 5), (i % 10) + 1, 41 + (i % 5)],
    modified: `${2018 + (i % 7)}-0${1 + (i % 9)}-15`,
    // Every fifth dataset is also carried by the other source (same IRI): one cluster, two sources.
    ...(i % 5 === 0 ? { uri: `https://shared.example/dataset/${i}`, matchKeys: [`iri:shared.example/dataset/${i}`] } : {}),
  };
}

const SEARCHES: SearchFilters[] = [
  {},
  { q: 'eau' },
  { q: 'mesure' },
  { keyword: ['Nature'] },
  { keyword: ['mot-3', 'mot-4'], theme: ['http://publications.europa.eu/resource/authority/data-theme/ENVI'] },
  { license: [ODBL] },
  { language: [LANG('ENG')] },
  { publisher: ['https://a.example/org'] },
  { bbox: [2, 41, 3, 42] },
  { modifiedSince: '2022-01-01T00:00:00Z' },
  { qualityMin: 50 },
  { q: 'nothing-matches-this' },
  { keyword: ['  ÉDUCATION '], publisher: ['agence b'] },
  { bbox: [5, 42, 5, 42] }, // touches some boxes on an edge or a corner only
  { bbox: [9.0000005, 44.0000005, 12, 50] }, // within PostgreSQL's overlap tolerance (1e-6) of a corner
  { q: 'eau', modifiedSince: '2021-06-01', qualityMin: 30, format: ['http://publications.europa.eu/resource/authority/file-type/JSON'] },
];
const STATUSES: SearchStatus[] = ['active', 'archived', 'all'];

let sync: FacetIndexSync;

async function expectParity(sources?: SourceRow[]): Promise<void> {
  const bySource = (sources ?? []).flatMap((s) => [{ source: [s.id] }, { source: [s.id.toUpperCase()], keyword: ['nature'] }]);
  for (const filters of [...SEARCHES, ...bySource]) {
    for (const status of STATUSES) {
      for (const facetSize of [2, 20]) {
        const counted = await sync.count(filters, status, facetSize);
        expect(counted, 'the index should answer when no writer is committing').toBeDefined();
        expect(counted?.counts, JSON.stringify({ filters, status, facetSize })).toEqual(await countFacets(store.pool, filters, status, facetSize));
      }
    }
  }
}

beforeAll(async () => {
  ({ store, drop } = await freshStore());
  north = await store.sources.create({ name: 'Nord', url: 'https://nord.example.org', protocol: 'fake' });
  south = await store.sources.create({ name: 'Sud', url: 'https://sud.example.org', protocol: 'fake' });
  await harvest(store, north, Array.from({ length: 40 }, (_, i) => spec(i, 'n')));
  await harvest(store, south, Array.from({ length: 20 }, (_, i) => spec(i, 's')));
  sync = new FacetIndexSync(store.pool);
  expect(await sync.count({}, 'active', 20), 'not loaded yet: count in SQL').toBeUndefined();
  await sync.refresh();
});
afterAll(async () => drop?.());

describe('facet index', () => {
  it('counts what the SQL counts, for every filter, status and facet size', async () => {
    await expectParity([north, south]);
    // Not vacuous: the fixture has archived-free active rows, linked clusters and merged labels.
    const all = await countFacets(store.pool, {}, 'active', 20);
    expect(all.total).toBeGreaterThan(40);
    expect(all.facets.source.find((s) => s.value === south.id)?.count).toBeGreaterThan(0);
    expect(all.facets.keyword.find((k) => k.value === 'nature')?.label).toBe('NATURE');
  });

  it('gives the same search results (pages, cursors, counts) as counting in SQL', async () => {
    const withIndex = new SearchRepository(store.pool, { cacheSize: 0 });
    await withIndex.loadFacetIndex();
    const withoutIndex = new SearchRepository(store.pool, { cacheSize: 0, facetIndex: false });
    const queries: SearchQuery[] = [
      ...SEARCHES.map((filters) => ({ ...filters, pageSize: 7 })),
      { q: 'eau mesure', sort: 'relevance', pageSize: 5 },
      { q: 'mesure', sort: 'modified', pageSize: 4, page: 3 },
      { keyword: ['Nature'], sort: 'title', pageSize: 6, page: 2, status: 'all' },
      { modifiedSince: '2020-01-01T00:00:00Z', sort: 'modified', pageSize: 9, status: 'archived' },
    ];
    for (const query of queries) {
      // Follow each search's cursors to the end: every page, in order, must be the same.
      let cursor: string | undefined;
      let pages = 0;
      do {
        const [a, b] = [await withIndex.search({ ...query, cursor }), await withoutIndex.search({ ...query, cursor })];
        expect(a, JSON.stringify({ query, cursor })).toEqual(b);
        cursor = a.next ?? undefined;
        pages++;
      } while (cursor && pages < 20);
    }
  });

  it('follows changes, archiving and deletes', async () => {
    // A re-harvest that changes keywords and drops ten datasets (archived), then a row deleted outright.
    await harvest(store, north, Array.from({ length: 30 }, (_, i) => ({ ...spec(i, 'n'), keywords: [`neuf-${i % 4}`] })), true);
    const before = (await sync.count({}, 'archived', 20))?.counts.total;
    expect(before).toBe(10);
    await store.pool.query(`DELETE FROM datasets WHERE source_id = $1 AND remote_id = 'n-35'`, [north.id]);
    await expectParity([north, south]);
    expect((await sync.count({}, 'archived', 20))?.counts.total).toBe(9);
    expect((await sync.count({ keyword: ['neuf-1'] }, 'active', 20))?.counts.total).toBeGreaterThan(0);
  });

  it('leaves the count to SQL while a writer is committing, and catches up after', async () => {
    const writer = await store.pool.connect();
    try {
      await writer.query('BEGIN');
      await writer.query(`UPDATE datasets SET status = 'archived' WHERE source_id = $1 AND remote_id = 's-1'`, [south.id]);
      expect(await sync.count({}, 'active', 20)).toBeUndefined();
      await writer.query('COMMIT');
    } finally {
      writer.release();
    }
    await expectParity([north, south]);
  });

  it('reloads everything after a TRUNCATE', async () => {
    await store.pool.query('TRUNCATE dataset_search');
    expect((await sync.count({}, 'all', 20))?.counts.total).toBe(0);
    // The index trigger rebuilds every row it is run for (migration 010: an update must move one of the
    // columns its WHEN reads; without search_fields, the fields are recomputed in SQL).
    await store.pool.query('UPDATE datasets SET search_fields = NULL');
    await expectParity([north, south]);
    expect((await sync.count({}, 'all', 20))?.counts.total).toBeGreaterThan(40);
  });
});

describe('facet index that the heap cannot hold', () => {
  it('is dropped with a warning, and searches give the same results from PostgreSQL', async () => {
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on('warning', onWarning);
    try {
      // A share of 0: any heap is past it, as a 1M catalogue is past 60% of a 1 GB heap.
      const tight = new FacetIndexSync(store.pool, 0);
      await tight.refresh();
      expect(await tight.count({}, 'active', 20)).toBeUndefined();
      expect(await tight.count({ q: 'eau' }, 'active', 20)).toBeUndefined();
      await new Promise((resolve) => setImmediate(resolve)); // warnings are emitted on the next tick
      expect(warnings.map((w) => (w as Error & { code?: string }).code)).toContain('MOISSON_SEARCH_INDEX_DROPPED');

      const indexed = new SearchRepository(store.pool, { cacheSize: 0 });
      await indexed.loadFacetIndex();
      const unindexed = new SearchRepository(store.pool, { cacheSize: 0, facetIndexHeapShare: 0 });
      await unindexed.loadFacetIndex();
      for (const query of [{}, { q: 'eau' }, { keyword: ['Nature'], sort: 'modified' as const }]) {
        const [a, b] = [await indexed.search(query), await unindexed.search(query)];
        expect(b.total, JSON.stringify(query)).toBe(a.total);
        expect(b.items.map((i) => i.id)).toEqual(a.items.map((i) => i.id));
        expect(b.facets).toEqual(a.facets);
      }
    } finally {
      process.off('warning', onWarning);
    }
  });
});
