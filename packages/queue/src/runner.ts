import { describeError, MoissonError, splitSourceConfig, type AnyHarvester, type Cursor, type Http, type Page, type SourceSpec } from '@moisson/core';
import { commitPage, findUnchangedInputs, indexDatasets, indexUnindexed, linkClusters, resolveDrift, sourceHasOlderDatasets, validatorKey, type JobRow, type PageCommit, type SourceRow, type Store } from '@moisson/store';
import { ConditionalHttp } from './conditional-http.js';
import { inputHasher, settingsDigest } from './input-hash.js';
import { processPage, type KnownInputs } from './records.js';
import { planRun, type RunPlan } from './run-plan.js';
import { TrafficMeter } from './traffic.js';

/** The cursor the runner commits: where the harvester resumes, or that the listing ended. */
type RunCursor = { at: Cursor } | { ended: true };

export interface RunOptions {
  /** Datasets not seen for this long (and not seen by a complete run) are archived; a source's `config.archiveGraceDays` wins. @defaultValue 7 days */
  archiveGraceMs?: number;
  /** Called after each committed page (progress reporting). */
  onPage?: (progress: { pages: number; records: number; total?: number }) => void | Promise<void>;
  /** Stops between pages when aborted; the run resumes later from its cursor. */
  signal?: AbortSignal;
  /** moisson's own catalogue URLs: a record whose chain passes through one is a harvest loop. */
  ownUrls?: string[];
  /** The longest a run may take, from its first start, in ms. @defaultValue MOISSON_JOB_TIMEOUT_MINUTES, else 360 minutes */
  timeoutMs?: number;
  /** Send stored validators and replay 304 pages (and pages whose body digest is unchanged). @defaultValue true */
  conditional?: boolean;
  /**
   * Skip normalising records whose stored row was built from the same input (the record as
   * sent, the source's settings, moisson's code), for harvesters whose `original` is their whole
   * input. @defaultValue true
   */
  skipUnchanged?: boolean;
  /** What stands for moisson's code in input hashes and page body digests (tests). @defaultValue codeFingerprint() */
  codeFingerprint?: string;
  /** Force a mode instead of deciding from the source's history. */
  mode?: RunPlan['mode'];
  /** The clock, for the mode decision and the time budget (tests). @defaultValue now */
  now?: () => Date;
}

export interface RunResult {
  complete: boolean;
  archived: number;
  mode: RunPlan['mode'];
}

/** How long the worker must have waited for the previous page's commit for this page's indexing to leave the commit. */
const COMMIT_WAIT_TO_DEFER_MS = 2;

/** A run that created at least this many datasets refreshes the planner's statistics of their tables. */
const ANALYZE_AFTER_CREATED = 1000;

export const DEFAULT_ARCHIVE_GRACE_MS = 7 * 24 * 3600 * 1000;
export const DEFAULT_JOB_TIMEOUT_MINUTES = 360;

/** A run went past its time budget: it fails (nothing archived) and is not retried. */
export class HarvestTimeout extends MoissonError {
  readonly code = 'JOB_TIMEOUT';
}

export function sourceSpec(source: SourceRow, modifiedSince?: string): SourceSpec {
  const config = splitSourceConfig(source.config).harvester as SourceSpec['config'];
  return { id: source.id, name: source.name, url: source.url, filters: source.filters, config, ...(modifiedSince ? { modifiedSince } : {}) };
}

export function jobTimeoutMs(env: NodeJS.ProcessEnv = process.env): number {
  const minutes = Number(env.MOISSON_JOB_TIMEOUT_MINUTES);
  return (Number.isFinite(minutes) && minutes > 0 ? minutes : DEFAULT_JOB_TIMEOUT_MINUTES) * 60_000;
}

export function archiveGraceFor(source: SourceRow, fallbackMs = DEFAULT_ARCHIVE_GRACE_MS): number {
  const days = source.config['archiveGraceDays'];
  return typeof days === 'number' && Number.isFinite(days) && days >= 0 ? days * 86_400_000 : fallbackMs;
}

/**
 * Lets the event loop write the requests just started: normalising a page is synchronous, and a
 * request started before it would otherwise leave only after it.
 */
function requestsSent(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Decides the mode on the job's first start; a resumed attempt keeps it. */
async function planned(store: Store, harvester: AnyHarvester, source: SourceRow, job: JobRow, options: RunOptions): Promise<JobRow> {
  if (job.mode) return job;
  let plan: RunPlan;
  if (options.mode === 'full') plan = { mode: 'full', reason: 'asked for' };
  else {
    const [lastComplete, lastFull] = await Promise.all([store.jobs.lastComplete(source.id), store.jobs.lastComplete(source.id, 'full')]);
    plan = planRun({ harvesterIncremental: harvester.incremental === true, config: source.config, lastCompleteStart: lastComplete?.startedAt, lastFullStart: lastFull?.startedAt, now: options.now?.() ?? new Date() });
  }
  return (await store.jobs.setPlan(job.id, plan)) ?? job;
}

/**
 * Runs (or resumes) one harvest job: pages from the harvester, each page normalised and
 * committed with its cursor in one statement, then — only for a full run whose whole listing
 * was read without a page error and where every failed record had an id — the datasets this
 * run did not see are archived. A page error propagates (the caller decides on retry).
 *
 * Pages the remote answers 304, or whose body has the digest stored for them (see
 * `ConditionalHttp`), are accounted for from the store and the listing restarts from the cursor
 * that followed them.
 */
export async function runHarvest(
  store: Store,
  harvester: AnyHarvester,
  source: SourceRow,
  job: JobRow,
  http: Http,
  options: RunOptions = {},
): Promise<RunResult> {
  const run = await planned(store, harvester, source, job, options);
  const mode = run.mode ?? 'full';
  // pg hands timestamps back as Date objects; harvesters are promised ISO 8601 text.
  const since = mode === 'incremental' && run.modifiedSince ? new Date(run.modifiedSince).toISOString() : undefined;
  const spec = sourceSpec(source, since);
  const ctx = { source: { id: source.id, name: source.name, url: source.url }, config: spec.config, filters: source.filters, harvestedAt: run.startedAt ?? new Date().toISOString() };
  const saved = run.cursor as RunCursor | null;
  const deadline = new Date(run.startedAt ?? Date.now()).getTime() + (options.timeoutMs ?? jobTimeoutMs());
  const settings = settingsDigest(harvester, ctx, options.ownUrls ?? [], options.codeFingerprint);
  // An incremental listing asks for what changed since a time that moves every run. Its GETs carry
  // that time in the URL, so they are not digested, and only looked up when the remote validates
  // pages itself. Its POSTs (CSW) are known by URL and cursor: a server that ignores the time
  // answers the same pages as last run, and their digests recognise them.
  const lookUp = options.conditional !== false && (await store.pageValidators.any(source.id, 'any'));
  const digests = mode === 'full' ? { settings } : { settings, postsOnly: true, lookUpGets: lookUp && (await store.pageValidators.any(source.id, 'conditional')) };
  const conditional = new ConditionalHttp(http, lookUp ? (url, cursorBefore) => store.pageValidators.find(source.id, url, cursorBefore) : undefined, digests);
  const traffic = new TrafficMeter(http);
  // Only this job writes this source while it runs, so the answer holds for the whole run.
  const driftPossible = await sourceHasOlderDatasets(store.pool, source.id, run.id);
  // Input hashes are stored whenever the harvester allows them, and looked up unless told not to
  // (a forced re-normalisation still leaves hashes for the next run).
  const inputHashOf = harvester.originalIsWholeInput ? inputHasher(settings) : undefined;
  const lookUpInputs = options.skipUnchanged !== false && driftPossible;
  // A page's records are looked up while the page before it commits: a record repeated across
  // the two is not found yet and is simply normalised again.
  const knownInputs = async (page: Page<unknown>): Promise<KnownInputs | undefined> => {
    if (!inputHashOf) return undefined;
    const inputHashes = page.records.map(inputHashOf);
    const unchanged = lookUpInputs ? await findUnchangedInputs(store.pool, source.id, inputHashes) : new Map<string, string>();
    return { inputHashes, unchanged };
  };
  let pages = run.pages;
  let records = 0;
  let truncated: string | undefined;

  const checkBetweenPages = () => {
    if ((options.now?.() ?? new Date()).getTime() > deadline) {
      throw new HarvestTimeout(`the run took longer than ${Math.round((options.timeoutMs ?? jobTimeoutMs()) / 60_000)} minutes (MOISSON_JOB_TIMEOUT_MINUTES); stopped after ${pages} pages`);
    }
    if (options.signal?.aborted) throw new Error('harvest interrupted (worker shutting down); it resumes from its cursor');
  };

  let inflight: Promise<void> | undefined;
  // New datasets' search rows, built page after page on a connection of their own while the
  // worker commits the next pages: the commit is one backend's work, indexing another's.
  let indexing: Promise<unknown> = Promise.resolve();
  let pagesToIndex = 0;
  const settle = async () => {
    const pending = inflight;
    inflight = undefined;
    await pending;
  };

  try {
    let start: Cursor | null = saved && 'at' in saved ? saved.at : null;
    const replayed = new Set<string>();
    let ended = saved !== null && 'ended' in saved;
    while (!ended) {
      await settle();
      checkBetweenPages();
      const iterator = harvester.pages(spec, start, conditional)[Symbol.asyncIterator]();
      // The page that follows `cursor`, asked for now; awaited when its turn comes.
      const pageAfter = (cursor: Cursor | null): Promise<IteratorResult<Page<unknown>>> => {
        conditional.beginPage(cursor);
        const step = iterator.next();
        // Its failure is thrown where it is awaited, not reported as unhandled if the run stops first.
        step.catch(() => undefined);
        return step;
      };
      let ahead = pageAfter(start);
      for (;;) {
        let step: IteratorResult<Page<unknown>>;
        try {
          step = await ahead;
        } catch (error) {
          await settle();
          const unchanged = conditional.takeNotModified();
          if (!unchanged) throw error;
          const key = validatorKey(unchanged.url, unchanged.cursorBefore);
          if (replayed.has(key)) {
            truncated = `unchanged page ${unchanged.url} came round twice in one run: its stored next cursor loops`;
            await commitPage(store.pool, { sourceId: source.id, jobId: run.id, datasets: [], failedRemoteIds: [], errors: [{ pageUrl: unchanged.url, code: 'LISTING_TRUNCATED', message: truncated }], skipped: 0, cursor: { ended: true }, traffic: traffic.delta() });
            ended = true;
            break;
          }
          replayed.add(key);
          ended = unchanged.next === null;
          await commitPage(store.pool, {
            sourceId: source.id,
            jobId: run.id,
            datasets: [],
            failedRemoteIds: [],
            errors: [],
            skipped: unchanged.skipped,
            cursor: ended ? { ended: true } : { at: unchanged.next as Cursor },
            total: unchanged.total,
            unchangedRemoteIds: unchanged.remoteIds,
            notModified: true,
            traffic: traffic.delta(),
          });
          await store.pageValidators.touch(source.id, unchanged.url, unchanged.cursorBefore, run.id);
          pages++;
          records += unchanged.remoteIds.length + unchanged.skipped;
          await options.onPage?.({ pages, records, total: unchanged.total });
          start = unchanged.next;
          break; // restart the listing after the unchanged page
        }
        if (step.done) {
          ended = true;
          break;
        }
        const page = step.value;
        conditional.takeNotModified();
        // What this page's requests said, read before the next page's requests begin.
        const requestValidators = conditional.validatorsFor(page.url);
        const cursorBefore = conditional.currentCursorBefore;
        const last = page.next === null || page.truncated !== undefined;
        if (!last) {
          // The next page is asked for before this one is normalised and written: the remote
          // (and the politeness delay) answers while we work, instead of after. One page ahead
          // at most, so memory stays that of two pages.
          ahead = pageAfter(page.next);
          await requestsSent();
        }
        const processed = processPage(harvester, page, ctx, options.ownUrls, await knownInputs(page));
        if (page.truncated) {
          truncated = page.truncated;
          processed.errors.push({ pageUrl: page.url, code: 'LISTING_TRUNCATED', message: page.truncated });
        }
        // The previous page is committed before this one (cursors move forward in order), and
        // a stop asked meanwhile drops this page uncommitted: the run resumes from its cursor.
        const waitFrom = performance.now();
        await settle();
        // Waiting here means PostgreSQL's commit is the slower step: this page's new datasets are
        // then indexed beside the next commits, on another connection, instead of inside its
        // own. When the worker is the slower step, indexing inside the commit costs less CPU.
        // At most two pages wait to be indexed, so a slow indexer cannot pile up work (or ids).
        const deferIndexing = performance.now() - waitFrom > COMMIT_WAIT_TO_DEFER_MS && pagesToIndex < 2;
        checkBetweenPages();
        const commit: PageCommit = {
          sourceId: source.id,
          jobId: run.id,
          // The truncation error has no remote id, which also marks the job not archivable in
          // the same statement: a worker dying before `finish` cannot make it look complete.
          ...processed,
          cursor: last ? { ended: true } : { at: page.next as Cursor },
          total: page.total,
          traffic: traffic.delta(),
          deletedRemoteIds: page.deleted,
          deferSearchIndex: deferIndexing,
        };
        const validators = processed.errors.length === 0 ? requestValidators : undefined;
        const remoteIds = processed.datasets.map((d) => d.remoteId);
        const seenRemoteIds = [...remoteIds, ...processed.unchangedRemoteIds];
        const { skipped } = processed;
        const { next, total } = page;
        const count = page.records.length;
        // Sent now, not awaited: the next page is fetched and normalised while this one is
        // written. The closure below keeps only ids and counts, so the page's documents and
        // normalised datasets die young instead of being promoted with every page in flight.
        const committing = commitPage(store.pool, commit);
        inflight = (async () => {
          const outcome = await committing;
          if (validators) {
            // Lost on a crash right here, which only costs a full fetch of this page next time.
            await store.pageValidators.save(source.id, run.id, { ...validators, cursorBefore, remoteIds: seenRemoteIds, skipped, next, ...(total !== undefined ? { total } : {}) });
          }
          // Identity work costs a round trip only when something was created or changed.
          let datasetIds = outcome.datasetIds;
          if (outcome.created > 0 && driftPossible) {
            const reattached = await resolveDrift(store.pool, source.id, run.id, datasetIds);
            if (reattached.size > 0) datasetIds = datasetIds.map((id) => reattached.get(id) ?? id);
          }
          if (outcome.created + outcome.updated > 0) await linkClusters(store.pool, datasetIds);
          if (deferIndexing && outcome.created > 0) {
            // A created row that drift handling merged into an older one is gone: nothing to index.
            const ids = outcome.createdIds;
            pagesToIndex++;
            indexing = indexing.then(() => indexDatasets(store.pool, ids)).finally(() => pagesToIndex--);
            // Its failure is thrown where it is awaited, at the end of the run.
            indexing.catch(() => undefined);
          }
          pages++;
          records += count;
          await options.onPage?.({ pages, records, total });
        })();
        // Its failure is thrown where it is awaited (settle), not reported as unhandled meanwhile.
        inflight.catch(() => undefined);
        if (last) {
          ended = true;
          break;
        }
      }
    }
    await settle();
    await indexing;
    // A run that stopped between a page's commit and its indexing left rows out of search; its
    // resumed attempt (or this one, had it resumed) puts them back.
    if (saved !== null) await indexUnindexed(store.pool, source.id);
  } finally {
    await indexing.catch(() => undefined);
    // A page still being written when an error stops the run: let it land (or fail) first.
    await inflight?.catch(() => undefined);
    await store.jobs.addTraffic(run.id, traffic.delta()).catch(() => undefined);
  }

  const current = await store.jobs.get(run.id);
  const complete = truncated === undefined && (current?.archivable ?? false);
  let archived = 0;
  if (complete && mode === 'full') {
    archived = await store.datasets.archiveUnseen(source.id, run.id, archiveGraceFor(source, options.archiveGraceMs));
    await store.pageValidators.pruneStale(source.id, run.id);
  }
  // The per-page lookups (input hashes, remote ids) are planned from the table statistics; after
  // a harvest that added many rows, refresh them now rather than at autovacuum's next pass, or
  // the next run scans the whole source on every page (seen: 0.25 ms a row instead of 0.05).
  // Before the run is done, so a run started as soon as this one ends is planned on them; a
  // failure here costs plans, not the harvest.
  if ((current?.counts.created ?? 0) >= ANALYZE_AFTER_CREATED) await store.datasets.refreshStatistics().catch(() => undefined);
  await store.jobs.finish(run.id, { status: 'done', complete, archived });
  return { complete, archived, mode };
}

export function failureMessage(error: unknown): string {
  return describeError(error);
}
