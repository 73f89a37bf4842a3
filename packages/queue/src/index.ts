export { HarvestQueue, type HarvestJobData, type EnqueueOptions } from './harvest-queue.js';
export { HarvestWorker, type WorkerOptions } from './worker.js';
export { Scheduler, isValidSchedule, type SchedulerOptions } from './scheduler.js';
export { Reaper } from './reaper.js';
export { runHarvest, sourceSpec, DEFAULT_ARCHIVE_GRACE_MS, type RunOptions, type RunResult } from './runner.js';
export { processPage, toWrite, type ProcessedPage } from './records.js';
export { preview, type PreviewResult } from './preview.js';
export { httpFromEnv } from './http-factory.js';
export { redisConnection, DEFAULT_REDIS_URL, QUEUE_NAME, type QueueConnection } from './connection.js';
