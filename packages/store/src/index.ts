export * from './types.js';
export { createPool, createDatabaseIfMissing, dropDatabase, migrate, DEFAULT_DATABASE_URL, type Pool } from './database.js';
export { SourceRepository, isUuid, type PublishedSource, type SourceSummary } from './sources.js';
export { SecretBox, SecretKeyError, parseSecretKey, type SourceCredentials, type SealedCredentials } from './secret-box.js';
export { JobRepository, type JobError } from './jobs.js';
export { DatasetRepository, type DatasetQuery, type DatasetEvent } from './datasets.js';
export { commitPage, indexDatasets, indexUnindexed, type PageCommit, type PageOutcome } from './commit-page.js';
export { findUnchangedInputs } from './unchanged-inputs.js';
export { searchFields, type SearchFields, type QualityCriterion } from './search-fields.js';
export { textFold, type Fold } from './text-fold.js';
export { Store, openStore, type StoreOptions } from './store.js';
export { resolveDrift, linkClusters, sourceHasOlderDatasets } from './identity.js';
export { PageValidatorRepository, validatorKey, type PageValidator } from './page-validators.js';
export {
  SearchRepository,
  BadCursor,
  FACETS,
  type SearchQuery,
  type SearchOptions,
  type SearchResult,
  type SearchHit,
  type SearchFilters,
  type SearchSort,
  type SearchStatus,
  type FacetName,
  type FacetValue,
  type Origin,
  type Quality,
} from './search.js';
