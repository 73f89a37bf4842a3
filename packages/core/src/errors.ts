/**
 * The error family. The *type* of an error tells the runner what to do with it:
 *
 * | error               | runner                                                        |
 * |---------------------|---------------------------------------------------------------|
 * | SkipRecord          | count the record as `skipped`, no error                        |
 * | InvalidRecord       | item error in the job report (`failed`), the harvest goes on   |
 * | PageFetchError      | the page is retried with backoff; after that the run fails     |
 * | ProtocolError       | the remote answered something unusable: the run fails          |
 * | SourceConfigError   | fail now, no retry (BullMQ UnrecoverableError)                 |
 *
 * Every error has a stable `code`, keeps its `cause`, and says where (record id, URL).
 */
export abstract class MoissonError extends Error {
  abstract readonly code: string;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The record is fine but not wanted (filtered out, a stub, a deleted marker…). */
export class SkipRecord extends MoissonError {
  readonly code = 'SKIP_RECORD';
  constructor(
    readonly reason: string,
    readonly remoteId?: string,
  ) {
    super(reason);
  }
}

/** The record cannot be normalised: an item error, the harvest continues. */
export class InvalidRecord extends MoissonError {
  readonly code = 'INVALID_RECORD';
  constructor(
    message: string,
    readonly remoteId?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** A page could not be fetched (network, timeout, 429, 5xx, size limit). Retryable. */
export class PageFetchError extends MoissonError {
  readonly code: string = 'PAGE_FETCH_FAILED';
  constructor(
    message: string,
    readonly url: string,
    readonly status?: number,
    options?: { cause?: unknown; body?: string },
  ) {
    super(message, options);
    this.body = options?.body;
  }
  /** The start of the response body, when there was one (remote error messages live here). */
  readonly body: string | undefined;
  /** Whether retrying later can help (network errors, 408, 425, 429, 5xx). */
  get retryable(): boolean {
    return this.status === undefined || this.status === 408 || this.status === 425 || this.status === 429 || this.status >= 500;
  }
}

/** The remote answered, but not with something this protocol can use (error envelope, wrong document…). */
export class ProtocolError extends MoissonError {
  readonly code = 'PROTOCOL_ERROR';
  constructor(
    message: string,
    readonly url?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The source's configuration cannot work (unknown filter key, bad URL…): fail now, no retry. */
export class SourceConfigError extends MoissonError {
  readonly code = 'SOURCE_CONFIG';
  constructor(
    message: string,
    readonly field?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The remote sent more than we accept (bytes, depth, entities). Not retryable. */
export class LimitExceeded extends PageFetchError {
  override readonly code = 'LIMIT_EXCEEDED';
  override get retryable(): boolean {
    return false;
  }
}

/** A message for a person, with the chain of causes. */
export function describeError(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current && depth < 5; depth++) {
    if (current instanceof Error) {
      parts.push(current.message);
      current = (current as { cause?: unknown }).cause;
    } else {
      parts.push(String(current));
      break;
    }
  }
  return [...new Set(parts)].join(': ');
}
