import cors from '@fastify/cors';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyInstance } from 'fastify';
import { adminTokensOf, bearerAuth } from './auth.js';
import { registryHarvesters, type ApiDeps } from './deps.js';
import { installErrorHandling, schemaErrorFormatter } from './errors.js';
import { frameworkErrors, refuseUnstorableInput } from './input-guards.js';
import { loggerOptions } from './logging.js';
import { schemaController } from './validation.js';
import { conditionalGet } from './public/http-cache.js';
import { adminJobRoutes } from './routes/admin-jobs.js';
import { adminPreviewRoutes } from './routes/admin-preview.js';
import { adminProtocolRoutes } from './routes/admin-protocols.js';
import { adminSourceRoutes } from './routes/admin-sources.js';
import { catalogRoutes } from './routes/catalog.js';
import { healthRoutes } from './routes/health.js';
import { publicRoutes } from './routes/public.js';
import { ErrorBody } from './schemas.js';
import { SourceChecks } from './source-checks.js';

/**
 * Requests per minute per client address on public routes: `deps.rateLimit`, else
 * `MOISSON_RATE_LIMIT` (0 turns it off), else a generous 1200.
 */
function publicRateLimit(deps: ApiDeps): { max: number; timeWindow: number } | undefined {
  if (deps.rateLimit === false) return undefined;
  if (deps.rateLimit) return deps.rateLimit;
  const max = Number(process.env.MOISSON_RATE_LIMIT ?? 1200);
  return Number.isFinite(max) && max > 0 ? { max, timeWindow: 60_000 } : undefined;
}

const rateLimitBody = (_request: unknown, context: { after: string; max: number }) => ({
  statusCode: 429,
  error: 'too_many_requests',
  message: `more than ${context.max} requests from this address in the window; retry in ${context.after}`,
});

/**
 * The HTTP API, ready to `listen` (or to `inject` in tests): the admin routes behind the bearer
 * token, the public read-only routes with CORS, `/health`, and the OpenAPI document at
 * `/docs/json` (browsable at `/docs`).
 */
export function buildApi(deps: ApiDeps): FastifyInstance {
  const app = Fastify({
    logger: loggerOptions(deps.logger),
    schemaErrorFormatter,
    frameworkErrors,
    // Bodies without type coercion, unknown fields refused (see validation.ts).
    schemaController,
  }).withTypeProvider<TypeBoxTypeProvider>();
  const harvesters = deps.harvesters ?? registryHarvesters;
  const checks = new SourceChecks(harvesters, deps.http, deps.guard);
  const full = { ...deps, harvesters };

  installErrorHandling(app);
  app.addHook('preHandler', refuseUnstorableInput);
  app.addSchema(ErrorBody);

  void app.register(swagger, {
    openapi: {
      info: {
        title: `${deps.catalogTitle ?? 'moisson'} API`,
        version: '0.1.0',
        description: 'Harvests open-data catalogues into one DCAT-AP catalogue, keeping where every record came from.',
      },
      servers: [{ url: deps.publicUrl }],
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'MOISSON_ADMIN_TOKEN' } } },
    },
    refResolver: { buildLocalReference: (json, _base, _fragment, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`) },
  });
  void app.register(swaggerUi, { routePrefix: '/docs' });

  void app.register(async (admin) => {
    admin.addHook('onRequest', bearerAuth(adminTokensOf(deps)));
    await admin.register(adminSourceRoutes, { deps: full, checks });
    await admin.register(adminJobRoutes, { deps: full });
    await admin.register(adminPreviewRoutes, { deps: full, checks });
    await admin.register(adminProtocolRoutes, { harvesters });
  }, { prefix: '/admin' });

  void app.register(async (open) => {
    await open.register(cors, { origin: '*', methods: ['GET', 'HEAD', 'OPTIONS'], exposedHeaders: ['ETag'] });
    const limit = publicRateLimit(deps);
    if (limit) await open.register(rateLimit, { ...limit, errorResponseBuilder: rateLimitBody });
    open.addHook('onSend', conditionalGet);
    await open.register(healthRoutes, { deps: full });
    await open.register(publicRoutes, { deps: full, prefix: '/api' });
    await open.register(catalogRoutes, { deps: full });
  });

  return app;
}
