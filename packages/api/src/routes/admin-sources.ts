import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@fastify/type-provider-typebox';
import type { AnyHarvester, Filter, JsonValue } from '@moisson/core';
import type { SourcePatch } from '@moisson/store';
import { sealCredentials } from '../credentials.js';
import type { ApiDeps } from '../deps.js';
import { ApiError, notFound } from '../errors.js';
import { IdParams, JobSummary, NewSourceBody, Source, SourcePatchBody, SourceSummary, TriggerReply, errors } from '../schemas.js';
import type { SourceChecks } from '../source-checks.js';
import { jobView, sourceSummaryView, sourceView } from '../views.js';

export interface AdminSourceOptions {
  deps: ApiDeps;
  checks: SourceChecks;
}

const tags = ['admin: sources'];
const security = [{ bearer: [] }];

/** Sources CRUD and harvest triggers. Every write is checked by `SourceChecks` first. */
export const adminSourceRoutes: FastifyPluginAsyncTypebox<AdminSourceOptions> = async (app, { deps, checks }) => {
  const { store, queue } = deps;

  /** The protocol-dependent checks, on the source as it will be stored. */
  function checkAgainst(harvester: AnyHarvester, source: { filters?: Filter[]; config?: Record<string, unknown>; schedule?: string | null }) {
    checks.checkSchedule(source.schedule);
    checks.checkFilters(harvester, source.filters);
    checks.checkConfig(harvester, source.config);
  }

  app.post(
    '/sources',
    {
      schema: {
        tags,
        security,
        summary: 'Register a source (the protocol is detected when omitted)',
        body: NewSourceBody,
        response: { 201: Source, ...errors(400, 401, 422) },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const url = await checks.checkUrl(body.url);
      // A bad schedule needs no network round trip to be refused.
      checks.checkSchedule(body.schedule);
      const found = body.protocol ? { harvester: checks.harvester(body.protocol), url: url.href } : await checks.detect(url);
      checkAgainst(found.harvester, body);
      const row = await store.sources.create({
        name: body.name,
        url: body.protocol ? body.url : found.url,
        protocol: found.harvester.id,
        filters: body.filters ?? [],
        config: (body.config ?? {}) as Record<string, JsonValue>,
        schedule: body.schedule ?? null,
        enabled: body.enabled ?? true,
        credentials: body.credentials ? sealCredentials(deps.secrets, body.credentials) : null,
      });
      return reply.status(201).send(sourceView(row));
    },
  );

  app.get(
    '/sources',
    { schema: { tags, security, summary: 'List sources with dataset counts and their last run', response: { 200: Type.Array(SourceSummary), ...errors(401) } } },
    async () => (await store.sources.list()).map(sourceSummaryView),
  );

  app.get(
    '/sources/:id',
    { schema: { tags, security, summary: 'Read a source', params: IdParams, response: { 200: Source, ...errors(401, 404) } } },
    async (request) => {
      const row = await store.sources.get(request.params.id);
      if (!row) throw notFound('source', request.params.id);
      return sourceView(row);
    },
  );

  app.patch(
    '/sources/:id',
    {
      schema: {
        tags,
        security,
        summary: 'Change a source (the result is checked like a new source)',
        params: IdParams,
        body: SourcePatchBody,
        response: { 200: Source, ...errors(400, 401, 404, 422) },
      },
    },
    async (request) => {
      const { id } = request.params;
      const current = await store.sources.get(id);
      if (!current) throw notFound('source', id);
      const patch = request.body;
      // The URL is fetched-checked only when it changes: renaming a source must not depend on DNS.
      if (patch.url !== undefined && patch.url !== current.url) await checks.checkUrl(patch.url);
      // Stored credentials were given for one host: moving the source elsewhere must not carry them along unseen.
      if (current.credentials && patch.credentials === undefined && patch.url !== undefined && new URL(patch.url).host !== new URL(current.url).host) {
        throw new ApiError(422, 'credentials_host_changed', `the source has credentials for ${new URL(current.url).host}: give credentials again (or null) when moving it to ${new URL(patch.url).host}`);
      }
      const harvester = checks.harvester(patch.protocol ?? current.protocol);
      checkAgainst(harvester, {
        filters: patch.filters ?? current.filters,
        config: patch.config ?? current.config,
        schedule: patch.schedule === undefined ? current.schedule : patch.schedule,
      });
      const changes: SourcePatch = {};
      if (patch.name !== undefined) changes.name = patch.name;
      if (patch.url !== undefined) changes.url = patch.url;
      if (patch.protocol !== undefined) changes.protocol = patch.protocol;
      if (patch.filters !== undefined) changes.filters = patch.filters;
      if (patch.config !== undefined) changes.config = patch.config as Record<string, JsonValue>;
      if (patch.schedule !== undefined) changes.schedule = patch.schedule;
      if (patch.enabled !== undefined) changes.enabled = patch.enabled;
      if (patch.credentials !== undefined) changes.credentials = patch.credentials && sealCredentials(deps.secrets, patch.credentials);
      const row = await store.sources.update(id, changes);
      if (!row) throw notFound('source', id);
      return sourceView(row);
    },
  );

  app.delete(
    '/sources/:id',
    {
      schema: {
        tags,
        security,
        summary: 'Delete a source with its runs and datasets',
        params: IdParams,
        response: { 204: Type.Null(), ...errors(401, 404) },
      },
    },
    async (request, reply) => {
      if (!(await store.sources.delete(request.params.id))) throw notFound('source', request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/sources/:id/harvest',
    {
      schema: {
        tags,
        security,
        summary: 'Start a harvest (or get the run already queued or running)',
        params: IdParams,
        response: { 202: TriggerReply, ...errors(401, 404) },
      },
    },
    async (request, reply) => {
      const source = await store.sources.get(request.params.id);
      if (!source) throw notFound('source', request.params.id);
      const { job, created } = await queue.trigger(source.id, 'manual');
      return reply.status(202).header('location', `/admin/jobs/${job.id}`).send({ jobId: job.id, created });
    },
  );

  app.get(
    '/sources/:id/jobs',
    {
      schema: {
        tags,
        security,
        summary: "A source's runs, newest first",
        params: IdParams,
        querystring: Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })) }),
        response: { 200: Type.Array(JobSummary), ...errors(400, 401, 404) },
      },
    },
    async (request) => {
      const source = await store.sources.get(request.params.id);
      if (!source) throw notFound('source', request.params.id);
      return (await store.jobs.listForSource(source.id, request.query.limit ?? 50)).map(jobView);
    },
  );
};
