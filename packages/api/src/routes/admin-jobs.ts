import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@fastify/type-provider-typebox';
import type { ApiDeps } from '../deps.js';
import { notFound } from '../errors.js';
import { IdParams, Job, errors } from '../schemas.js';
import { jobErrorView, jobView } from '../views.js';

/** Run status: counts, item errors. */
export const adminJobRoutes: FastifyPluginAsyncTypebox<{ deps: ApiDeps }> = async (app, { deps }) => {
  app.get(
    '/jobs/:id',
    {
      schema: {
        tags: ['admin: runs'],
        security: [{ bearer: [] }],
        summary: 'A run with its counts and item errors',
        params: IdParams,
        querystring: Type.Object({
          errors: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000, default: 1000, description: 'How many item errors to return at most.' })),
        }),
        response: { 200: Job, ...errors(400, 401, 404) },
      },
    },
    async (request) => {
      const job = await deps.store.jobs.get(request.params.id);
      if (!job) throw notFound('run', request.params.id);
      const items = await deps.store.jobs.errors(job.id, request.query.errors ?? 1000);
      return { ...jobView(job), errors: items.map(jobErrorView) };
    },
  );
};
