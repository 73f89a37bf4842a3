import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@fastify/type-provider-typebox';
import type { RdfMediaType } from '@moisson/rdf';
import type { ApiDeps } from '../deps.js';
import { catalogRdf, requestedType, sendRdf } from '../public/rdf.js';
import { errors, StringEnum } from '../schemas.js';
import { Links } from '../views.js';

export const CATALOG_PAGE_SIZE = 100;

/** `/catalog.ttl` and friends: the extension fixes the syntax. */
const BY_EXTENSION: Record<string, RdfMediaType> = {
  ttl: 'text/turtle',
  rdf: 'application/rdf+xml',
  jsonld: 'application/ld+json',
  nt: 'application/n-triples',
};

const RDF_TYPES: RdfMediaType[] = ['text/turtle', 'application/rdf+xml', 'application/ld+json', 'application/n-triples'];

const CatalogQuery = Type.Object({
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000, default: 1, description: `Hydra page, ${CATALOG_PAGE_SIZE} datasets each.` })),
  format: Type.Optional(StringEnum(['ttl', 'rdf', 'jsonld', 'nt'], { description: 'For browsers, instead of Accept.' })),
});

/**
 * The whole catalogue as DCAT-AP 3, Hydra-paged: moisson's `dcat:Catalog`, one sub-catalogue
 * per source (`dct:hasPart`) and a `dcat:CatalogRecord` per dataset with its provenance chain,
 * so another moisson, udata or CKAN harvesting it keeps where each dataset came from.
 */
export const catalogRoutes: FastifyPluginAsyncTypebox<{ deps: ApiDeps }> = async (app, { deps }) => {
  const links = new Links(deps.publicUrl);
  const catalogTitle = deps.catalogTitle ?? 'moisson';

  for (const extension of ['', ...Object.keys(BY_EXTENSION)]) {
    const path = extension ? `/catalog.${extension}` : '/catalog';
    app.get(
      path,
      {
        schema: {
          tags: ['public'],
          summary: extension ? `The catalogue as DCAT-AP 3 (${BY_EXTENSION[extension]}), Hydra-paged` : 'The catalogue as DCAT-AP 3, Hydra-paged, by content negotiation (JSON-LD by default)',
          querystring: CatalogQuery,
          produces: extension ? [BY_EXTENSION[extension] as string] : RDF_TYPES,
          response: { 200: Type.String({ description: 'The catalogue page in the RDF syntax asked for.' }), ...errors(400) },
        },
      },
      async (request, reply) => {
        const page = request.query.page ?? 1;
        const negotiated = requestedType(request.headers.accept, request.query.format);
        const type: RdfMediaType = BY_EXTENSION[extension] ?? (negotiated === 'application/json' ? 'application/ld+json' : negotiated);
        const [{ total, items, modified }, sources] = await Promise.all([
          deps.store.search.catalogPage(page, CATALOG_PAGE_SIZE),
          deps.store.sources.published(),
        ]);
        const format = !extension && request.query.format ? `&format=${request.query.format}` : '';
        const body = catalogRdf(
          {
            rows: items,
            sources,
            page,
            pageSize: CATALOG_PAGE_SIZE,
            total,
            modified,
            pageUrl: (n) => `${links.base}${path}?page=${n}${format}`,
          },
          links,
          catalogTitle,
          type,
        );
        return sendRdf(reply, type, body);
      },
    );
  }
};
