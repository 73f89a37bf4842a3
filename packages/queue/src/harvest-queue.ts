import { Queue } from 'bullmq';
import type { JobRow, Store } from '@moisson/store';
import type { Redis } from 'ioredis';
import { QUEUE_NAME, redisConnection, type QueueConnection } from './connection.js';

export interface HarvestJobData {
  sourceId: string;
  /** The `harvest_jobs` row this BullMQ job runs. */
  harvestJobId: string;
}

export interface EnqueueOptions {
  /** Attempts before the run is marked failed (each resumes from the saved cursor). @defaultValue 3 */
  attempts?: number;
  /** First retry delay in ms, doubling. @defaultValue 30000 */
  backoffMs?: number;
}

/**
 * The `harvest` queue. A trigger first claims the source in PostgreSQL (one active job per
 * source, enforced by a unique index), then enqueues a BullMQ job whose id is the database job
 * id: two schedulers, two clicks or a retry can never start two runs of one source.
 */
export class HarvestQueue {
  readonly queue: Queue<HarvestJobData>;
  private readonly connection: Redis;

  constructor(
    private readonly store: Store,
    connection: QueueConnection = {},
    private readonly enqueueOptions: EnqueueOptions = {},
  ) {
    this.connection = redisConnection(connection.redisUrl);
    this.queue = new Queue<HarvestJobData>(QUEUE_NAME, { connection: this.connection, prefix: connection.prefix ?? 'moisson' });
  }

  /** Starts a run of a source, or returns the one already queued or running. */
  async trigger(sourceId: string, trigger: 'manual' | 'schedule' | 'reaper' = 'manual'): Promise<{ job: JobRow; created: boolean }> {
    const claimed = await this.store.jobs.createIfIdle(sourceId, trigger);
    if (claimed.created) await this.enqueue(claimed.job);
    return claimed;
  }

  /** (Re-)enqueues the BullMQ job of a database job; a no-op when it is already waiting or active. */
  async enqueue(job: JobRow): Promise<void> {
    const existing = await this.queue.getJob(job.id);
    if (existing) {
      const state = await existing.getState();
      if (state === 'waiting' || state === 'active' || state === 'delayed' || state === 'prioritized' || state === 'waiting-children') return;
      await existing.remove().catch(() => undefined);
    }
    await this.queue.add(
      'harvest',
      { sourceId: job.sourceId, harvestJobId: job.id },
      {
        jobId: job.id,
        attempts: this.enqueueOptions.attempts ?? 3,
        backoff: { type: 'exponential', delay: this.enqueueOptions.backoffMs ?? 30_000 },
        removeOnComplete: { age: 24 * 3600, count: 1000 },
        removeOnFail: { age: 7 * 24 * 3600 },
      },
    );
  }

  async close(): Promise<void> {
    await this.queue.close();
    this.connection.disconnect();
  }
}
