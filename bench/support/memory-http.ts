import type { Http, HttpRequestOptions, HttpResponse, HttpStreamResponse } from '@moisson/core';
import type { FixtureReply } from '../../test/support/fixture-server.js';
import type { Routes } from '../generate/common.js';

/**
 * An `Http` answered by generator routes in the same process: no socket, no event-loop hop,
 * so a benchmark measures the harvester's own paging, parsing and normalising.
 */
export class MemoryHttp implements Http {
  readonly stats = { requests: 0, bytes: 0, notModified: 0 };

  constructor(private readonly routes: Routes) {}

  private answer(url: string, method: string, body = ''): HttpResponse {
    const parsed = new URL(url);
    const handler = this.routes[parsed.pathname];
    const reply: FixtureReply = handler ? handler({ method, url: parsed, headers: {}, body }) : { status: 404, body: 'no route' };
    const text = typeof reply.body === 'string' ? reply.body : (reply.body?.toString('utf8') ?? '');
    this.stats.requests++;
    this.stats.bytes += text.length;
    if ((reply.status ?? 200) >= 400) throw new Error(`${reply.status} from ${url}: ${text.slice(0, 200)}`);
    return { url, status: reply.status ?? 200, headers: reply.headers ?? {}, body: text, notModified: false };
  }

  async get(url: string, _options?: HttpRequestOptions): Promise<HttpResponse> {
    return this.answer(url, 'GET');
  }

  async post(url: string, body: string, _contentType: string, _options?: HttpRequestOptions): Promise<HttpResponse> {
    return this.answer(url, 'POST', body);
  }

  async stream(url: string, _options?: HttpRequestOptions): Promise<HttpStreamResponse> {
    const { status, headers, body } = this.answer(url, 'GET');
    const bytes = new TextEncoder().encode(body);
    async function* chunks(): AsyncGenerator<Uint8Array> {
      for (let at = 0; at < bytes.length; at += 1 << 16) yield bytes.subarray(at, at + (1 << 16));
    }
    return { url, status, headers, body: chunks() };
  }
}
