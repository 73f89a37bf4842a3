import { catalogToQuads, datasetToQuads, negotiate, serialise, type CatalogEntry, type OutputMediaType, type RdfMediaType } from '@moisson/rdf';
import type { DatasetRow } from '@moisson/store';
import type { FastifyReply } from 'fastify';
import { iso, storedChain, type Links } from '../views.js';

export type { OutputMediaType, RdfMediaType };

/** What the RDF writers need about a stored dataset, its chain completed up to moisson. */
export function catalogEntry(row: DatasetRow, links: Links, catalogTitle: string): CatalogEntry {
  return {
    id: row.id,
    dataset: row.data,
    chain: storedChain(row, links, catalogTitle),
    firstSeen: iso(row.firstSeen),
    lastChanged: iso(row.lastChanged),
    status: row.status,
    source: row.source,
  };
}

/** The representation a request asks for (`?format=` first: browsers cannot set Accept). */
export function requestedType(accept: string | undefined, format: string | undefined): OutputMediaType {
  return negotiate(accept, format);
}

export function datasetRdf(row: DatasetRow, links: Links, catalogTitle: string, type: RdfMediaType): string {
  return serialise(datasetToQuads(catalogEntry(row, links, catalogTitle), { publicUrl: links.base, catalogTitle }), type);
}

export interface CatalogPageInput {
  rows: DatasetRow[];
  sources: Array<CatalogEntry['source']>;
  page: number;
  pageSize: number;
  total: number;
  modified: string | null;
  /** The URL of page `n` of this representation. */
  pageUrl(n: number): string;
}

export function catalogRdf(input: CatalogPageInput, links: Links, catalogTitle: string, type: RdfMediaType): string {
  const last = Math.max(1, Math.ceil(input.total / input.pageSize));
  const quads = catalogToQuads(
    {
      entries: input.rows.map((row) => catalogEntry(row, links, catalogTitle)),
      sources: input.sources,
      modified: input.modified ? iso(input.modified) : undefined,
      page: {
        current: input.pageUrl(input.page),
        first: input.pageUrl(1),
        last: input.pageUrl(last),
        next: input.page < last ? input.pageUrl(input.page + 1) : undefined,
        previous: input.page > 1 ? input.pageUrl(Math.min(input.page - 1, last)) : undefined,
        totalItems: input.total,
        itemsPerPage: input.pageSize,
      },
    },
    { publicUrl: links.base, catalogTitle },
  );
  return serialise(quads, type);
}

/** Sends an RDF document as is (no JSON serialiser), saying the answer depends on Accept. */
export function sendRdf(reply: FastifyReply, type: RdfMediaType, body: string): FastifyReply {
  return reply
    .header('vary', 'Accept')
    .type(type === 'application/ld+json' ? type : `${type}; charset=utf-8`)
    .serializer((payload: unknown) => payload as string)
    .send(body);
}
