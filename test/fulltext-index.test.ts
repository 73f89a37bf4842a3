import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SearchRepository, type SearchQuery, type SearchSort, type SearchStatus, type SourceRow, type Store } from '@moisson/store';
import { FacetIndexSync } from '../packages/store/src/facet-index-sync.js';
import { Params, statusClause } from '../packages/store/src/search-filters.js';
import { harvest, ODBL, ETALAB, type Spec } from '../packages/api/test/catalogue-fixture.js';
import { freshStore } from './support/database.js';

/**
 * Full-text search from memory (text-index.ts) must give what the SQL gives: the same matching
 * rows, ranks (ts_rank, as float4 text), order and cursors, page by page, at every version of
 * `dataset_search`; queries the index cannot reproduce must go to SQL, and the bench's must not.
 */
let store: Store;
let drop: () => Promise<void>;
let north: SourceRow;
let south: SourceRow;

const TITLES = [
  'Qualité de l’eau des rivières',
  'Transports en commun : horaires des bus et des trains',
  'Santé publique — vaccination et santé des enfants',
  'Données énergétiques : consommation d’énergie par commune',
  'Culture : musées, théâtres et bibliothèques',
  'Agriculture biologique et surfaces agricoles',
  'Water quality of rivers and lakes',
  'Public transport timetables (running buses)',
  'The energy transition in the region',
  'Eau potable, eau potable, eau potable',
];
const DESCRIPTIONS = [
  'Les données de la qualité de l’eau, mesurées chaque mois sur les rivières du département.',
  'Horaires théoriques des transports : bus, trains, tramways. Données mises à jour chaque semaine.',
  'Indicateurs de santé : vaccination, hôpitaux, médecins. The health data of the region.',
  'Consommation d’énergie électrique et de gaz par commune ; énergie renouvelable.',
  'Liste des équipements culturels et de leur fréquentation. Culture et patrimoine.',
  'Surfaces agricoles utiles, exploitations, agriculture biologique et pollution des sols.',
  'Measurements of water quality, pollution and temperature, running since 1998.',
  undefined,
  'Énergie, climat, air : données régionales sur la transition.',
  'L’eau, l’eau, encore l’eau : the water the water.',
  'Potable ou non, l’eau des sources est analysée : eau de source, eau de pluie.',
];
const KEYWORDS = [
  ['eau', 'rivière', 'qualité'],
  ['transport', 'bus', 'mobilité'],
  ['santé', 'Santé', 'vaccination'],
  ['énergie', 'energie', 'gaz'],
  ['culture', 'patrimoine'],
  ['agriculture', 'bio', 'sols'],
  ['water', 'quality', 'pollution'],
  ['transport', 'running'],
  [],
  ['eau', 'eau potable', 'the'],
];

function spec(i: number, prefix: string, variant = 0): Spec {
  const t = (i + variant) % TITLES.length;
  return {
    remoteId: `${prefix}-${i}`,
    title: `${TITLES[t]}${i % 3 === 0 ? ` ${i}` : ''}`,
    description: DESCRIPTIONS[(i * 7 + variant) % DESCRIPTIONS.length],
    keywords: [...(KEYWORDS[t] as string[]), ...(i % 4 === 0 ? ['données'] : [])],
    license: i % 2 === 0 ? ETALAB : ODBL,
    // Ties on purpose: a few dates for many rows, so ids break them.
    modified: `${2019 + (i % 3)}-0${1 + (i % 2)}-15`,
    ...(i % 6 === 0 ? { uri: `https://shared.example/dataset/${i}`, matchKeys: [`iri:shared.example/dataset/${i}`] } : {}),
  };
}

const QUERIES = [
  'eau',
  'Eau',
  'qualité',
  'qualite',
  'eau potable',
  'eau or water',
  'rivière -pollution',
  '-eau',
  'santé',
  'sante',
  'transports',
  'donnees',
  'energie',
  'culture',
  'agriculture',
  'running',
  'the',
  'water the',
  'nothing-matches-this',
  'xylophone',
  '"eau potable"',
  "l'eau",
  "qualité de l'eau",
  '"eau de source" or culture',
  'eau -"eau potable"',
  'porte-monnaie',
  '"qualité de l\'eau"',
  'de la',
];

/** The queries the bench runs (bench/search.ts), with their filters and sorts: all must run from memory. */
const BENCH: SearchQuery[] = [
  { q: 'transports' },
  { q: 'sante' },
  { q: 'donnees' },
  { q: 'energie', sort: 'modified' },
  { q: 'culture', license: [ETALAB] },
  { q: 'agriculture', qualityMin: 10, pageSize: 2, page: 3 },
];

/** More distinct lexemes than the index evaluates (one bit each). */
const MANY_WORDS = Array.from({ length: 30 }, (_, i) => `mot${i}`).join(' ');

let sync: FacetIndexSync;
let memory: SearchRepository;
let sql: SearchRepository;

beforeAll(async () => {
  ({ store, drop } = await freshStore());
  north = await store.sources.create({ name: 'Nord', url: 'https://nord.example.org', protocol: 'fake' });
  south = await store.sources.create({ name: 'Sud', url: 'https://sud.example.org', protocol: 'fake' });
  await harvest(store, north, Array.from({ length: 60 }, (_, i) => spec(i, 'n')));
  await harvest(store, south, Array.from({ length: 25 }, (_, i) => spec(i, 's', 3)));
  sync = new FacetIndexSync(store.pool);
  await sync.refresh();
  memory = new SearchRepository(store.pool, { cacheSize: 0 });
  await memory.loadFacetIndex();
  sql = new SearchRepository(store.pool, { cacheSize: 0, facetIndex: false });
});
afterAll(async () => drop?.());

/** Every page of `query` by cursor (and the second by offset), from memory and from SQL: equal. */
async function expectSameSearch(query: SearchQuery): Promise<number> {
  let cursor: string | undefined;
  let pages = 0;
  let total = 0;
  do {
    const [a, b] = [await memory.search({ ...query, cursor }), await sql.search({ ...query, cursor })];
    expect(a, JSON.stringify({ query, cursor })).toEqual(b);
    total = a.total;
    cursor = a.next ?? undefined;
    pages++;
  } while (cursor && pages < 40);
  expect(await memory.search({ ...query, page: 2 }), JSON.stringify({ query, page: 2 })).toEqual(await sql.search({ ...query, page: 2 }));
  return total;
}

/** Every listed match of `q` with its rank, from the index (with the path it took) and from ts_rank. */
async function ranks(q: string, status: SearchStatus): Promise<{ memory: Array<[string, string]>; path?: string; sql: Array<[string, string]> }> {
  const counted = await sync.count({ q }, status, 20, {
    memory: { sort: 'relevance', cursor: null, offset: 0, limit: 10_000 },
    sqlPage: () => {
      throw new Error(`the memory path should serve ${q}`);
    },
  });
  const params = new Params();
  const p = params.add(q);
  const { rows } = await store.pool.query<{ id: string; rank: string }>(
    `SELECT ds.id, ts_rank(ds.document, moisson_tsquery(${p}))::text AS rank FROM dataset_search ds
     WHERE ${statusClause(status)} AND ds.document @@ moisson_tsquery(${p})
     ORDER BY ts_rank(ds.document, moisson_tsquery(${p})) DESC, ds.id`,
    params.values,
  );
  return { memory: counted?.along ?? [], path: counted?.path, sql: rows.map((r) => [r.id, r.rank]) };
}

/** Ranked ANDs (`de la`: French stop words) go to SQL; phrases are matched from memory, PostgreSQL checking the rows a phrase decides. */
const FROM_MEMORY = QUERIES.filter((q) => q !== 'de la');

async function expectParity(): Promise<void> {
  const sorts: Array<SearchSort | undefined> = [undefined, 'modified', 'title'];
  const statuses: SearchStatus[] = ['active', 'all', 'archived'];
  for (const q of QUERIES) {
    for (const sort of sorts) {
      for (const status of statuses) await expectSameSearch({ q, sort, status, pageSize: 4 });
    }
  }
  await expectSameSearch({ q: 'eau', keyword: ['EAU'], pageSize: 3 });
  await expectSameSearch({ q: 'transport', source: [south.id], qualityMin: 5, pageSize: 3 });
  await expectSameSearch({ q: 'eau or culture', license: [ODBL], sort: 'modified', pageSize: 5 });
  for (const q of FROM_MEMORY) {
    for (const status of ['active', 'all'] as const) {
      const ranked = await ranks(q, status);
      expect(ranked.path, q).toBe('memory');
      expect(ranked.memory, `${q} ${status}`).toEqual(ranked.sql);
    }
  }
}

describe('full-text search from memory', () => {
  it('matches, ranks, orders and pages as the SQL does', async () => {
    await expectParity();
    // Not vacuous: the queries match many rows, with distinct ranks and ties.
    const eau = await ranks('eau', 'all');
    expect(eau.sql.length).toBeGreaterThan(15);
    expect(new Set(eau.sql.map(([, rank]) => rank)).size).toBeGreaterThan(3);
    expect((await ranks('donnees', 'active')).sql.length).toBeGreaterThan(20);
    expect((await ranks('-eau', 'active')).sql.some(([, rank]) => rank === '0')).toBe(true);
  });

  it('serves the bench’s searches from memory, and leaves ranked ANDs and title orders to SQL', async () => {
    for (const query of BENCH) {
      const sort = query.sort ?? 'relevance';
      const pageSize = query.pageSize ?? 20;
      const counted = await sync.count(query, 'active', 20, {
        memory: { sort, cursor: null, offset: ((query.page ?? 1) - 1) * pageSize, limit: pageSize + 1 },
        sqlPage: () => {
          throw new Error(`${JSON.stringify(query)} should be served from memory`);
        },
      });
      expect(counted?.path, JSON.stringify(query)).toBe('memory');
      expect(counted?.counts.total, JSON.stringify(query)).toBeGreaterThan(0);
      expect(await expectSameSearch(query)).toBe(counted?.counts.total);
    }
    for (const [q, sort] of [['de la', 'relevance'], ['eau', 'title'], [MANY_WORDS, 'relevance']] as const) {
      const counted = await sync.count({ q }, 'active', 20, {
        memory: { sort, cursor: null, offset: 0, limit: 5 },
        sqlPage: () => ({ columns: 'ds.id', select: `SELECT '[]'::json` }),
      });
      expect(counted?.path, q).toBe('sql');
    }
    // An AND of two lexemes is matched and counted from memory when the order does not need its rank.
    const byDate = await sync.count({ q: 'de la' }, 'active', 20, {
      memory: { sort: 'modified', cursor: null, offset: 0, limit: 5 },
      sqlPage: () => ({ columns: 'ds.id', select: `SELECT '[]'::json` }),
    });
    expect(byDate?.path).toBe('memory');
  });

  it('follows changes, archiving and deletes', async () => {
    // A re-harvest that rewrites texts and drops fifteen datasets (archived), then rows deleted outright.
    await harvest(store, north, Array.from({ length: 45 }, (_, i) => spec(i, 'n', 5)), true);
    await store.pool.query(`DELETE FROM datasets WHERE source_id = $1 AND remote_id IN ('s-3', 's-4', 's-20')`, [south.id]);
    await expectParity();
    expect((await memory.search({ q: 'eau', status: 'archived' })).total).toBeGreaterThan(0);
  });
});
