import { FixtureServer, type FixtureHandler, type FixtureReply, type FixtureRequest } from '../../test/support/fixture-server.js';

/** What a generated catalogue served: counted by the handler, not kept request by request. */
export interface ServeStats {
  requests: number;
  bytes: number;
}

/** A generated catalogue on its own loopback server, ready to register as a moisson source. */
export interface ServedCatalogue {
  protocol: string;
  url: string;
  config: Record<string, string | number | boolean>;
  stats: ServeStats;
  server: FixtureServer;
}

/** Zero-padded index, so ids sort in generation order (CKAN `id asc`, ODS `order_by=dataset_id`). */
export const pad = (i: number, width = 9): string => String(i).padStart(width, '0');

/** A day in 2020-2024 that depends only on `i` (content must be stable between harvests). */
export function dayOf(i: number): string {
  return `${2020 + (i % 5)}-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')}`;
}

/**
 * How long every answer waits before it is sent, in ms, as a remote's own query time would
 * (`MOISSON_BENCH_LATENCY_MS`; a CKAN `package_search` of 1,000 rows takes about a second).
 * @defaultValue 0
 */
export function latencyMs(env: NodeJS.ProcessEnv = process.env): number {
  const ms = Number(env.MOISSON_BENCH_LATENCY_MS);
  return Number.isFinite(ms) && ms > 0 ? ms : 0;
}

/**
 * `FixtureServer` keeps every request (with its body) for assertions; a million-record
 * benchmark must not, so the server's list is emptied as it goes and counted in `stats`.
 */
export function counted(server: FixtureServer, stats: ServeStats, handler: (request: FixtureRequest) => FixtureReply): FixtureHandler {
  const delay = latencyMs();
  return (request) => {
    server.requests.length = 0;
    const reply = handler(request);
    stats.requests++;
    stats.bytes += typeof reply.body === 'string' ? Buffer.byteLength(reply.body) : (reply.body?.length ?? 0);
    return delay > 0 ? new Promise((resolve) => setTimeout(() => resolve(reply), delay)) : reply;
  };
}

export async function startServer(): Promise<FixtureServer> {
  return new FixtureServer().start();
}

export const THEMES = ['Environnement', 'Transports', 'Économie', 'Santé', 'Éducation', 'Culture', 'Agriculture', 'Énergie'];
export const ORGS = 500;
export const LOREM =
  'Données ouvertes publiées par la collectivité, mises à jour régulièrement, décrivant les équipements, services et indicateurs du territoire. ';

/** Handlers by path: what a generated catalogue answers. */
export type Routes = Record<string, (request: FixtureRequest) => FixtureReply>;

/** The routes on a fresh loopback server, counted. `mount` adds routes once the URL is known. */
export async function serveRoutes(routes: Routes): Promise<{ server: FixtureServer; stats: ServeStats; mount: (more: Routes) => void }> {
  const server = await startServer();
  const stats: ServeStats = { requests: 0, bytes: 0 };
  const mount = (more: Routes) => {
    for (const [path, handler] of Object.entries(more)) server.route(path, counted(server, stats, handler));
  };
  mount(routes);
  return { server, stats, mount };
}
