import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@fastify/type-provider-typebox';
import type { ApiDeps } from '../deps.js';
import { ApiError, notFound } from '../errors.js';
import { DatasetDetail, DatasetList, DatasetListQuery, IdParams, PublicSource, StringEnum, errors } from '../schemas.js';
import { datasetRdf, requestedType, sendRdf } from '../public/rdf.js';
import { badCursor, searchQuery } from '../public/search-query.js';
import { datasetHitView, Links, publicSourceView, searchItemView } from '../views.js';

/**
 * Raw records are third-party bytes served from our origin: a sandboxing CSP and nosniff keep a
 * harvested HTML or SVG document from running script as moisson.
 */
const RAW_HEADERS = {
  'content-security-policy': "default-src 'none'; sandbox",
  'x-content-type-options': 'nosniff',
};

/** The read-only public API: datasets with their source attribution, sources. */
export const publicRoutes: FastifyPluginAsyncTypebox<{ deps: ApiDeps }> = async (app, { deps }) => {
  const links = new Links(deps.publicUrl);
  const catalogTitle = deps.catalogTitle ?? 'moisson';
  const tags = ['public'];

  app.get(
    '/datasets',
    {
      schema: {
        tags,
        summary: 'Search the datasets: full text, filters, facet counts, one item per dataset carried by several sources',
        querystring: DatasetListQuery,
        response: { 200: DatasetList, ...errors(400) },
      },
    },
    async (request) => {
      const query = searchQuery(request.query);
      const result = await deps.store.search.search(query).catch(badCursor);
      const origins = await deps.store.search.origins(result.items.map((hit) => hit.clusterId));
      return {
        total: result.total,
        page: query.cursor ? 1 : (query.page ?? 1),
        pageSize: query.pageSize ?? 20,
        items: result.items.map((hit) => searchItemView(hit, origins.get(hit.clusterId) ?? [], links)),
        facets: result.facets,
        next: result.next,
      };
    },
  );

  app.get(
    '/datasets/:id',
    {
      schema: {
        tags,
        summary: 'One dataset: its DCAT-AP description, its source, its whole provenance chain and every source carrying it',
        description: 'JSON by default; DCAT-AP 3 RDF by `Accept` (`text/turtle`, `application/ld+json`, `application/rdf+xml`, `application/n-triples`) or `?format=`.',
        params: IdParams,
        querystring: Type.Object({
          format: Type.Optional(StringEnum(['json', 'jsonld', 'ttl', 'rdf', 'nt'], { description: 'For browsers, instead of Accept.' })),
        }),
        produces: ['application/json', 'application/ld+json', 'text/turtle', 'application/rdf+xml', 'application/n-triples'],
        response: { 200: DatasetDetail, ...errors(404) },
      },
    },
    async (request, reply) => {
      const type = requestedType(request.headers.accept, request.query.format);
      const hit = await deps.store.search.hit(request.params.id);
      if (!hit) throw notFound('dataset', request.params.id);
      if (type !== 'application/json') return sendRdf(reply, type, datasetRdf(hit, links, catalogTitle, type));
      void reply.header('vary', 'Accept');
      const origins = await deps.store.search.origins([hit.clusterId]);
      return datasetHitView(hit, origins.get(hit.clusterId) ?? [], links, catalogTitle);
    },
  );

  app.get(
    '/datasets/:id/raw',
    {
      schema: {
        tags,
        summary: 'The original record exactly as the source sent it, with its media type',
        params: IdParams,
        produces: ['*/*'],
        response: { 200: Type.String({ description: 'The record as received.' }), ...errors(404) },
      },
    },
    async (request, reply) => {
      const raw = await deps.store.datasets.raw(request.params.id);
      if (!raw) throw notFound('dataset', request.params.id);
      if (raw.body === null) throw new ApiError(404, 'not_found', `dataset "${request.params.id}" has no original record stored`);
      return reply
        .headers(RAW_HEADERS)
        .type(raw.mediaType ?? 'application/octet-stream')
        .serializer((payload: unknown) => payload as string)
        .send(raw.body);
    },
  );

  app.get(
    '/sources',
    {
      schema: { tags, summary: 'The sources, with their dataset counts and last harvest', response: { 200: Type.Array(PublicSource) } },
    },
    async () => (await deps.store.sources.list()).map(publicSourceView),
  );
};
