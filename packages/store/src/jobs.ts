import type { Cursor } from '@moisson/core';
import type pg from 'pg';
import { isUuid } from './sources.js';
import type { ItemError, JobRow, JobStatus, RunMode } from './types.js';

const COLUMNS = `id, source_id AS "sourceId", status, trigger, created_at AS "createdAt",
  started_at AS "startedAt", finished_at AS "finishedAt", cursor, pages, attempts, counts,
  complete, archivable, total, error, mode, modified_since AS "modifiedSince",
  requests::float8 AS requests, bytes::float8 AS bytes, not_modified AS "notModified"`;

export interface JobError extends ItemError {
  createdAt: string;
}

export class JobRepository {
  constructor(private readonly pool: pg.Pool) {}

  /**
   * Creates a queued job unless the source already has a queued or running one, which is then
   * returned with `created: false` (a unique index makes this safe across processes).
   */
  async createIfIdle(sourceId: string, trigger = 'manual'): Promise<{ job: JobRow; created: boolean }> {
    for (let attempt = 0; attempt < 3; attempt++) {
      const { rows } = await this.pool.query<JobRow>(
        `INSERT INTO harvest_jobs (source_id, trigger) VALUES ($1, $2)
         ON CONFLICT (source_id) WHERE status IN ('queued', 'running') DO NOTHING RETURNING ${COLUMNS}`,
        [sourceId, trigger],
      );
      if (rows[0]) return { job: rows[0], created: true };
      const active = await this.active(sourceId);
      if (active) return { job: active, created: false };
      // The active job finished between the two statements: try again.
    }
    throw new Error(`could not create a job for source ${sourceId}`);
  }

  /** Creates a queued job (fails when the source already has an active one). */
  async create(sourceId: string, trigger = 'manual'): Promise<JobRow> {
    const { rows } = await this.pool.query<JobRow>(
      `INSERT INTO harvest_jobs (source_id, trigger) VALUES ($1, $2) RETURNING ${COLUMNS}`,
      [sourceId, trigger],
    );
    return rows[0] as JobRow;
  }

  /** Puts a running job back in the queue after a failed attempt that will be retried. */
  async requeue(id: string, error: string): Promise<void> {
    await this.pool.query(`UPDATE harvest_jobs SET status = 'queued', error = $2 WHERE id = $1 AND status = 'running'`, [id, error]);
  }

  /** Jobs queued or running (for the reaper). */
  async allActive(): Promise<JobRow[]> {
    const { rows } = await this.pool.query<JobRow>(`SELECT ${COLUMNS} FROM harvest_jobs WHERE status IN ('queued', 'running')`);
    return rows;
  }

  async get(id: string): Promise<JobRow | undefined> {
    if (!isUuid(id)) return undefined;
    const { rows } = await this.pool.query<JobRow>(`SELECT ${COLUMNS} FROM harvest_jobs WHERE id = $1`, [id]);
    return rows[0];
  }

  async listForSource(sourceId: string, limit = 50): Promise<JobRow[]> {
    const { rows } = await this.pool.query<JobRow>(
      `SELECT ${COLUMNS} FROM harvest_jobs WHERE source_id = $1 ORDER BY created_at DESC LIMIT $2`,
      [sourceId, limit],
    );
    return rows;
  }

  /** The queued or running job of a source, if any (one run per source at a time). */
  async active(sourceId: string): Promise<JobRow | undefined> {
    const { rows } = await this.pool.query<JobRow>(
      `SELECT ${COLUMNS} FROM harvest_jobs WHERE source_id = $1 AND status IN ('queued', 'running')
       ORDER BY created_at DESC LIMIT 1`,
      [sourceId],
    );
    return rows[0];
  }

  /** Marks a job running (again, when a worker resumes it) and returns it with its saved cursor. */
  async start(id: string): Promise<JobRow | undefined> {
    const { rows } = await this.pool.query<JobRow>(
      `UPDATE harvest_jobs SET status = 'running', started_at = coalesce(started_at, now()), attempts = attempts + 1
       WHERE id = $1 AND status IN ('queued', 'running') RETURNING ${COLUMNS}`,
      [id],
    );
    return rows[0];
  }

  /** Ends a job. `complete` says whether the listing was read to its end without a page error. */
  async finish(id: string, outcome: { status: Extract<JobStatus, 'done' | 'failed'>; complete: boolean; error?: string; archived?: number }): Promise<JobRow | undefined> {
    const { rows } = await this.pool.query<JobRow>(
      `UPDATE harvest_jobs SET status = $2, complete = $3, error = $4, finished_at = now(),
         counts = jsonb_set(counts, '{archived}', to_jsonb((counts->>'archived')::int + $5))
       WHERE id = $1 RETURNING ${COLUMNS}`,
      [id, outcome.status, outcome.complete, outcome.error ?? null, outcome.archived ?? 0],
    );
    return rows[0];
  }

  /** Records a job-level error (not tied to one record) without ending the job. */
  async addError(jobId: string, error: ItemError): Promise<void> {
    await this.pool.query(
      `INSERT INTO harvest_errors (job_id, remote_id, remote_url, page_url, code, message) VALUES ($1, $2, $3, $4, $5, $6)`,
      [jobId, error.remoteId ?? null, error.remoteUrl ?? null, error.pageUrl ?? null, error.code, error.message],
    );
  }

  async errors(jobId: string, limit = 1000): Promise<JobError[]> {
    const { rows } = await this.pool.query<JobError>(
      `SELECT remote_id AS "remoteId", remote_url AS "remoteUrl", page_url AS "pageUrl", code, message, created_at AS "createdAt"
       FROM harvest_errors WHERE job_id = $1 ORDER BY id LIMIT $2`,
      [jobId, limit],
    );
    return rows.map((row) => Object.fromEntries(Object.entries(row).filter(([, v]) => v !== null)) as unknown as JobError);
  }

  /** Saves a cursor without a page (e.g. the first one). */
  async saveCursor(id: string, cursor: Cursor | null): Promise<void> {
    await this.pool.query('UPDATE harvest_jobs SET cursor = $2 WHERE id = $1', [id, JSON.stringify(cursor)]);
  }

  /** The last job of a source that read its whole listing (of one mode, when given). */
  async lastComplete(sourceId: string, mode?: RunMode): Promise<JobRow | undefined> {
    const { rows } = await this.pool.query<JobRow>(
      `SELECT ${COLUMNS} FROM harvest_jobs WHERE source_id = $1 AND status = 'done' AND complete
         AND ($2::text IS NULL OR coalesce(mode, 'full') = $2)
       ORDER BY started_at DESC LIMIT 1`,
      [sourceId, mode ?? null],
    );
    return rows[0];
  }

  /**
   * Fixes a job's mode once, on its first start; a resumed attempt keeps the first decision
   * (returns the job as stored either way).
   */
  async setPlan(id: string, plan: { mode: RunMode; modifiedSince?: string }): Promise<JobRow | undefined> {
    const { rows } = await this.pool.query<JobRow>(
      `UPDATE harvest_jobs SET mode = coalesce(mode, $2), modified_since = CASE WHEN mode IS NULL THEN $3::timestamptz ELSE modified_since END
       WHERE id = $1 RETURNING ${COLUMNS}`,
      [id, plan.mode, plan.modifiedSince ?? null],
    );
    return rows[0];
  }

  /** Adds requests and bytes spent outside a committed page (a failed attempt, the end of a run). */
  async addTraffic(id: string, traffic: { requests: number; bytes: number }): Promise<void> {
    if (traffic.requests === 0 && traffic.bytes === 0) return;
    await this.pool.query('UPDATE harvest_jobs SET requests = requests + $2, bytes = bytes + $3 WHERE id = $1', [id, traffic.requests, traffic.bytes]);
  }

  /** Running jobs that have not committed anything for `staleMs` (for the stuck-job reaper). */
  async stale(staleMs: number): Promise<JobRow[]> {
    const { rows } = await this.pool.query<JobRow>(
      `SELECT ${COLUMNS} FROM harvest_jobs WHERE status = 'running' AND started_at < now() - ($1 || ' milliseconds')::interval`,
      [String(staleMs)],
    );
    return rows;
  }
}
