import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emptyDataset, type Dataset } from '@moisson/core';
import { ckanHarvester } from '@moisson/harvester-ckan';
import { commitPage, searchFields, textFold, type Store } from '@moisson/store';
import { ckanPackage } from '../bench/generate/ckan.js';
import { context as ckanContext } from '../harvesters/ckan/test/fixtures.js';
import { toRemoteRecord } from '../harvesters/ckan/src/pages.js';
import { processPage } from '../packages/queue/src/records.js';
import { freshStore } from './support/database.js';
import { fixtureRecords } from './support/fixture-records.js';

/**
 * Migration 007 moved the search row's facets, quality score, sort date and bounding box from
 * the per-row trigger (SQL) to the worker (TypeScript). The SQL stays for rows written without
 * them, so both must agree: every fixture-derived dataset of every protocol, generated bench
 * datasets and hand-made edge cases go through both, compared as the search row they make.
 */
let db: Awaited<ReturnType<typeof freshStore>>;
let store: Store;
beforeAll(async () => {
  db = await freshStore();
  store = db.store;
});
afterAll(async () => db?.drop());

const days = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);

function edgeCases(): Array<[string, Dataset, string | undefined]> {
  const base = (patch: Partial<Dataset>): Dataset => ({ ...emptyDataset(), title: [{ value: 'Édition' }], ...patch });
  const cases: Array<[string, Dataset, string | undefined]> = [
    ['empty', emptyDataset(), undefined],
    ['folded keywords', base({ keywords: [{ value: '  Œuvres Données ' }, { value: 'ÉCOLE' }, { value: 'ecole' }, { value: 'Straße' }, { value: '  ' }, { value: 'Ørsted Łódź' }, { value: 'ﬁchier' }] }), undefined],
    ['themes without IRIs', base({ themes: [{ label: [{ value: 'Env', lang: 'en' }, { value: 'Envi', lang: 'fr' }] }, { notation: 'B' }, { uri: 'http://x/t/' }, { uri: 'http://x/t#A' }, { uri: 'http://x/t#A', label: [{ value: 'Zeta' }] }, { uri: 'http://x/t#A', label: [{ value: 'Alpha' }] }] }), undefined],
    ['formats and licences', base({
      license: { label: 'ODbL' },
      distributions: [
        { ...dist(), format: { notation: 'straße' }, license: { uri: 'http://publications.europa.eu/resource/authority/licence/CC_BYNC_4_0' } },
        { ...dist(), format: { label: [{ value: 'Shapefile' }] }, mediaType: 'application/zip' },
        { ...dist(), mediaType: 'text/csv', accessURL: [] },
        { ...dist(), format: { uri: 'http://publications.europa.eu/resource/authority/file-type/CSV' } },
      ],
    }), undefined],
    ['open licence everywhere', base({ distributions: [{ ...dist(), license: { uri: 'http://publications.europa.eu/resource/authority/licence/CC_BY_4_0' } }] }), undefined],
    ['bboxes', base({ spatial: [{ bbox: [-5, 42, 8.5, 51] }, { bbox: [-61.8, 14.4, -60.8, 16.5] }, { label: [{ value: 'France' }] }] }), undefined],
    ['up to date, daily', base({ modified: `${days(1)}T10:00:00Z`, accrualPeriodicity: { uri: 'http://publications.europa.eu/resource/authority/frequency/DAILY' } }), undefined],
    ['late, weekly', base({ modified: days(20), accrualPeriodicity: { uri: 'http://publications.europa.eu/resource/authority/frequency/WEEKLY' } }), undefined],
    ['description of 200 characters', base({ description: [{ value: 'é'.repeat(199), lang: 'fr' }, { value: 'x'.repeat(300), lang: 'en' }] }), undefined],
    ['languages', base({ languages: ['http://publications.europa.eu/resource/authority/language/FRA', 'http://publications.europa.eu/resource/authority/language/ENG', 'http://publications.europa.eu/resource/authority/language/FRA'] }), undefined],
    ['publisher by name', base({ publisher: { name: [{ value: 'Mairie de Brest', lang: 'en' }, { value: 'Ville de BREST', lang: 'fr' }] } }), undefined],
  ];
  for (const modified of ['2024', '2024-06', '2024-06-15', '2024-06-15T10:00', '2024-06-15 10:00:00', '2024-06-15T10:00:00.5+02:00', '2024-06-15T23:30:00-0330', '2024-06-15T10:00:00+01', '2024-02-31', 'juin 2024', '']) {
    cases.push([`modified ${JSON.stringify(modified)}`, base({ modified }), undefined]);
  }
  cases.push(['remote modified only', base({}), '2023-11-05T08:00:00Z']);
  cases.push(['dataset date wins over remote', base({ modified: '2020-01-01' }), '2023-11-05T08:00:00Z']);
  return cases;
}

function dist(): Dataset['distributions'][number] {
  return { title: [], description: [], accessURL: ['https://example.org/f'], downloadURL: [], languages: [], conformsTo: [], pages: [] };
}

/** Both sides as the `dataset_search` row they make (dates and boxes compared as values). */
async function bothSides(data: Dataset, remoteModified: string | undefined) {
  const fields = searchFields(data, remoteModified, await textFold(store.pool));
  const { rows } = await store.pool.query<{ sql: unknown; ts: unknown }>(
    `SELECT to_jsonb(jsonb_populate_record(NULL::dataset_search, s)) || jsonb_build_object('publisher_uri', s->'publisher_uri') AS sql,
            to_jsonb(jsonb_populate_record(NULL::dataset_search, $3::jsonb)) || jsonb_build_object('publisher_uri', $3::jsonb->'publisher_uri') AS ts
     FROM moisson_search_fields($1::jsonb, $2) s`,
    [JSON.stringify(data), remoteModified ?? null, fields ? JSON.stringify(fields) : null],
  );
  return { fields, sql: rows[0]!.sql, ts: rows[0]!.ts };
}

describe('search fields: the worker and PostgreSQL agree', () => {
  it('on every fixture-derived dataset of every protocol', async () => {
    const records = await fixtureRecords();
    expect(new Set(records.map((r) => r.protocol))).toEqual(new Set(['ckan', 'csw', 'ods', 'dcat', 'ipt']));
    for (const { label, record } of records) {
      const { fields, sql, ts } = await bothSides(record.dataset, record.remoteModified);
      expect(fields, label).toBeDefined();
      expect(ts, label).toEqual(sql);
    }
  });

  it('on generated bench datasets', async () => {
    for (let i = 0; i < 40; i++) {
      const record = ckanHarvester.normalise(toRemoteRecord(ckanPackage(i) as never).raw as never, ckanContext());
      const { sql, ts } = await bothSides(record.dataset, record.remoteModified);
      expect(ts, `package ${i}`).toEqual(sql);
    }
  });

  it.each(edgeCases())('on %s', async (_label, data, remoteModified) => {
    const { fields, sql, ts } = await bothSides(data, remoteModified);
    expect(fields).toBeDefined();
    expect(ts).toEqual(sql);
  });

  it('leaves to PostgreSQL the dates it cannot judge strictly, and judges the common ones', async () => {
    const fold = await textFold(store.pool);
    for (const modified of ['2024-06-15T10:00:00 CET', '2024-06-15T10:00:00.123456Z', '2024-06-15T24:00:00Z']) {
      expect(searchFields({ ...emptyDataset(), modified }, undefined, fold), modified).toBeUndefined();
    }
    for (const modified of ['2024', '2024-06-15', '2024-06-15T10:00:00Z', '2024-02-31', '2024-13', 'juin 2024']) {
      expect(searchFields({ ...emptyDataset(), modified }, undefined, fold), modified).toBeDefined();
    }
  });

  it('a page written by commitPage indexes exactly what the SQL path indexes', async () => {
    const source = await store.sources.create({ name: 'parity', url: 'https://ckan.example.fr', protocol: 'ckan', config: {} });
    const { job } = await store.jobs.createIfIdle(source.id, 'manual');
    const ctx = { source: { id: source.id, name: source.name, url: source.url }, config: {}, filters: [], harvestedAt: '2024-06-01T00:00:00Z' };
    const records = Array.from({ length: 30 }, (_, i) => toRemoteRecord(ckanPackage(i) as never));
    const page = processPage(ckanHarvester, { url: 'parity', records, next: null }, ctx);
    await commitPage(store.pool, { sourceId: source.id, jobId: job.id, ...page, cursor: null });
    // seq and row_version (migration 009) number the writes themselves, not what was indexed.
    const snapshot = async () =>
      (await store.pool.query(`SELECT to_jsonb(s) - 'is_primary' - 'seq' - 'row_version' AS row FROM dataset_search s JOIN datasets d USING (id) WHERE d.source_id = $1 ORDER BY s.id`, [source.id])).rows;
    const written = await snapshot();
    expect(written).toHaveLength(30);
    const { rows } = await store.pool.query(`SELECT count(*)::int AS n FROM datasets WHERE source_id = $1 AND search_fields IS NOT NULL`, [source.id]);
    expect(rows[0].n).toBe(30);

    await store.pool.query(`DELETE FROM dataset_search WHERE source_id = $1`, [source.id]);
    await store.pool.query(`UPDATE datasets SET search_fields = NULL WHERE source_id = $1`, [source.id]);
    expect(await snapshot()).toEqual(written);
  });
});
