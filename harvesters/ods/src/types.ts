import type { JsonObject } from './json.js';

/**
 * One dataset as the Explore API lists it: a v2.1 result (`dataset_id`, `metas.default`,
 * `metas.dcat`, `metas.inspire`…), a v2.0 `{dataset: {...}}` wrapper, or a v1 search hit
 * (`datasetid`, flat `metas`, `interop_metas`). Narrowed by `normalise`, never trusted.
 */
export type OdsDataset = JsonObject;

/** Where a listing resumes. */
export type OdsCursor =
  /** v2.1 offset paging; `last` is the last dataset_id read, for a keyset switch on resume. */
  | { api: 'v2.1'; offset: number; last?: string }
  /** v2.1 keyset paging past the offset cap: datasets after `after`, `seen` already read. */
  | { api: 'v2.1'; after: string; seen: number }
  | { api: 'v1'; start: number };
