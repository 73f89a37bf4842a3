import type { Store } from '@moisson/store';
import type { HarvestQueue } from './harvest-queue.js';

/**
 * Finds runs the database says are queued or running but that no BullMQ job carries any more
 * (the process died between claiming the source and enqueueing, Redis lost its data, a job was
 * removed by hand) and enqueues them again: they resume from their saved cursor. Without this a
 * source would stay "running" forever, the top complaint about CKAN's harvester.
 * (A worker that dies mid-run needs no reaper: BullMQ's stalled-job check hands the job to another.)
 */
export class Reaper {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly store: Store,
    private readonly queue: HarvestQueue,
    private readonly intervalMs = 60_000,
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.sweep().catch(() => undefined), this.intervalMs);
    this.timer.unref();
  }

  /** One pass; returns the ids of the jobs it re-enqueued or closed. */
  async sweep(): Promise<{ requeued: string[]; failed: string[] }> {
    const requeued: string[] = [];
    const failed: string[] = [];
    for (const job of await this.store.jobs.allActive()) {
      const carried = await this.queue.queue.getJob(job.id);
      const state = carried ? await carried.getState() : 'missing';
      if (state === 'failed') {
        await this.store.jobs.addError(job.id, { code: 'HARVEST_FAILED', message: carried?.failedReason ?? 'the queue marked this run failed' });
        await this.store.jobs.finish(job.id, { status: 'failed', complete: false, error: carried?.failedReason ?? 'failed' });
        failed.push(job.id);
      } else if (state === 'missing' || state === 'completed' || state === 'unknown') {
        // Only touch jobs older than a minute: a trigger may be between its two steps.
        if (Date.now() - new Date(job.createdAt).getTime() < 60_000) continue;
        await this.queue.enqueue(job);
        requeued.push(job.id);
      }
    }
    return { requeued, failed };
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }
}
