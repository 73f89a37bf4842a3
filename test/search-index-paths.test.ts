import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ckanHarvester } from '@moisson/harvester-ckan';
import { toWrite } from '@moisson/queue';
import { commitPage, type Store } from '@moisson/store';
import { freshStore } from './support/database.js';
import { cleanPage } from './support/page-commit.js';

/**
 * A dataset's search row is built by two paths (migration 017): new rows once per INSERT statement,
 * updated rows by the row trigger. Both must build the same row from the same dataset.
 */
let store: Store;
let drop: () => Promise<void>;

beforeAll(async () => {
  ({ store, drop } = await freshStore());
});
afterAll(async () => drop?.());

const FIXTURES = ['package-show-datagov.json', 'package-show-harvested-spatial.json', 'package-show-scheming-multilingual.json', 'package-show-dcat-legacy.json'];

function fixturePackage(name: string): Record<string, unknown> {
  const body = JSON.parse(readFileSync(new URL(`../harvesters/ckan/test/fixtures/${name}`, import.meta.url), 'utf8')) as { result: Record<string, unknown> };
  return body.result;
}

/** Every column of the dataset's search row but its numbering (which each write draws anew). */
async function searchRows(ids: string[]): Promise<Array<Record<string, unknown>>> {
  const { rows } = await store.pool.query(
    `SELECT to_jsonb(s) - 'seq' - 'row_version' AS row FROM dataset_search s WHERE s.id = ANY($1::uuid[]) ORDER BY s.id`,
    [ids],
  );
  return rows.map((r: { row: Record<string, unknown> }) => r.row);
}

describe('the search row of a dataset', () => {
  it('is the same whether the page that created it or a later update of the row built it', async () => {
    const source = await store.sources.create({ name: 'CKAN', url: 'https://catalog.example.org', protocol: 'ckan' });
    const job = await store.jobs.create(source.id);
    const ctx = { source: { id: source.id, name: source.name, url: source.url }, config: {}, filters: [], harvestedAt: '2024-06-01T00:00:00Z' };
    const datasets = FIXTURES.map((name) => {
      const pkg = fixturePackage(name);
      return toWrite(ckanHarvester.normalise(pkg as never, ctx), { mediaType: 'application/json', body: JSON.stringify(pkg) }, { sourceUrl: source.url, ownUrls: [] });
    });
    const { datasetIds, created } = await commitPage(store.pool, cleanPage(source.id, job.id, datasets));
    expect(created).toBe(FIXTURES.length);

    const byInsert = await searchRows(datasetIds);
    expect(byInsert).toHaveLength(FIXTURES.length);
    // What the fixtures give the facets and the text, so the comparison below compares something.
    expect(byInsert.some((row) => Array.isArray(row['keywords']) && (row['keywords'] as unknown[]).length > 0)).toBe(true);
    expect(byInsert.some((row) => row['bbox'] !== null)).toBe(true);
    expect(byInsert.every((row) => typeof row['document'] === 'string' && (row['document'] as string).length > 0)).toBe(true);

    // The row trigger builds them again: the search rows gone, a changed hash makes it fire.
    await store.pool.query('DELETE FROM dataset_search WHERE id = ANY($1::uuid[])', [datasetIds]);
    await store.pool.query(`UPDATE datasets SET hash = hash || '-again' WHERE id = ANY($1::uuid[])`, [datasetIds]);
    expect(await searchRows(datasetIds)).toEqual(byInsert);
  });

  it('follows one UPDATE that moves, rewrites and re-indexes rows at once, as the row trigger did for each', async () => {
    const producer = await store.sources.create({ name: 'P', url: 'https://p.example.org', protocol: 'ckan' });
    const portal = await store.sources.create({ name: 'Q', url: 'https://q.example.org', protocol: 'ckan' });
    const insert = async (sourceId: string, remoteId: string, title: string, chain: string) =>
      (
        await store.pool.query<{ id: string }>(
          `INSERT INTO datasets (id, cluster_id, source_id, remote_id, title, data, chain, hash)
           SELECT g, g, $1, $2, $3, jsonb_build_object('title', jsonb_build_array(jsonb_build_object('value', $3::text))), $4::jsonb, 'h-' || $2 FROM gen_random_uuid() g RETURNING id`,
          [sourceId, remoteId, title, chain],
        )
      ).rows[0]!.id;
    const own = await insert(producer.id, 'own', 'Prairies humides', '[]');
    const copy = await insert(portal.id, 'copy', 'Prairies humides', '[{"source":"p"}]');
    const renamed = await insert(portal.id, 'renamed', 'Ancien titre', '[]');
    const lost = await insert(portal.id, 'lost', 'Tourbières', '[]');
    await store.pool.query('DELETE FROM dataset_search WHERE id = $1', [lost]);
    const before = await searchRows([copy]);

    await store.pool.query(
      `UPDATE datasets SET
         cluster_id = CASE WHEN id = $1 THEN $2::uuid ELSE cluster_id END,
         title = CASE WHEN id = $3 THEN 'Nouveau titre' ELSE title END,
         data = CASE WHEN id = $3 THEN '{"title":[{"value":"Nouveau titre"}]}'::jsonb ELSE data END,
         hash = CASE WHEN id = $3 THEN 'h-renamed-2' ELSE hash END,
         search_fields = CASE WHEN id = $4 THEN moisson_search_fields(data, remote_modified) ELSE search_fields END
       WHERE id = ANY($5::uuid[])`,
      [copy, own, renamed, lost, [own, copy, renamed, lost]],
    );
    const rows = new Map((await searchRows([own, copy, renamed, lost])).map((row) => [row['id'] as string, row]));
    // The copy moved to the producer's cluster, its document untouched; the producer (shorter chain) is the primary.
    expect(rows.get(copy)).toMatchObject({ cluster_id: own, is_primary: false, document: before[0]!['document'] });
    expect(rows.get(own)).toMatchObject({ cluster_id: own, is_primary: true });
    // The rewritten one is searchable by its new title only.
    expect(rows.get(renamed)?.['title_key']).toBe('nouveau titre');
    expect(rows.get(renamed)?.['document']).toContain("'nouveau'");
    expect(rows.get(renamed)?.['document']).not.toContain("'ancien'");
    // The one whose search row had gone is indexed again (by an update of its search fields alone).
    expect(rows.get(lost)).toMatchObject({ cluster_id: lost, is_primary: true, title_key: 'tourbieres' });
  });

  it('of a row inserted into an existing cluster takes part in its election', async () => {
    const producer = await store.sources.create({ name: 'Producer', url: 'https://producer.example.org', protocol: 'ckan' });
    const portal = await store.sources.create({ name: 'Portal', url: 'https://portal.example.org', protocol: 'ckan' });
    const [first] = (
      await store.pool.query<{ id: string }>(
        `INSERT INTO datasets (id, cluster_id, source_id, remote_id, title, data, chain, hash)
         SELECT g, g, $1, 'copy', 'Copy', '{"title":[{"value":"Copy"}]}', '[{"source":"a"},{"source":"b"}]', 'h1' FROM gen_random_uuid() g RETURNING id`,
        [portal.id],
      )
    ).rows;
    // The producer's own record joins the copy's cluster with a shorter chain: it becomes the primary.
    const [second] = (
      await store.pool.query<{ id: string }>(
        `INSERT INTO datasets (id, cluster_id, source_id, remote_id, title, data, chain, hash)
         VALUES (gen_random_uuid(), $2, $1, 'own', 'Own', '{"title":[{"value":"Own"}]}', '[]', 'h2') RETURNING id`,
        [producer.id, first!.id],
      )
    ).rows;
    const { rows } = await store.pool.query<{ id: string; is_primary: boolean; cluster_id: string }>(
      'SELECT id, is_primary, cluster_id FROM dataset_search WHERE id = ANY($1::uuid[])',
      [[first!.id, second!.id]],
    );
    expect(rows).toHaveLength(2);
    expect(rows.every((r) => r.cluster_id === first!.id)).toBe(true);
    expect(rows.find((r) => r.is_primary)?.id).toBe(second!.id);
  });
});
