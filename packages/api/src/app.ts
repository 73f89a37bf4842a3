import cors from '@fastify/cors';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyInstance } from 'fastify';
import { bearerAuth } from './auth.js';
import { registryHarvesters, type ApiDeps } from './deps.js';
import { installErrorHandling, schemaErrorFormatter } from './errors.js';
import { adminJobRoutes } from './routes/admin-jobs.js';
import { adminPreviewRoutes } from './routes/admin-preview.js';
import { adminSourceRoutes } from './routes/admin-sources.js';
import { catalogRoutes } from './routes/catalog.js';
import { healthRoutes } from './routes/health.js';
import { publicRoutes } from './routes/public.js';
import { ErrorBody } from './schemas.js';
import { SourceChecks } from './source-checks.js';

/**
 * The HTTP API, ready to `listen` (or to `inject` in tests): the admin routes behind the bearer
 * token, the public read-only routes with CORS, `/health`, and the OpenAPI document at
 * `/docs/json` (browsable at `/docs`).
 */
export function buildApi(deps: ApiDeps): FastifyInstance {
  const app = Fastify({
    logger: deps.logger ?? false,
    schemaErrorFormatter,
    // Unknown body fields are refused, not silently dropped: a typo ("schedul") must not pass.
    ajv: { customOptions: { removeAdditional: false } },
  }).withTypeProvider<TypeBoxTypeProvider>();
  const harvesters = deps.harvesters ?? registryHarvesters;
  const checks = new SourceChecks(harvesters, deps.http, deps.guard);
  const full = { ...deps, harvesters };

  installErrorHandling(app);
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
    admin.addHook('onRequest', bearerAuth(deps.adminToken));
    await admin.register(adminSourceRoutes, { deps: full, checks });
    await admin.register(adminJobRoutes, { deps: full });
    await admin.register(adminPreviewRoutes, { deps: full, checks });
  }, { prefix: '/admin' });

  void app.register(async (open) => {
    await open.register(cors, { origin: '*', methods: ['GET', 'HEAD', 'OPTIONS'] });
    await open.register(healthRoutes, { deps: full });
    await open.register(publicRoutes, { deps: full, prefix: '/api' });
    await open.register(catalogRoutes, { deps: full });
  });

  return app;
}
