import type { Cursor } from '@moisson/core';
import type pg from 'pg';

/** What a clean page looked like the last time a run read it: enough to account for it on a 304. */
export interface PageValidator {
  url: string;
  /** The listing's cursor before this page, as JSON text (`null` for the first page). */
  cursorBefore: string;
  etag?: string;
  lastModified?: string;
  /**
   * When the server sent neither: a digest of the page's body, the source's settings and
   * moisson's code (see the queue's `BodyDigest`); an equal one on the next GET counts as a 304.
   */
  bodyDigest?: string;
  /** The records the page held (all normalised without error). */
  remoteIds: string[];
  skipped: number;
  /** The cursor that followed the page; `null` when it was the last one. */
  next: Cursor | null;
  total?: number;
}

/** The key a page is known by: its URL and where the listing was before it. */
export function validatorKey(url: string, cursorBefore: string): string {
  return `${cursorBefore}\u0000${url}`;
}

interface ValidatorRow {
  url: string;
  cursor_before: string;
  etag: string | null;
  last_modified: string | null;
  body_digest: string | null;
  remote_ids: string[];
  skipped: number;
  next_cursor: Cursor | null;
  total: number | null;
}

const COLUMNS = 'url, cursor_before, etag, last_modified, body_digest, remote_ids, skipped, next_cursor, total';

function fromRow(row: ValidatorRow): PageValidator {
  return {
    url: row.url,
    cursorBefore: row.cursor_before,
    ...(row.etag !== null ? { etag: row.etag } : {}),
    ...(row.last_modified !== null ? { lastModified: row.last_modified } : {}),
    ...(row.body_digest !== null ? { bodyDigest: row.body_digest } : {}),
    remoteIds: row.remote_ids,
    skipped: row.skipped,
    next: row.next_cursor,
    ...(row.total !== null ? { total: row.total } : {}),
  };
}

/** Per-source page validators for conditional GET (`page_validators`). */
export class PageValidatorRepository {
  constructor(private readonly pool: pg.Pool) {}

  /** Every validator of a source, by `validatorKey` (tests; a run looks pages up one at a time with `find`). */
  async forSource(sourceId: string): Promise<Map<string, PageValidator>> {
    const { rows } = await this.pool.query<ValidatorRow>(`SELECT ${COLUMNS} FROM page_validators WHERE source_id = $1`, [sourceId]);
    return new Map(rows.map((row) => [validatorKey(row.url, row.cursor_before), fromRow(row)]));
  }

  /**
   * Whether a source has any validator (or, `conditional`, any that the remote's `ETag` /
   * `Last-Modified` validate): a run without one need not look pages up.
   */
  async any(sourceId: string, kind: 'any' | 'conditional' = 'any'): Promise<boolean> {
    const only = kind === 'conditional' ? ' AND (etag IS NOT NULL OR last_modified IS NOT NULL)' : '';
    const { rowCount } = await this.pool.query(`SELECT 1 FROM page_validators WHERE source_id = $1${only} LIMIT 1`, [sourceId]);
    return (rowCount ?? 0) > 0;
  }

  /** The validator of one page, if it was stored. */
  async find(sourceId: string, url: string, cursorBefore: string): Promise<PageValidator | undefined> {
    const { rows } = await this.pool.query<ValidatorRow>(`SELECT ${COLUMNS} FROM page_validators WHERE source_id = $1 AND url = $2 AND cursor_before = $3`, [sourceId, url, cursorBefore]);
    return rows[0] ? fromRow(rows[0]) : undefined;
  }

  async save(sourceId: string, jobId: string, page: PageValidator): Promise<void> {
    await this.pool.query(
      `INSERT INTO page_validators (source_id, url, cursor_before, etag, last_modified, body_digest, remote_ids, skipped, next_cursor, total, job_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
       ON CONFLICT (source_id, url, cursor_before) DO UPDATE SET etag = EXCLUDED.etag, last_modified = EXCLUDED.last_modified,
         body_digest = EXCLUDED.body_digest, remote_ids = EXCLUDED.remote_ids, skipped = EXCLUDED.skipped, next_cursor = EXCLUDED.next_cursor, total = EXCLUDED.total,
         job_id = EXCLUDED.job_id, updated_at = now()`,
      [sourceId, page.url, page.cursorBefore, page.etag ?? null, page.lastModified ?? null, page.bodyDigest ?? null, page.remoteIds, page.skipped, JSON.stringify(page.next), page.total ?? null, jobId],
    );
  }

  /** Marks a stored page as seen by a job (replayed by it), so that `pruneStale` keeps it. */
  async touch(sourceId: string, url: string, cursorBefore: string, jobId: string): Promise<void> {
    await this.pool.query('UPDATE page_validators SET job_id = $4, updated_at = now() WHERE source_id = $1 AND url = $2 AND cursor_before = $3', [sourceId, url, cursorBefore, jobId]);
  }

  /**
   * After a complete run of the whole listing: forgets the pages that run neither read cleanly nor
   * replayed. Without it, a listing whose cursors change from run to run (OAI-PMH resumption
   * tokens, a page size changed) would leave a row per page and run behind, for ever.
   */
  async pruneStale(sourceId: string, jobId: string): Promise<number> {
    const { rowCount } = await this.pool.query('DELETE FROM page_validators WHERE source_id = $1 AND job_id IS DISTINCT FROM $2', [sourceId, jobId]);
    return rowCount ?? 0;
  }

  /** Forgets a page (it changed into something that cannot be replayed). */
  async forget(sourceId: string, url: string, cursorBefore: string): Promise<void> {
    await this.pool.query('DELETE FROM page_validators WHERE source_id = $1 AND url = $2 AND cursor_before = $3', [sourceId, url, cursorBefore]);
  }

  /**
   * Forgets every validator of a source (or of all sources): the next run reads every page in
   * full. Pages validated by a body digest need not be forgotten after a normaliser change (the
   * digest covers the code), those validated by the remote's `ETag`/`Last-Modified` do: a 304
   * page is not normalised again.
   */
  async clear(sourceId?: string): Promise<number> {
    const { rowCount } = sourceId
      ? await this.pool.query('DELETE FROM page_validators WHERE source_id = $1', [sourceId])
      : await this.pool.query('DELETE FROM page_validators');
    return rowCount ?? 0;
  }
}
