import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SourceRow } from '@moisson/store';
import { CC_BY_NC, ETALAB, FORMAT, harvest, LANG, ODBL, THEME, write, type Spec } from './catalogue-fixture.js';
import { PUBLIC_URL, testApi, type TestApi } from './setup.js';
import { commitPage } from '@moisson/store';
import { cleanPage } from '../../../test/support/page-commit.js';

let api: TestApi;
let metropole: SourceRow;
let national: SourceRow;

const LYON = { name: 'Métropole de Lyon', uri: 'https://lyon.example/org' };
const ARBRES_IRI = 'https://lyon.example/dataset/arbres';
const LONG = 'Résultats des analyses de la qualité de l’eau potable distribuée dans chaque commune : bactériologie, nitrates, pesticides, dureté. Les prélèvements sont faits par l’agence régionale de santé au robinet du consommateur et aux captages.';

const A: Spec[] = [
  { remoteId: 'arbres', title: 'Arbres remarquables', keywords: ['Nature', 'Arbres'], themes: ['ENVI'], publisher: LYON, formats: ['CSV'], license: ETALAB, languages: [LANG('FRA')], bbox: [4.7, 45.7, 4.9, 45.8], modified: '2024-05-01', uri: ARBRES_IRI, matchKeys: ['iri:lyon.example/dataset/arbres'] },
  { remoteId: 'ecoles', title: 'Écoles maternelles', keywords: ['Éducation'], themes: ['EDUC'], publisher: LYON, formats: ['GEOJSON'], license: ODBL, languages: [LANG('FRA')], bbox: [4.8, 45.7, 4.9, 45.8], modified: '2023-01-10' },
  { remoteId: 'eau', title: 'Qualité de l’eau potable', description: LONG, keywords: ['eau'], themes: ['ENVI', 'HEAL'], publisher: { name: 'Agence de l’eau' }, formats: ['CSV', 'JSON'], license: CC_BY_NC, languages: [LANG('FRA'), LANG('ENG')], bbox: [-1, 43, 1, 45], modified: '2022-06-01' },
  { remoteId: 'stations', title: 'Stations de mesure', description: 'Réseau de stations qui suivent la qualité de l’eau des rivières.', keywords: ['hydrologie'], modified: '2024-01-01' },
];
const B: Spec[] = [
  {
    remoteId: 'arbres-nat', title: 'Arbres remarquables (copie)', keywords: ['Nature'], formats: ['CSV'], uri: ARBRES_IRI, matchKeys: ['iri:lyon.example/dataset/arbres'],
    chain: [{ catalog: { title: 'Métropole', url: 'https://data.metropole.example' }, recordId: 'arbres', protocol: 'ckan' }],
  },
  {
    remoteId: 'jardins', title: 'Jardins partagés', keywords: ['Nature'], modified: '2021-03-03', loop: true,
    chain: [{ catalog: { title: 'moisson test', url: PUBLIC_URL }, recordId: 'j-1', protocol: 'moisson' }],
  },
];

const get = (url: string) => api.app.inject({ method: 'GET', url });
const list = async (query: string) => {
  const response = await get(`/api/datasets?${query}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
};
const titles = async (query: string) => (await list(query)).items.map((i: { title: string }) => i.title);
const idOf = async (source: SourceRow, remoteId: string) => (await api.store.datasets.byRemoteId(source.id, remoteId))!.id;

beforeAll(async () => {
  api = await testApi();
  metropole = await api.store.sources.create({ name: 'Métropole', url: 'https://data.metropole.example', protocol: 'fake' });
  national = await api.store.sources.create({ name: 'Portail national', url: 'https://national.example.org', protocol: 'fake' });
  await harvest(api.store, metropole, [...A, { remoteId: 'ancien', title: 'Ancien jeu' }]);
  await harvest(api.store, metropole, A, true);
  await harvest(api.store, national, B);
});
afterAll(async () => api?.close());

describe('GET /api/datasets: full text', () => {
  it('stems French and folds accents', async () => {
    expect(await titles('q=arbre')).toEqual(['Arbres remarquables']);
    expect(await titles('q=ecole')).toEqual(['Écoles maternelles']);
    expect(await titles('q=ÉCOLES')).toEqual(['Écoles maternelles']);
    expect(await titles('q=rivieres')).toEqual(['Stations de mesure']);
  });

  it('ranks a title hit above a description hit', async () => {
    expect(await titles('q=eau')).toEqual(['Qualité de l’eau potable', 'Stations de mesure']);
  });

  it('supports phrases and exclusion', async () => {
    expect(await titles('q=' + encodeURIComponent('eau -potable'))).toEqual(['Stations de mesure']);
    expect(await titles('q=' + encodeURIComponent('"eau potable"'))).toEqual(['Qualité de l’eau potable']);
  });
});

describe('GET /api/datasets: one item per dataset, whichever sources carry it', () => {
  it('lists the copy closest to the producer once, with the other sources as origins', async () => {
    const body = await list('q=arbres');
    expect(body.total).toBe(1);
    const [item] = body.items;
    const [arbres, copy] = [await idOf(metropole, 'arbres'), await idOf(national, 'arbres-nat')];
    expect(item.id).toBe(arbres);
    expect(item.origins).toEqual([
      {
        id: copy,
        source: { id: national.id, name: 'Portail national', url: 'https://national.example.org', protocol: 'fake' },
        remoteId: 'arbres-nat',
        remoteUrl: 'https://catalogue.example.org/dataset/arbres-nat',
        status: 'active',
        primary: false,
        links: { self: `${PUBLIC_URL}/api/datasets/${copy}` },
      },
    ]);
  });

  it('gives every linked dataset, itself included, and the loop flag on the detail', async () => {
    const copy = await idOf(national, 'arbres-nat');
    const detail = (await get(`/api/datasets/${copy}`)).json();
    expect(detail.origins.map((o: { remoteId: string; primary: boolean }) => [o.remoteId, o.primary])).toEqual([['arbres', true], ['arbres-nat', false]]);
    expect(detail.loop).toBe(false);
    const jardins = (await get(`/api/datasets/${await idOf(national, 'jardins')}`)).json();
    expect(jardins.loop).toBe(true);
    expect(jardins.origins.map((o: { remoteId: string }) => o.remoteId)).toEqual(['jardins']);
    expect((await list('q=jardins')).items[0].loop).toBe(true);
  });

  it('lists a cluster under every source that carries it', async () => {
    expect(await titles(`source=${national.id}`)).toEqual(['Arbres remarquables', 'Jardins partagés']);
    expect(await titles(`source=${metropole.id}&q=arbres`)).toEqual(['Arbres remarquables']);
  });
});

describe('GET /api/datasets: filters', () => {
  it('hides archived datasets unless asked', async () => {
    expect(await titles('')).toEqual(['Arbres remarquables', 'Écoles maternelles', 'Jardins partagés', 'Qualité de l’eau potable', 'Stations de mesure']);
    expect(await titles('status=archived')).toEqual(['Ancien jeu']);
    expect((await list('status=all')).total).toBe(6);
  });

  it('filters by each facet value, alternatives within a filter', async () => {
    expect(await titles('keyword=NATURE')).toEqual(['Arbres remarquables', 'Jardins partagés']);
    expect(await titles(`theme=${encodeURIComponent(THEME('ENVI'))}`)).toEqual(['Arbres remarquables', 'Qualité de l’eau potable']);
    expect(await titles(`theme=${encodeURIComponent(THEME('EDUC'))}&theme=${encodeURIComponent(THEME('HEAL'))}`)).toEqual(['Écoles maternelles', 'Qualité de l’eau potable']);
    expect(await titles(`format=${encodeURIComponent(FORMAT('CSV'))}&language=${encodeURIComponent(LANG('ENG'))}`)).toEqual(['Qualité de l’eau potable']);
    expect(await titles(`publisher=${encodeURIComponent(LYON.uri)}`)).toEqual(['Arbres remarquables', 'Écoles maternelles']);
    expect(await titles(`license=${encodeURIComponent(ODBL)}`)).toEqual(['Écoles maternelles']);
    expect(await titles('quality_min=70')).toEqual(['Qualité de l’eau potable']);
  });

  it('filters by bounding box intersection', async () => {
    expect(await titles('bbox=4.85,45.75,4.86,45.76')).toEqual(['Arbres remarquables', 'Écoles maternelles']);
    expect(await titles('bbox=-0.5,44,0.5,44.5')).toEqual(['Qualité de l’eau potable']);
    expect(await titles('bbox=4.75,45.6,4.78,45.71')).toEqual(['Arbres remarquables']);
    expect(await titles('bbox=10,10,11,11')).toEqual([]);
  });

  it('filters by modification date and sorts newest first', async () => {
    expect(await titles('modified_since=2024-01-01T00:00:00Z')).toEqual(['Arbres remarquables', 'Stations de mesure']);
    expect(await titles('sort=modified')).toEqual(['Arbres remarquables', 'Stations de mesure', 'Écoles maternelles', 'Qualité de l’eau potable', 'Jardins partagés']);
  });

  it('answers 400 for a bad bbox, date or cursor', async () => {
    expect((await get('/api/datasets?bbox=5,45,4,46')).json()).toEqual({
      error: 'validation_failed',
      message: 'querystring/bbox "5,45,4,46" is not west,south,east,north in degrees with west <= east and south <= north',
    });
    expect((await get('/api/datasets?bbox=a,b')).statusCode).toBe(400);
    expect((await get('/api/datasets?modified_since=yesterday')).json().message).toBe('querystring/modified_since must match format "date-time"');
    expect((await get('/api/datasets?cursor=nonsense')).json()).toEqual({ error: 'bad_cursor', message: 'the cursor is not one this API returned' });
    const next = (await list('pageSize=1')).next;
    expect((await get(`/api/datasets?sort=modified&cursor=${next}`)).json()).toEqual({
      error: 'bad_cursor',
      message: 'the cursor belongs to sort=title, not sort=modified: keep the sort while paging',
    });
  });
});

describe('GET /api/datasets: facets', () => {
  it('counts each facet over the matching set, with labels', async () => {
    const { facets } = await list('');
    expect(facets.source).toEqual([
      { value: metropole.id, label: 'Métropole', count: 4 },
      { value: national.id, label: 'Portail national', count: 2 },
    ]);
    expect(facets.publisher).toEqual([
      { value: LYON.uri, label: 'Métropole de Lyon', count: 2 },
      { value: 'agence de l’eau', label: 'Agence de l’eau', count: 1 },
    ]);
    expect(facets.theme).toEqual([
      { value: THEME('ENVI'), label: 'Environment', count: 2 },
      { value: THEME('EDUC'), label: 'Education, culture and sport', count: 1 },
      { value: THEME('HEAL'), label: 'Health', count: 1 },
    ]);
    expect(facets.keyword).toEqual([
      { value: 'nature', label: 'Nature', count: 2 },
      { value: 'arbres', label: 'Arbres', count: 1 },
      { value: 'eau', label: 'eau', count: 1 },
      { value: 'education', label: 'Éducation', count: 1 },
      { value: 'hydrologie', label: 'hydrologie', count: 1 },
    ]);
    expect(facets.format).toEqual([
      { value: FORMAT('CSV'), label: 'CSV', count: 2 },
      { value: FORMAT('GEOJSON'), label: 'GEOJSON', count: 1 },
      { value: FORMAT('JSON'), label: 'JSON', count: 1 },
    ]);
    expect(facets.license).toEqual([
      { value: CC_BY_NC, label: CC_BY_NC, count: 1 },
      { value: ODBL, label: ODBL, count: 1 },
      { value: ETALAB, label: ETALAB, count: 1 },
    ]);
    expect(facets.language).toEqual([
      { value: LANG('FRA'), label: 'fra', count: 3 },
      { value: LANG('ENG'), label: 'eng', count: 1 },
    ]);
    expect(facets.status).toEqual([
      { value: 'active', label: 'active', count: 5 },
      { value: 'archived', label: 'archived', count: 1 },
    ]);
    // arbres and écoles 68 (no description, contact, dates, frequency), eau 73 (licence not open), the two bare ones 15.
    expect(facets.quality).toEqual([
      { value: '50', label: '50–74', count: 3 },
      { value: '0', label: '0–24', count: 2 },
    ]);
  });

  it('narrows the counts with the query', async () => {
    const { total, facets } = await list('q=eau');
    expect(total).toBe(2);
    expect(facets.source).toEqual([{ value: metropole.id, label: 'Métropole', count: 2 }]);
    expect(facets.keyword.map((k: { value: string }) => k.value)).toEqual(['eau', 'hydrologie']);
    expect(facets.status).toEqual([{ value: 'active', label: 'active', count: 2 }]);
  });
});

describe('GET /api/datasets: quality', () => {
  it('scores DCAT-AP coverage and the data.gouv.fr criteria', async () => {
    const detail = (await get(`/api/datasets/${await idOf(metropole, 'eau')}`)).json();
    expect(detail.quality).toEqual({
      score: 73,
      criteria: {
        title: true, description: true, keywords: true, themes: true, publisher: true, contactPoint: false, license: true,
        openLicense: false, distributions: true, openFormat: true, temporal: false, spatial: true, updateFrequency: false, upToDate: false,
      },
    });
  });
});

describe('GET /api/datasets: cursor paging', () => {
  it('continues where it was while a harvest inserts rows before and after the cursor', async () => {
    const first = await list('pageSize=2');
    expect(first.items.map((i: { title: string }) => i.title)).toEqual(['Arbres remarquables', 'Écoles maternelles']);
    // A harvest writes meanwhile: one title sorts before the cursor, one after.
    const job = await api.store.jobs.create(national.id);
    await commitPage(api.store.pool, cleanPage(national.id, job.id, [write({ remoteId: 'aa', title: 'Aires de jeux' }), write({ remoteId: 'mares', title: 'Mares' })]));
    const second = await list(`pageSize=2&cursor=${first.next}`);
    expect(second.items.map((i: { title: string }) => i.title)).toEqual(['Jardins partagés', 'Mares']);
    const third = await list(`pageSize=2&cursor=${second.next}`);
    expect(third.items.map((i: { title: string }) => i.title)).toEqual(['Qualité de l’eau potable', 'Stations de mesure']);
    expect(third.next).toBeNull();
    // Offset paging, by contrast, would have served "Écoles maternelles" twice.
    expect(await titles('pageSize=2&page=2')).toEqual(['Écoles maternelles', 'Jardins partagés']);
  });

  it('pages by relevance and by date with the same guarantees', async () => {
    const seen: string[] = [];
    let next: string | null = null;
    do {
      const page: { items: Array<{ title: string }>; next: string | null } = await list(`sort=modified&pageSize=2${next ? `&cursor=${next}` : ''}`);
      seen.push(...page.items.map((i) => i.title));
      next = page.next;
    } while (next);
    expect(seen).toEqual((await list('sort=modified&pageSize=100')).items.map((i: { title: string }) => i.title));
    const byRank = await list('q=eau&pageSize=1');
    expect((await list(`q=eau&pageSize=1&cursor=${byRank.next}`)).items.map((i: { title: string }) => i.title)).toEqual(['Stations de mesure']);
  });
});
