import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { describeError, PageFetchError, ProtocolError, SourceConfigError } from '@moisson/core';
import { preview } from '@moisson/queue';
import type { ApiDeps } from '../deps.js';
import { ApiError } from '../errors.js';
import { PreviewBody, PreviewReply, errors } from '../schemas.js';
import type { SourceChecks } from '../source-checks.js';

/** The first normalised datasets of a would-be source, nothing stored. */
export const adminPreviewRoutes: FastifyPluginAsyncTypebox<{ deps: ApiDeps; checks: SourceChecks }> = async (app, { deps, checks }) => {
  app.post(
    '/preview',
    {
      schema: {
        tags: ['admin: sources'],
        security: [{ bearer: [] }],
        summary: 'Harvest the first datasets of a URL without storing anything',
        body: PreviewBody,
        response: { 200: PreviewReply, ...errors(400, 401, 422, 502) },
      },
    },
    async (request) => {
      const body = request.body;
      const url = await checks.checkUrl(body.url);
      const found = body.protocol ? { harvester: checks.harvester(body.protocol), url: url.href } : await checks.detect(url);
      checks.checkFilters(found.harvester, body.filters);
      checks.checkConfig(found.harvester, body.config);
      try {
        const result = await preview(
          found.harvester,
          { url: found.url, filters: body.filters ?? [], config: body.config ?? {} },
          deps.http,
          body.limit ?? 10,
        );
        return { protocol: found.harvester.id, url: found.url, ...result };
      } catch (error) {
        if (error instanceof SourceConfigError) throw new ApiError(422, 'invalid_config', describeError(error), { cause: error });
        if (error instanceof PageFetchError || error instanceof ProtocolError) {
          throw new ApiError(502, 'remote_failed', `the source did not answer usably: ${describeError(error)}`, { cause: error });
        }
        throw error;
      }
    },
  );
};
