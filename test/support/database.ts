import { randomBytes } from 'node:crypto';
import { createDatabaseIfMissing, dropDatabase, openStore, type Store } from '@moisson/store';

const BASE = process.env.MOISSON_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/moisson_test';

/** A fresh, migrated database for one test file, on the real PostgreSQL. Drop it with `drop()`. */
export async function freshStore(): Promise<{ store: Store; url: string; drop: () => Promise<void> }> {
  const url = new URL(BASE);
  url.pathname = `/moisson_test_${randomBytes(4).toString('hex')}`;
  await createDatabaseIfMissing(url.href);
  const store = await openStore(url.href, 5);
  return {
    store,
    url: url.href,
    drop: async () => {
      await store.close();
      await dropDatabase(url.href);
    },
  };
}
