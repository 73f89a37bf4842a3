import { Type, type Static } from '@sinclair/typebox';
import type { FilterSpec } from '@moisson/core';

export const RDF_SYNTAXES = ['turtle', 'ntriples', 'nquads', 'trig', 'rdfxml', 'jsonld', 'rdfa'] as const;

export const dcatConfigSchema = Type.Object(
  {
    format: Type.Optional(
      Type.Union(
        RDF_SYNTAXES.map((s) => Type.Literal(s)),
        {
          title: 'RDF syntax',
          description: 'Force the parser when the server announces a wrong Content-Type and sniffing guesses wrong.',
        },
      ),
    ),
    pageSize: Type.Optional(
      Type.Integer({ minimum: 1, maximum: 10_000, default: 100, title: 'Datasets per page', description: 'A large document (a dump) is cut into pages of this many datasets.' }),
    ),
    groupWindow: Type.Optional(
      Type.Integer({
        minimum: 1_000,
        default: 200_000,
        title: 'Grouping window (triples)',
        description:
          'A dataset is complete once the parser has read this many triples without adding to its description. Larger values tolerate scattered dumps; memory grows with it.',
      }),
    ),
    maxBytes: Type.Optional(
      Type.Integer({ minimum: 1, title: 'Maximum document size (bytes)', description: 'Per document; a 200 MB dump needs at least 200 MB. Default 1 GiB.' }),
    ),
    maxPages: Type.Optional(Type.Integer({ minimum: 1, title: 'Maximum pages', description: 'Hard stop on Hydra paging.' })),
  },
  { additionalProperties: false },
);

export type DcatConfig = Static<typeof dcatConfigSchema>;

export type RdfSyntax = (typeof RDF_SYNTAXES)[number];

/** DCAT feeds cannot be filtered remotely; filters are applied to normalised records by the runner. */
export const dcatFilters: readonly FilterSpec[] = [];

export const DEFAULT_PAGE_SIZE = 100;
export const DEFAULT_GROUP_WINDOW = 200_000;
export const DEFAULT_MAX_BYTES = 1024 * 1024 * 1024;
