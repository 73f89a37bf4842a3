import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentHash, emptyDataset } from '@moisson/core';
import { commitPage, type DatasetWrite, type Store } from '@moisson/store';
import { freshStore } from '../../../test/support/database.js';
import { cleanPage } from '../../../test/support/page-commit.js';

let store: Store;
let drop: () => Promise<void>;

beforeAll(async () => {
  ({ store, drop } = await freshStore());
});
afterAll(async () => drop?.());

/** A record with a real abstract: several hundred distinct words, like an ISO 19139 record's. */
function longRecord(i: number): DatasetWrite {
  const words = Array.from({ length: 600 }, (_, k) => `relevé${i}x${k}`).join(' ');
  const data = { ...emptyDataset(), title: [{ value: `Inventaire ${i}` }], description: [{ value: words, language: 'fr' }] };
  return { remoteId: `r${i}`, title: `Inventaire ${i}`, identifiers: [`r${i}`], data, chain: [], rawOriginal: `<record>${words}</record>`, rawMediaType: 'application/xml', hash: contentHash(data), matchKeys: [`id:r${i}`] };
}

describe('compression of what a harvest writes', () => {
  it('stores the search document and the large values of a dataset with LZ4, not pglz', async () => {
    const source = await store.sources.create({ name: 'S', url: 'https://s.example.org', protocol: 'csw' });
    const job = await store.jobs.create(source.id);
    await commitPage(store.pool, cleanPage(source.id, job.id, [longRecord(1), longRecord(2)]));

    const { rows } = await store.pool.query<{ document: string | null; raw: string | null; data: string | null; size: number }>(
      `SELECT pg_column_compression(s.document) AS document, pg_column_compression(d.raw_original) AS raw,
              pg_column_compression(d.data) AS data, pg_column_size(s.document) AS size
       FROM dataset_search s JOIN datasets d USING (id) ORDER BY d.remote_id`,
    );
    expect(rows).toHaveLength(2);
    for (const row of rows) {
      // The document was large enough to be compressed at all (else the test proves nothing).
      expect(row.document).toBe('lz4');
      expect(row.raw).toBe('lz4');
      expect(row.data).toBe('lz4');
    }
  });
});
