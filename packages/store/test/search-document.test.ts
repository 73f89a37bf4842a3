import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentHash, emptyDataset, type Dataset } from '@moisson/core';
import { commitPage, linkClusters, type DatasetWrite, type Store } from '@moisson/store';
import { freshStore } from '../../../test/support/database.js';
import { cleanPage } from '../../../test/support/page-commit.js';

let store: Store;
let drop: () => Promise<void>;

beforeAll(async () => {
  ({ store, drop } = await freshStore());
});
afterAll(async () => drop?.());

function record(remoteId: string, data: Dataset): DatasetWrite {
  const title = data.title[0]?.value ?? remoteId;
  return { remoteId, title, identifiers: [remoteId], data, chain: [], rawOriginal: `{"id":"${remoteId}"}`, rawMediaType: 'application/json', hash: contentHash(data) };
}

/** One page of datasets written by a job, nothing else in it. */
function commit(sourceId: string, jobId: string, datasets: DatasetWrite[]) {
  return commitPage(store.pool, cleanPage(sourceId, jobId, datasets));
}

/** Whether the stored search document of a dataset matches a tsquery (weights included). */
async function matches(remoteId: string, config: 'french' | 'english' | 'simple', query: string): Promise<boolean> {
  const { rows } = await store.pool.query<{ hit: boolean }>(
    `SELECT s.document @@ to_tsquery($2::regconfig, $3) AS hit FROM dataset_search s JOIN datasets d ON d.id = s.id WHERE d.remote_id = $1`,
    [remoteId, config, query],
  );
  return rows[0]?.hit ?? false;
}

describe('the search row a write builds (triggers of migrations 016 and 017, document of 022)', () => {
  it('weights title A, keywords B, description C, in French and English, accents folded', async () => {
    const source = await store.sources.create({ name: 'S', url: 'https://example.org', protocol: 'ckan' });
    const job = await store.jobs.create(source.id);
    const data: Dataset = {
      ...emptyDataset(),
      title: [{ value: 'Données de mobilité', lang: 'fr' }, { value: 'Running trails', lang: 'en' }],
      keywords: [{ value: 'Vélos' }, { value: 'bicycles', lang: 'en' }],
      description: [{ value: 'Les itinéraires cyclables de la Région', lang: 'fr' }],
    };
    await commit(source.id, job.id, [record('d1', data)]);

    expect(await matches('d1', 'french', 'donnees:A')).toBe(true);
    expect(await matches('d1', 'english', 'running:A')).toBe(true);
    expect(await matches('d1', 'french', 'velos:B')).toBe(true);
    expect(await matches('d1', 'english', 'bicycles:B')).toBe(true);
    expect(await matches('d1', 'french', 'itineraires:C')).toBe(true);
    // Each text keeps its own weight: a description word is not a title word.
    expect(await matches('d1', 'french', 'itineraires:A')).toBe(false);
    expect(await matches('d1', 'french', 'velos:A')).toBe(false);
  });

  it('stems a text tagged French in French only, English in English only, any other in both (migration 022)', async () => {
    const source = await store.sources.create({ name: 'L', url: 'https://example.org/l', protocol: 'dcat' });
    const job = await store.jobs.create(source.id);
    const data: Dataset = {
      ...emptyDataset(),
      title: [{ value: 'Qualité des rivières', lang: 'fr' }, { value: 'Running waters', lang: 'en' }],
      keywords: [{ value: 'cycling' }, { value: 'Vélos des villes', lang: 'fr-CA' }],
      description: [{ value: 'Wasser des Flusses', lang: 'de' }],
    };
    await commit(source.id, job.id, [record('l1', data)]);
    // 'des' is a French stop word that the English configuration keeps.
    expect(await matches('l1', 'simple', 'qualit:A & rivier:A & water:A')).toBe(true);
    expect(await matches('l1', 'simple', 'des:A')).toBe(false);
    expect(await matches('l1', 'simple', 'run:A')).toBe(true);
    expect(await matches('l1', 'simple', 'running:A')).toBe(false);
    expect(await matches('l1', 'simple', 'cycling:B & cycl:B & velos:B')).toBe(true);
    expect(await matches('l1', 'simple', 'des:B')).toBe(false);
    expect(await matches('l1', 'simple', 'des:C & wass:C & wasser:C')).toBe(true);
    // A query is stemmed both ways, so each language still finds the words it asks for.
    const found = await store.pool.query<{ q: string; hit: boolean }>(
      `SELECT q, s.document @@ moisson_tsquery(q) AS hit FROM dataset_search s JOIN datasets d ON d.id = s.id,
         unnest(ARRAY['rivières', 'running', 'waters', 'vélos', 'cycling', 'Flusses']) AS q WHERE d.remote_id = 'l1'`,
    );
    expect(found.rows.filter((r) => !r.hit).map((r) => r.q)).toEqual([]);
  });

  it('indexes a dataset without keywords or description by its title, and follows a rewrite', async () => {
    const source = await store.sources.create({ name: 'T', url: 'https://example.org/t', protocol: 'ckan' });
    const first = await store.jobs.create(source.id);
    const bare = { ...emptyDataset(), title: [{ value: 'Arbres remarquables', lang: 'fr' }] };
    await commit(source.id, first.id, [record('d2', bare)]);
    expect(await matches('d2', 'french', 'arbres:A')).toBe(true);

    await store.jobs.finish(first.id, { status: 'done', complete: true });
    const second = await store.jobs.create(source.id);
    const renamed = { ...bare, title: [{ value: 'Haies bocagères', lang: 'fr' }], keywords: [{ value: 'bocage' }] };
    await commit(source.id, second.id, [record('d2', renamed)]);
    expect(await matches('d2', 'french', 'haies:A')).toBe(true);
    expect(await matches('d2', 'french', 'bocage:B')).toBe(true);
    expect(await matches('d2', 'french', 'arbres')).toBe(false);
  });

  it('follows a cluster move from cross-source linking: same document, one primary per cluster', async () => {
    const producer = await store.sources.create({ name: 'Producer', url: 'https://producer.example.org', protocol: 'ckan' });
    const portal = await store.sources.create({ name: 'Portal', url: 'https://portal.example.org', protocol: 'ckan' });
    const aggregator = await store.sources.create({ name: 'Aggregator', url: 'https://aggregator.example.org', protocol: 'ckan' });
    const data = { ...emptyDataset(), title: [{ value: 'Zones humides', lang: 'fr' }], keywords: [{ value: 'marais' }] };
    // The portal's copy names the dataset by another key, so it founds a cluster of its own; an
    // aggregator's record carrying both keys then links the two, and the younger cluster moves.
    let bridgeIds: string[] = [];
    for (const [source, remoteId, matchKeys] of [[producer, 'p1', ['doi:10.5281/zenodo.42']], [portal, 'c1', ['ark:/67375/42']], [aggregator, 'b1', ['doi:10.5281/zenodo.42', 'ark:/67375/42']]] as const) {
      const job = await store.jobs.create(source.id);
      const row = { ...record(remoteId, data), matchKeys: [...matchKeys] };
      ({ datasetIds: bridgeIds } = await commit(source.id, job.id, [row]));
    }
    const before = await store.pool.query<{ document: string }>(`SELECT s.document::text FROM dataset_search s JOIN datasets d ON d.id = s.id WHERE d.remote_id = 'c1'`);
    expect(await linkClusters(store.pool, bridgeIds)).toBe(1);

    const { rows } = await store.pool.query<{ remote_id: string; cluster: string; search_cluster: string; is_primary: boolean; document: string }>(
      `SELECT d.remote_id, d.cluster_id::text AS cluster, s.cluster_id::text AS search_cluster, s.is_primary, s.document::text
       FROM datasets d JOIN dataset_search s ON s.id = d.id WHERE d.remote_id IN ('p1', 'c1') ORDER BY d.remote_id`,
    );
    expect(rows).toHaveLength(2);
    expect(new Set(rows.map((r) => r.cluster)).size).toBe(1);
    for (const row of rows) expect(row.search_cluster).toBe(row.cluster);
    expect(rows.filter((r) => r.is_primary)).toHaveLength(1);
    expect(rows.find((r) => r.remote_id === 'c1')?.document).toBe(before.rows[0]?.document);
    expect(await matches('c1', 'french', 'marais:B')).toBe(true);
  });

  it('splits a list of texts into the French and the English text as string_agg over its elements would, whatever the shape', async () => {
    const shapes = [
      '[{"value": "Qualité"}, {"value": "de l’eau", "lang": "fr"}, {"value": "water", "lang": "EN-gb"}]',
      '[{"value": "seul"}]',
      '[]',
      '[{"lang": "fr"}, {"value": null}]',
      '[{"value": ""}, {"value": "après vide", "lang": "fr-CA"}]',
      '[{"lang": "fr"}, {"value": "deuxième", "lang": "de"}, "pas un objet", 3, null, {"value": 4, "lang": "en"}]',
      '"pas une liste"',
      '{"value": "un objet"}',
      'null',
    ];
    const { rows } = await store.pool.query<{ shape: string; split: Array<string | null>; reference: Array<string | null> }>(
      `SELECT x.shape, moisson_texts_by_language(x.shape::jsonb) AS split,
              ARRAY[(SELECT string_agg(t->>'value', ' ') FROM jsonb_array_elements(l) t WHERE lower(split_part(t->>'lang', '-', 1)) IS DISTINCT FROM 'en'),
                    (SELECT string_agg(t->>'value', ' ') FROM jsonb_array_elements(l) t WHERE lower(split_part(t->>'lang', '-', 1)) IS DISTINCT FROM 'fr')] AS reference
       FROM unnest($1::text[]) AS x(shape)
       CROSS JOIN LATERAL (SELECT CASE WHEN jsonb_typeof(x.shape::jsonb) = 'array' THEN x.shape::jsonb ELSE '[]'::jsonb END AS l) list`,
      [shapes],
    );
    for (const row of rows) expect(row.split, row.shape).toEqual(row.reference);
    expect(rows.map((r) => r.split)).toEqual([
      ['Qualité de l’eau', 'Qualité water'],
      ['seul', 'seul'],
      [null, null],
      [null, null],
      [' après vide', ''],
      ['deuxième', 'deuxième 4'],
      [null, null],
      [null, null],
      [null, null],
    ]);
  });

  it('builds on insert the document the update trigger builds, for every shape of text', async () => {
    const source = await store.sources.create({ name: 'Shapes', url: 'https://shapes.example.org', protocol: 'dcat' });
    const job = await store.jobs.create(source.id);
    const long = Array.from({ length: 3000 }, (_, k) => `mot${k % 700} étang`).join(' ');
    const shapes: Array<[string, Partial<Dataset>]> = [
      ['s1', { title: [{ value: 'Qualité de l’eau', lang: 'fr' }, { value: 'Water quality', lang: 'en' }], keywords: [{ value: 'Écologie' }], description: [{ value: 'Mesures des rivières.' }] }],
      ['s2', { title: [], keywords: [], description: [] }],
      ['s3', { title: [{ value: '' }], description: [{ value: long, lang: 'fr' }, { value: 'second part', lang: 'en' }] }],
      ['s4', { title: [{ value: 'Sans valeur' }, { lang: 'fr' } as never], keywords: 'not a list' as never, description: { value: 'an object' } as never }],
      ['s5', { title: [{ value: 'https://example.org/a?b=c user@example.org 2024-01-01 3.14 Ærø ﬁn' }] }],
    ];
    // s3's title values are empty: the row's own title (what a harvester falls back to) is indexed.
    await commit(source.id, job.id, shapes.map(([id, fields]) => ({ ...record(id, { ...emptyDataset(), ...fields }), ...(id === 's3' ? { title: 'Titre de repli' } : {}) })));
    const documents = async () =>
      (
        await store.pool.query<{ remote_id: string; document: string; lexemes: number }>(
          `SELECT d.remote_id, s.document::text AS document, length(s.document) AS lexemes
           FROM datasets d JOIN dataset_search s ON s.id = d.id WHERE d.source_id = $1 ORDER BY d.remote_id`,
          [source.id],
        )
      ).rows;
    const inserted = await documents();
    // A changed hash makes the row trigger of updates rebuild every search row.
    await store.pool.query(`UPDATE datasets SET hash = hash || '-again' WHERE source_id = $1`, [source.id]);
    const rows = await documents();
    expect(rows.map((r) => r.remote_id)).toEqual(['s1', 's2', 's3', 's4', 's5']);
    expect(rows).toEqual(inserted);
    expect(rows.find((r) => r.remote_id === 's3')?.lexemes).toBeGreaterThan(700);
  });
});
