import { PageFetchError, ProtocolError, type Http } from '@moisson/core';
import { readOaiResponse, type OaiResponse } from './response.js';
import { XmlError } from './xml.js';

const ACCEPT = 'text/xml, application/xml;q=0.9, */*;q=0.1';
const ERROR_ELEMENT = /<(?:[\w.-]+:)?error\b[^>]*?\bcode\s*=\s*["']([^"']+)["'][^>]*>([^<]*)</g;

/**
 * One OAI-PMH request. OAI errors normally come with HTTP 200, but some repositories send them
 * with a 4xx status: those are read as OAI errors too (even from a truncated body), so the
 * caller sees the server's code and words rather than a bare status.
 */
export async function requestOai(http: Http, url: string): Promise<OaiResponse> {
  let body: string;
  try {
    body = (await http.get(url, { accept: ACCEPT })).body;
  } catch (error) {
    if (error instanceof PageFetchError && !error.retryable && error.body) {
      const errors = [...error.body.matchAll(ERROR_ELEMENT)].map((m) => ({ code: m[1] as string, message: (m[2] ?? '').trim() }));
      if (errors.length > 0) return { kind: 'error', errors };
    }
    throw error;
  }
  try {
    return readOaiResponse(body);
  } catch (error) {
    if (error instanceof XmlError) throw new ProtocolError(`${url}: ${error.message}`, url, { cause: error });
    throw error;
  }
}
