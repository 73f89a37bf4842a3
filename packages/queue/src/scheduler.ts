import cron, { type ScheduledTask } from 'node-cron';
import type { Store } from '@moisson/store';
import type { HarvestQueue } from './harvest-queue.js';

/** Whether a cron expression (5 or 6 fields) is valid. */
export function isValidSchedule(expression: string): boolean {
  return cron.validate(expression);
}

export interface SchedulerOptions {
  /** How often the schedules are re-read from the database. @defaultValue 60000 */
  refreshMs?: number;
  /** Random delay added to each scheduled start, so sources sharing a schedule do not all start at once. @defaultValue 30000 */
  staggerMs?: number;
  log?: (line: string) => void;
}

/**
 * Fires each enabled source's cron schedule and triggers a run. Any number of schedulers may
 * run (one per `moisson start`): the queue's one-active-job-per-source claim makes the second
 * trigger of the same tick a no-op.
 */
export class Scheduler {
  private readonly tasks = new Map<string, { expression: string; task: ScheduledTask }>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly store: Store,
    private readonly queue: HarvestQueue,
    private readonly options: SchedulerOptions = {},
  ) {}

  async start(): Promise<void> {
    await this.sync();
    this.timer = setInterval(() => void this.sync().catch((e: Error) => this.log(`scheduler: ${e.message}`)), this.options.refreshMs ?? 60_000);
    this.timer.unref();
  }

  /** Re-reads the sources and (re)creates, updates or stops their tasks. */
  async sync(): Promise<void> {
    const sources = await this.store.sources.scheduled();
    const wanted = new Map(sources.filter((s) => s.schedule && cron.validate(s.schedule)).map((s) => [s.id, s.schedule as string]));
    for (const [id, entry] of this.tasks) {
      if (wanted.get(id) !== entry.expression) {
        await entry.task.stop();
        this.tasks.delete(id);
      }
    }
    for (const [id, expression] of wanted) {
      if (this.tasks.has(id)) continue;
      const task = cron.schedule(expression, () => void this.fire(id));
      this.tasks.set(id, { expression, task });
    }
  }

  private async fire(sourceId: string): Promise<void> {
    const stagger = Math.random() * (this.options.staggerMs ?? 30_000);
    await new Promise((resolve) => setTimeout(resolve, stagger));
    try {
      const { job, created } = await this.queue.trigger(sourceId, 'schedule');
      this.log(created ? `scheduler: started ${job.id} for source ${sourceId}` : `scheduler: source ${sourceId} already has run ${job.id}`);
    } catch (error) {
      this.log(`scheduler: could not trigger source ${sourceId}: ${(error as Error).message}`);
    }
  }

  private log(line: string): void {
    (this.options.log ?? ((l: string) => process.stderr.write(`${l}\n`)))(line);
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    for (const { task } of this.tasks.values()) await task.stop();
    this.tasks.clear();
  }
}
