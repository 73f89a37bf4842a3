import { PageFetchError, ProtocolError, type Http, type HttpResponse } from '@moisson/core';
import { isObject, str, type JsonObject } from './json.js';

/**
 * CKAN wraps every Action API answer in `{help, success, result}`; failures in
 * `{success: false, error: {__type, message}}`, usually with HTTP 400/403/404/409, validation
 * errors as `{__type: "Validation Error", rows: ["…"]}`. This module turns all of that into
 * the result or a `ProtocolError` carrying the server's own words.
 */

/** CKAN's error object as one line: `Validation Error: rows: Must be less than or equal to 1000`. */
export function describeCkanError(error: unknown): string {
  if (!isObject(error)) return str(error) ?? 'no error message';
  const type = str(error['__type']);
  const message = str(error['message']);
  const fields = Object.entries(error)
    .filter(([key]) => key !== '__type' && key !== 'message')
    .map(([key, value]) => `${key}: ${Array.isArray(value) ? value.map((v) => str(v) ?? JSON.stringify(v)).join('; ') : (str(value) ?? JSON.stringify(value))}`);
  const detail = [message, ...fields].filter(Boolean).join('; ');
  return type ? (detail ? `${type}: ${detail}` : type) : detail || 'no error message';
}

/** The parsed JSON of an answer, or a `ProtocolError` saying what came instead. */
export function parseJsonBody(body: string, url: string, contentType = ''): unknown {
  const text = body.replace(/^\uFEFF/, '').trim();
  if (!text) throw new ProtocolError(`${url} answered an empty body, not a CKAN API answer`, url);
  try {
    return JSON.parse(text) as unknown;
  } catch (cause) {
    const looksHtml = /^<(!doctype|html)/i.test(text) || contentType.includes('html');
    const what = looksHtml ? 'an HTML page' : `something that is not JSON (${contentType || 'no content type'})`;
    throw new ProtocolError(`${url} answered ${what} instead of CKAN JSON: is this a CKAN Action API?`, url, { cause });
  }
}

/** The `result` of a CKAN answer; a `ProtocolError` for `success: false` or a body that is not an envelope. */
export function unwrapResult(parsed: unknown, url: string, action: string): unknown {
  if (!isObject(parsed)) throw new ProtocolError(`${action} at ${url} answered JSON that is not a CKAN envelope`, url);
  if (parsed['success'] === false || (parsed['error'] !== undefined && parsed['result'] === undefined)) {
    throw new ProtocolError(`CKAN ${action} failed at ${url}: ${describeCkanError(parsed['error'])}`, url);
  }
  if (!('result' in parsed)) throw new ProtocolError(`${action} at ${url} answered JSON without a "result"`, url);
  return parsed['result'];
}

/**
 * GET one action and return its `result`. A 4xx carrying a CKAN envelope becomes a
 * `ProtocolError` with CKAN's message (retrying cannot help); 5xx, 429 and network failures
 * stay `PageFetchError`s so the runner retries them.
 */
export async function callAction(http: Http, url: string, action: string): Promise<{ result: unknown; response: HttpResponse }> {
  let response: HttpResponse;
  try {
    response = await http.get(url, { accept: 'application/json' });
  } catch (error) {
    throw refusal(error, url, action) ?? error;
  }
  const parsed = parseJsonBody(response.body, url, response.headers['content-type']);
  return { result: unwrapResult(parsed, url, action), response };
}

function refusal(error: unknown, url: string, action: string): ProtocolError | undefined {
  if (!(error instanceof PageFetchError) || error.retryable || error.status === undefined) return undefined;
  let envelope: JsonObject | undefined;
  try {
    const parsed: unknown = error.body ? JSON.parse(error.body) : undefined;
    if (isObject(parsed)) envelope = parsed;
  } catch {
    envelope = undefined;
  }
  const detail = envelope ? describeCkanError(envelope['error']) : `not a CKAN answer${error.body ? ` (${error.body.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 200)})` : ''}`;
  return new ProtocolError(`CKAN ${action} refused at ${url} (HTTP ${error.status}): ${detail}`, url, { cause: error });
}
