import { UnrecoverableError, Worker, type Job } from 'bullmq';
import { PageFetchError, ProtocolError, SourceConfigError, type AnyHarvester, type Http } from '@moisson/core';
import { harvesterFor as registryLookup } from '@moisson/registry';
import { SecretBox, type Store } from '@moisson/store';
import type { Redis } from 'ioredis';
import { QUEUE_NAME, redisConnection, type QueueConnection } from './connection.js';
import type { HarvestJobData } from './harvest-queue.js';
import { CredentialedHttp } from './credentials-http.js';
import { httpFromEnv } from './http-factory.js';
import { failureMessage, HarvestTimeout, runHarvest, type RunOptions } from './runner.js';

export interface WorkerOptions extends QueueConnection {
  /** Harvests run at once by this worker (different sources). @defaultValue 2 */
  concurrency?: number;
  /** How long a job's lock lasts without renewal: a dead worker's job is resumed after it. @defaultValue 30000 */
  lockDurationMs?: number;
  /** How often stalled jobs are looked for. @defaultValue 30000 */
  stalledIntervalMs?: number;
  archiveGraceMs?: RunOptions['archiveGraceMs'];
  /** moisson's own public URLs, to detect harvest loops. @defaultValue MOISSON_PUBLIC_URL */
  ownUrls?: string[];
  /** The HTTP client for a source (tests allow loopback). @defaultValue from the environment */
  httpFor?: (sourceId: string) => Http;
  /** Where protocols are looked up. @defaultValue the registry */
  harvesterFor?: (protocol: string) => AnyHarvester | undefined;
  /** Opens source credentials. @defaultValue from MOISSON_SECRET_KEY */
  secrets?: SecretBox;
  /** The Redis client name of this worker's connection (`CLIENT LIST` shows it). @defaultValue moisson-worker */
  connectionName?: string;
  log?: (line: string) => void;
}

/** A BullMQ worker that runs harvest jobs through the runner, with retries that resume. */
export class HarvestWorker {
  readonly worker: Worker<HarvestJobData>;
  private readonly connection: Redis;
  private readonly shutdown = new AbortController();
  private readonly secrets: SecretBox | undefined;

  constructor(
    private readonly store: Store,
    private readonly options: WorkerOptions = {},
  ) {
    this.secrets = options.secrets ?? SecretBox.fromEnv();
    this.connection = redisConnection(options.redisUrl, options.connectionName ?? 'moisson-worker');
    this.worker = new Worker<HarvestJobData>(QUEUE_NAME, (job) => this.process(job), {
      connection: this.connection,
      prefix: options.prefix ?? 'moisson',
      concurrency: options.concurrency ?? 2,
      lockDuration: options.lockDurationMs ?? 30_000,
      stalledInterval: options.stalledIntervalMs ?? 30_000,
      // A harvest that outlives several dead workers is still resumed, not dropped.
      maxStalledCount: 10,
    });
    this.worker.on('error', (error) => this.log(`worker error: ${error.message}`));
  }

  private log(line: string): void {
    (this.options.log ?? ((l: string) => process.stderr.write(`${l}\n`)))(line);
  }

  private async process(bullJob: Job<HarvestJobData>): Promise<void> {
    const { harvestJobId, sourceId } = bullJob.data;
    const source = await this.store.sources.get(sourceId);
    const job = await this.store.jobs.start(harvestJobId);
    if (!job) return; // finished already (a duplicate delivery)
    if (!source) {
      await this.fail(harvestJobId, 'SOURCE_GONE', `source ${sourceId} no longer exists`);
      throw new UnrecoverableError(`source ${sourceId} no longer exists`);
    }
    const harvester = (this.options.harvesterFor ?? registryLookup)(source.protocol);
    if (!harvester) {
      await this.fail(harvestJobId, 'SOURCE_CONFIG', `no harvester for protocol "${source.protocol}"`);
      throw new UnrecoverableError(`no harvester for protocol "${source.protocol}"`);
    }
    let http = this.options.httpFor?.(sourceId) ?? httpFromEnv({}, source.config);
    if (source.credentials) {
      if (!this.secrets) {
        await this.fail(harvestJobId, 'SOURCE_CONFIG', 'the source has credentials but this worker has no MOISSON_SECRET_KEY to open them');
        throw new UnrecoverableError('no MOISSON_SECRET_KEY for the source credentials');
      }
      let credentials;
      try {
        credentials = this.secrets.open(source.credentials);
      } catch (error) {
        await this.fail(harvestJobId, 'SOURCE_CONFIG', failureMessage(error));
        throw new UnrecoverableError(failureMessage(error));
      }
      http = new CredentialedHttp(http, source.url, credentials);
    }
    this.log(`harvest ${job.id}: ${source.name} (${source.protocol} ${source.url}), attempt ${job.attempts}`);
    try {
      const result = await runHarvest(this.store, harvester, source, job, http, {
        archiveGraceMs: this.options.archiveGraceMs,
        ownUrls: this.options.ownUrls ?? (process.env.MOISSON_PUBLIC_URL ? [process.env.MOISSON_PUBLIC_URL] : []),
        signal: this.shutdown.signal,
        onPage: (progress) => bullJob.updateProgress(progress),
      });
      this.log(`harvest ${job.id}: ${result.mode} run done, complete=${result.complete}, archived=${result.archived}`);
    } catch (error) {
      const message = failureMessage(error);
      const unrecoverable =
        error instanceof SourceConfigError ||
        error instanceof ProtocolError ||
        error instanceof HarvestTimeout ||
        (error instanceof PageFetchError && !error.retryable);
      const lastAttempt = bullJob.attemptsMade + 1 >= (bullJob.opts.attempts ?? 1);
      const code = error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : 'HARVEST_FAILED';
      if (this.shutdown.signal.aborted) {
        await this.store.jobs.requeue(job.id, message);
        throw error;
      }
      if (unrecoverable || lastAttempt) {
        await this.fail(job.id, code, message, error instanceof PageFetchError ? error.url : undefined);
        this.log(`harvest ${job.id}: failed: ${message}`);
        throw unrecoverable ? new UnrecoverableError(message) : error;
      }
      await this.store.jobs.addError(job.id, { code, message: `attempt ${job.attempts} failed, will retry: ${message}`, pageUrl: error instanceof PageFetchError ? error.url : undefined });
      await this.store.jobs.requeue(job.id, message);
      this.log(`harvest ${job.id}: attempt failed, retrying: ${message}`);
      throw error;
    }
  }

  private async fail(jobId: string, code: string, message: string, pageUrl?: string): Promise<void> {
    await this.store.jobs.addError(jobId, { code, message, pageUrl });
    await this.store.jobs.finish(jobId, { status: 'failed', complete: false, error: message });
  }

  async close(): Promise<void> {
    this.shutdown.abort();
    await this.worker.close();
    this.connection.disconnect();
  }
}
