import { describeError, type AnyHarvester, type Cursor, type Http, type SourceSpec } from '@moisson/core';
import { commitPage, linkClusters, resolveDrift, type JobRow, type SourceRow, type Store } from '@moisson/store';
import { processPage } from './records.js';

/** The cursor the runner commits: where the harvester resumes, or that the listing ended. */
type RunCursor = { at: Cursor } | { ended: true };

export interface RunOptions {
  /** Datasets not seen for this long (and not seen by a complete run) are archived. @defaultValue 7 days */
  archiveGraceMs?: number;
  /** Called after each committed page (progress reporting). */
  onPage?: (progress: { pages: number; records: number; total?: number }) => void | Promise<void>;
  /** Stops between pages when aborted; the run resumes later from its cursor. */
  signal?: AbortSignal;
  /** moisson's own catalogue URLs: a record whose chain passes through one is a harvest loop. */
  ownUrls?: string[];
}

export interface RunResult {
  complete: boolean;
  archived: number;
}

export const DEFAULT_ARCHIVE_GRACE_MS = 7 * 24 * 3600 * 1000;

export function sourceSpec(source: SourceRow, modifiedSince?: string): SourceSpec {
  return { id: source.id, name: source.name, url: source.url, filters: source.filters, config: source.config, modifiedSince };
}

/**
 * Runs (or resumes) one harvest job: pages from the harvester, each page normalised and
 * committed with its cursor in one statement, then — only when the whole listing was read
 * without a page error and every failed record had an id — the datasets this run did not see
 * are archived. A page error propagates (the caller decides on retry); nothing is archived.
 */
export async function runHarvest(
  store: Store,
  harvester: AnyHarvester,
  source: SourceRow,
  job: JobRow,
  http: Http,
  options: RunOptions = {},
): Promise<RunResult> {
  const spec = sourceSpec(source);
  const ctx = { source: { id: source.id, name: source.name, url: source.url }, config: source.config, filters: source.filters, harvestedAt: job.startedAt ?? new Date().toISOString() };
  const saved = job.cursor as RunCursor | null;
  let pages = job.pages;
  let records = 0;
  let truncated: string | undefined;

  if (!saved || !('ended' in saved)) {
    const start = saved && 'at' in saved ? saved.at : null;
    for await (const page of harvester.pages(spec, start, http)) {
      const processed = processPage(harvester, page, ctx, options.ownUrls);
      if (page.truncated) {
        truncated = page.truncated;
        processed.errors.push({ pageUrl: page.url, code: 'LISTING_TRUNCATED', message: page.truncated });
      }
      const ended = page.next === null || truncated !== undefined;
      const outcome = await commitPage(store.pool, {
        sourceId: source.id,
        jobId: job.id,
        // The truncation error has no remote id, which also marks the job not archivable in
        // the same statement: a worker dying before `finish` cannot make it look complete.
        ...processed,
        cursor: ended ? { ended: true } : { at: page.next as Cursor },
        total: page.total,
      });
      // Identity work costs a round trip only when something was created or changed.
      const remoteIds = processed.datasets.map((d) => d.remoteId);
      if (outcome.created > 0) await resolveDrift(store.pool, source.id, job.id, remoteIds);
      if (outcome.created + outcome.updated > 0) await linkClusters(store.pool, source.id, remoteIds);
      pages++;
      records += page.records.length;
      await options.onPage?.({ pages, records, total: page.total });
      if (ended) break;
      if (options.signal?.aborted) throw new Error('harvest interrupted (worker shutting down); it resumes from its cursor');
    }
  }

  const current = await store.jobs.get(job.id);
  const complete = truncated === undefined && (current?.archivable ?? false);
  let archived = 0;
  if (complete && !spec.modifiedSince) {
    archived = await store.datasets.archiveUnseen(source.id, job.id, options.archiveGraceMs ?? DEFAULT_ARCHIVE_GRACE_MS);
  }
  await store.jobs.finish(job.id, { status: 'done', complete, archived });
  return { complete, archived };
}

export function failureMessage(error: unknown): string {
  return describeError(error);
}
