import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What a route answers. A function can look at the request (query, body) and keep state. */
export interface FixtureReply {
  status?: number;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

export interface FixtureRequest {
  method: string;
  url: URL;
  headers: IncomingMessage['headers'];
  body: string;
}

export type FixtureHandler = (request: FixtureRequest) => FixtureReply | Promise<FixtureReply>;

/**
 * A local HTTP server on 127.0.0.1 that behaves like a remote catalogue: tests register
 * handlers by path, and can read back every request it received (to assert what was sent).
 */
export class FixtureServer {
  readonly requests: FixtureRequest[] = [];
  private readonly routes = new Map<string, FixtureHandler>();
  private server: Server | undefined;
  private baseUrl = '';

  /** Register a handler for a path (without query string); replaces any previous one. */
  route(path: string, handler: FixtureHandler | FixtureReply): this {
    this.routes.set(path, typeof handler === 'function' ? handler : () => handler);
    return this;
  }

  get url(): string {
    return this.baseUrl;
  }

  /** Absolute URL of a path on this server. */
  at(path: string): string {
    return new URL(path, this.baseUrl).href;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.address() as AddressInfo;
    this.baseUrl = `http://127.0.0.1:${port}/`;
    return this;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? '/', this.baseUrl);
    const request: FixtureRequest = { method: req.method ?? 'GET', url, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
    this.requests.push(request);
    const handler = this.routes.get(url.pathname);
    try {
      const reply = handler ? await handler(request) : { status: 404, body: `no fixture for ${url.pathname}` };
      res.writeHead(reply.status ?? 200, reply.headers ?? {});
      res.end(reply.body ?? '');
    } catch (error) {
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(`fixture handler failed: ${(error as Error).message}`);
    }
  }
}

/** A JSON reply. */
export function json(value: unknown, status = 200): FixtureReply {
  return { status, headers: { 'content-type': 'application/json; charset=utf-8' }, body: JSON.stringify(value) };
}

/** An XML reply. */
export function xml(body: string, status = 200): FixtureReply {
  return { status, headers: { 'content-type': 'application/xml; charset=utf-8' }, body };
}
