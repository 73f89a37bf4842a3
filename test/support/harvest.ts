import type { HarvestQueue } from '@moisson/queue';
import type { JobRow, Store } from '@moisson/store';

/** Waits until a job is done or failed (polling the database), and returns it. */
export async function waitForJob(store: Store, jobId: string, timeoutMs = 30_000): Promise<JobRow> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    const job = await store.jobs.get(jobId);
    if (job?.status === 'done' || job?.status === 'failed') return job;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`job ${jobId} did not finish in ${timeoutMs} ms: ${JSON.stringify(await store.jobs.get(jobId))}`);
}

/** Triggers a run of a source through the queue and waits for its end. */
export async function harvestThroughQueue(queue: HarvestQueue, store: Store, sourceId: string): Promise<JobRow> {
  const { job } = await queue.trigger(sourceId);
  return waitForJob(store, job.id);
}
