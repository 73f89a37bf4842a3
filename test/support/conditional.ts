import { createHash } from 'node:crypto';
import { FixtureServer, type FixtureHandler, type FixtureReply } from './fixture-server.js';

/** How a route answers conditional requests. */
export interface ConditionalOptions {
  /** Send `ETag` and honour `If-None-Match`. @defaultValue true */
  etag?: boolean;
  /** Send this `Last-Modified` and honour `If-Modified-Since` (exact match). */
  lastModified?: string;
}

/** The strong ETag a route gives a body. */
export function etagOf(body: string | Buffer): string {
  return `"${createHash('sha1').update(body).digest('hex').slice(0, 16)}"`;
}

/** Wraps a handler so that its 200 answers carry validators and matching requests get a 304. */
export function conditional(handler: FixtureHandler, options: ConditionalOptions = {}): FixtureHandler {
  return async (request) => {
    const reply: FixtureReply = await handler(request);
    if ((reply.status ?? 200) !== 200 || reply.body === undefined) return reply;
    const validators: Record<string, string> = {};
    if (options.etag !== false) validators['etag'] = etagOf(reply.body);
    if (options.lastModified) validators['last-modified'] = options.lastModified;
    const etagMatches = validators['etag'] !== undefined && request.headers['if-none-match'] === validators['etag'];
    const dateMatches = validators['etag'] === undefined && options.lastModified !== undefined && request.headers['if-modified-since'] === options.lastModified;
    if (etagMatches || dateMatches) return { status: 304, headers: validators };
    return { ...reply, headers: { ...reply.headers, ...validators } };
  };
}

/**
 * Registers a fixture site (e.g. `servePackages`) on `server` with every route made
 * conditional: the builder registers its routes on a recorder, which hands them on wrapped.
 */
export function serveConditionally<T>(server: FixtureServer, build: (target: FixtureServer) => T, options: ConditionalOptions = {}): T {
  const recorder = Object.create(server) as FixtureServer;
  recorder.route = (path: string, handler: FixtureHandler | FixtureReply) => {
    server.route(path, conditional(typeof handler === 'function' ? handler : () => handler, options));
    return recorder;
  };
  return build(recorder);
}
