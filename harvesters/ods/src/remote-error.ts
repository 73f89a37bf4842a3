import { PageFetchError, ProtocolError } from '@moisson/core';
import { isObject, parseJson, str } from './json.js';

/** What an ODS error body says: v2.1 `{error_code, message}`, v1 `{errorcode, error}`. */
export interface OdsErrorBody {
  code?: string;
  message: string;
}

export function readOdsError(body: unknown): OdsErrorBody | undefined {
  const parsed = typeof body === 'string' ? parseJson(body) : body;
  if (!isObject(parsed)) return undefined;
  const message = str(parsed['message']) ?? str(parsed['error']);
  const code = str(parsed['error_code']) ?? str(parsed['errorcode']);
  if (!message && !code) return undefined;
  return { message: message ?? code ?? 'unknown error', ...(code ? { code } : {}) };
}

/** Whether an error is ODS refusing an offset past its cap (so keyset paging can take over). */
export function isOffsetCapError(error: unknown): boolean {
  if (!(error instanceof PageFetchError) || error.status !== 400) return false;
  const ods = readOdsError(error.body);
  return !!ods && /offset/i.test(ods.message);
}

/**
 * Turns an HTTP failure carrying an ODS error envelope into a ProtocolError with ODS's own
 * words; retryable failures and failures without an envelope are returned as they are.
 */
export function explainFetchError(error: unknown, url: string): unknown {
  if (!(error instanceof PageFetchError) || error.retryable) return error;
  const ods = readOdsError(error.body);
  if (!ods) return error;
  return new ProtocolError(`Opendatasoft answered HTTP ${error.status}${ods.code ? ` ${ods.code}` : ''}: ${ods.message} (${url})`, url, { cause: error });
}
