export { HarvestQueue, type HarvestJobData, type EnqueueOptions } from './harvest-queue.js';
export { HarvestWorker, type WorkerOptions } from './worker.js';
export { Scheduler, isValidSchedule, type SchedulerOptions } from './scheduler.js';
export { Reaper } from './reaper.js';
export {
  runHarvest,
  sourceSpec,
  archiveGraceFor,
  jobTimeoutMs,
  HarvestTimeout,
  DEFAULT_ARCHIVE_GRACE_MS,
  DEFAULT_JOB_TIMEOUT_MINUTES,
  type RunOptions,
  type RunResult,
} from './runner.js';
export { planRun, DEFAULT_FULL_EVERY_DAYS, INCREMENTAL_SAFETY_MS, type RunPlan, type PlanInput } from './run-plan.js';
export { ConditionalHttp, PageNotModified } from './conditional-http.js';
export { TrafficMeter } from './traffic.js';
export { processPage, toWrite, type ProcessedPage } from './records.js';
export { preview, type PreviewResult } from './preview.js';
export { CredentialedHttp, credentialHeaders } from './credentials-http.js';
export { httpFromEnv, politenessOf, DEFAULT_POLITENESS } from './http-factory.js';
export { redisConnection, DEFAULT_REDIS_URL, QUEUE_NAME, type QueueConnection } from './connection.js';
