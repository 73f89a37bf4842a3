import type { DatasetWrite, PageCommit } from '@moisson/store';

/**
 * A page of one job with nothing failed, skipped or left to resume, which is what most tests
 * commit. `more` overrides or adds fields (errors, a cursor, deferred indexing…).
 */
export function cleanPage(sourceId: string, jobId: string, datasets: DatasetWrite[], more: Partial<PageCommit> = {}): PageCommit {
  return { sourceId, jobId, datasets, failedRemoteIds: [], errors: [], skipped: 0, cursor: null, ...more };
}
