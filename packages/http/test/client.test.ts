import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LimitExceeded, PageFetchError } from '@moisson/core';
import { AddressGuard, HostLimiter, HttpClient, userAgent } from '@moisson/http';

/** A raw server: each test installs the behaviour it needs (hang, reset, endless body…). */
let handler: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => res.end('ok');
const arrivals: Array<{ path: string; at: number; headers: IncomingMessage['headers'] }> = [];
let server: Server;
let base = '';

// A fresh server (a fresh origin, so a fresh connection pool in the client) for every test:
// sockets a test broke on purpose must not leak into the next one.
beforeEach(async () => {
  server = createServer((req, res) => {
    arrivals.push({ path: req.url ?? '', at: Date.now(), headers: req.headers });
    // No idle keep-alive sockets: a test that kills connections must not leave stale ones to the next.
    res.shouldKeepAlive = false;
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterEach(async () => {
  arrivals.length = 0;
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const client = (extra: ConstructorParameters<typeof HttpClient>[0] = {}) =>
  new HttpClient({ guard: new AddressGuard(['127.0.0.1']), retries: 2, backoffMs: 10, limiter: new HostLimiter(), ...extra });

describe('HttpClient limits on untrusted answers', () => {
  it('refuses a declared 1 GB body without reading it, and does not retry', async () => {
    let written = 0;
    handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(1024 ** 3) });
      res.write('x'.repeat(65_536));
      written += 65_536;
    };
    const http = client({ maxBytes: 1024 * 1024 });
    const error = await http.get(`${base}/huge`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LimitExceeded);
    expect((error as Error).message).toBe(`response of ${1024 ** 3} bytes is over the 1048576-byte limit`);
    expect(http.stats.bytes).toBe(0);
    expect(arrivals).toHaveLength(1);
    expect(written).toBe(65_536);
  });

  it('stops reading an endless undeclared body at the limit', async () => {
    let written = 0;
    handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      const chunk = Buffer.alloc(65_536, 0x61);
      const pump = () => {
        while (!res.destroyed && written < 1024 ** 3) {
          written += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
      };
      res.on('close', () => undefined);
      pump();
    };
    const http = client({ maxBytes: 1024 * 1024 });
    await expect(http.get(`${base}/stream`)).rejects.toThrow('response is over the 1048576-byte limit');
    expect(http.stats.bytes).toBeGreaterThan(1024 * 1024);
    expect(http.stats.bytes).toBeLessThanOrEqual(1024 * 1024 + 65_536);
    expect(written).toBeLessThan(64 * 1024 * 1024);
  });

  it('gives up on a redirect loop after maxRedirects hops', async () => {
    handler = (req, res) => {
      res.writeHead(302, { location: req.url === '/a' ? '/b' : '/a' });
      res.end();
    };
    const error = await client({ maxRedirects: 5 }).get(`${base}/a`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LimitExceeded);
    expect((error as Error).message).toBe(`more than 5 redirects from ${base}/a`);
    expect(arrivals.map((a) => a.path)).toEqual(['/a', '/b', '/a', '/b', '/a', '/b']);
  });

  it('times out a server that never answers, retrying once', async () => {
    handler = () => undefined;
    const error = await client({ timeoutMs: 200 }).get(`${base}/hang`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PageFetchError);
    expect((error as PageFetchError).message).toBe(`GET ${base}/hang timed out`);
    expect((error as PageFetchError).retryable).toBe(true);
    expect(arrivals).toHaveLength(2);
  });

  it('times out a body that stops half-way', async () => {
    handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"results": [');
    };
    const error = await client({ timeoutMs: 300 }).get(`${base}/half`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PageFetchError);
    expect((error as PageFetchError).message).toBe(`GET ${base}/half timed out`);
    expect(arrivals).toHaveLength(2);
  });

  it('retries a reset connection, then succeeds', async () => {
    let calls = 0;
    handler = (req, res) => {
      if (++calls === 1) return void req.socket.destroy();
      res.end('{"ok":true}');
    };
    const response = await client().get(`${base}/reset`);
    expect(response.body).toBe('{"ok":true}');
    expect(arrivals).toHaveLength(2);
  });

  it('reports a connection that keeps resetting as a retryable page error', async () => {
    handler = (req) => void req.socket.destroy();
    const error = await client().get(`${base}/reset`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PageFetchError);
    expect((error as PageFetchError).message).toMatch(new RegExp(`^could not reach ${base}/reset \\(`));
    expect(arrivals).toHaveLength(2);
  });

  it('waits as long as Retry-After says on a 429, then succeeds', async () => {
    handler = (_req, res) => {
      if (arrivals.length === 1) {
        res.writeHead(429, { 'retry-after': '1', 'content-type': 'text/plain' });
        return void res.end('slow down');
      }
      res.end('fine');
    };
    const response = await client({ backoffMs: 1 }).get(`${base}/busy`);
    expect(response.body).toBe('fine');
    expect(arrivals).toHaveLength(2);
    // A lower bound only: the client cannot have come back before the second it was asked to wait.
    expect(arrivals[1]!.at - arrivals[0]!.at).toBeGreaterThanOrEqual(990);
  });
});

describe('HttpClient politeness', () => {
  it('sends a User-Agent with the contact URL', async () => {
    handler = (_req, res) => res.end('ok');
    expect(userAgent('https://data.example.org/contact')).toBe('moisson/0.1 (metadata harvester; +https://data.example.org/contact)');
    await client({ userAgent: userAgent('https://data.example.org/contact') }).get(`${base}/ua`);
    expect(arrivals[0]?.headers['user-agent']).toBe('moisson/0.1 (metadata harvester; +https://data.example.org/contact)');
  });

  it('shares one host budget between every client of the process', async () => {
    let inFlight = 0;
    let most = 0;
    handler = (_req, res) => {
      inFlight++;
      most = Math.max(most, inFlight);
      setTimeout(() => {
        inFlight--;
        res.end('ok');
      }, 30);
    };
    // No `limiter` given: both use the process-wide one.
    const one = new HttpClient({ guard: new AddressGuard(['127.0.0.1']), hostConcurrency: 1 });
    const two = new HttpClient({ guard: new AddressGuard(['127.0.0.1']), hostConcurrency: 1 });
    await Promise.all([one.get(`${base}/1`), two.get(`${base}/2`), one.get(`${base}/3`), two.get(`${base}/4`)]);
    expect(arrivals).toHaveLength(4);
    expect(most).toBe(1);
  });

  it('spaces the starts of requests to one host by the minimum delay', async () => {
    const limiter = new HostLimiter({ concurrency: 4, minDelayMs: 0 });
    const starts: number[] = [];
    const task = async () => void starts.push(Date.now());
    await Promise.all([1, 2, 3].map(() => limiter.run('data.example.org', task, { minDelayMs: 150 })));
    const gaps = starts.slice(1).map((at, i) => at - starts[i]!);
    expect(gaps, JSON.stringify(gaps)).toHaveLength(2);
    // Lower bounds only: timers never fire early (1 ms of timer rounding allowed).
    expect(gaps.every((gap) => gap >= 149), JSON.stringify(gaps)).toBe(true);
  });
});
