import type pg from 'pg';
import { createDatabaseIfMissing, createPool, migrate, DEFAULT_DATABASE_URL } from './database.js';
import { DatasetRepository } from './datasets.js';
import { JobRepository } from './jobs.js';
import { PageValidatorRepository } from './page-validators.js';
import { SearchRepository, type SearchOptions } from './search.js';
import { SourceRepository } from './sources.js';

export interface StoreOptions {
  search?: SearchOptions;
}

/** The repositories over one pool. */
export class Store {
  readonly sources: SourceRepository;
  readonly jobs: JobRepository;
  readonly datasets: DatasetRepository;
  readonly pageValidators: PageValidatorRepository;
  readonly search: SearchRepository;

  constructor(
    readonly pool: pg.Pool,
    options: StoreOptions = {},
  ) {
    this.sources = new SourceRepository(pool);
    this.jobs = new JobRepository(pool);
    this.datasets = new DatasetRepository(pool);
    this.pageValidators = new PageValidatorRepository(pool);
    this.search = new SearchRepository(pool, options.search);
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

/** Creates the database if missing, applies migrations, returns the store. */
export async function openStore(
  databaseUrl = process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL,
  poolSize = 10,
  options: StoreOptions = {},
): Promise<Store> {
  await createDatabaseIfMissing(databaseUrl);
  const pool = createPool(databaseUrl, poolSize);
  await migrate(pool);
  return new Store(pool, options);
}
