import { PageFetchError, ProtocolError } from '@moisson/core';
import { isObject, parseJson, str } from '../json.js';

/** The registry's words from an error body: JSON `{message}` / `{error}` or short plain text. */
export function gbifErrorWords(body: string | undefined): string | undefined {
  if (!body?.trim()) return undefined;
  const parsed = parseJson(body);
  if (isObject(parsed)) return str(parsed['message']) ?? str(parsed['error']) ?? str(parsed['detail']);
  const plain = body.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim();
  return plain ? plain.slice(0, 200) : undefined;
}

/** A refusal that retrying cannot fix (4xx) becomes a ProtocolError with the registry's own words. */
export function explainGbifError(error: unknown, url: string, what: string): unknown {
  if (!(error instanceof PageFetchError) || error.retryable) return error;
  const words = gbifErrorWords(error.body);
  return new ProtocolError(`GBIF ${what} answered HTTP ${error.status}${words ? `: ${words}` : ''} (${url})`, url, { cause: error });
}

/** Whether the answer says "nothing here" (a dataset without a document or endpoint list). */
export function isNotFound(error: unknown): boolean {
  return error instanceof PageFetchError && (error.status === 404 || error.status === 410);
}
