import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { ApiDeps } from '../deps.js';
import { Health } from '../schemas.js';

/** Longest a health probe waits for one dependency. */
const PROBE_TIMEOUT_MS = 2000;

async function probe(check: () => Promise<unknown>): Promise<'up' | 'down'> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('timeout')), PROBE_TIMEOUT_MS);
  });
  try {
    await Promise.race([check(), timeout]);
    return 'up';
  } catch {
    return 'down';
  } finally {
    clearTimeout(timer);
  }
}

/** `GET /health`: 200 when PostgreSQL and Redis answer, 503 when one does not. */
export const healthRoutes: FastifyPluginAsyncTypebox<{ deps: ApiDeps }> = async (app, { deps }) => {
  app.get(
    '/health',
    { schema: { tags: ['public'], summary: 'Whether PostgreSQL and Redis answer', response: { 200: Health, 503: Health } } },
    async (_request, reply) => {
      const [postgres, redis] = await Promise.all([
        probe(() => deps.store.pool.query('SELECT 1')),
        probe(async () => {
          // BullMQ types its client narrowly; it is an ioredis client.
          const client = (await deps.queue.queue.client) as unknown as { status: string; ping(): Promise<string> };
          // An offline ioredis client queues commands forever: do not wait for it.
          if (client.status !== 'ready') throw new Error(`redis is ${client.status}`);
          await client.ping();
        }),
      ]);
      const ok = postgres === 'up' && redis === 'up';
      return reply.status(ok ? 200 : 503).send({ status: ok ? 'ok' : 'unavailable', postgres, redis });
    },
  );
};
