import { Type, type Static } from '@sinclair/typebox';
import { SourceConfigError, type FilterSpec } from '@moisson/core';

export const ISO_SCHEMA = 'http://www.isotc211.org/2005/gmd';
export const CSW_SCHEMA = 'http://www.opengis.net/cat/csw/2.0.2';

export const cswConfigSchema = Type.Object(
  {
    method: Type.Optional(
      Type.Union([Type.Literal('POST'), Type.Literal('GET')], {
        title: 'Request method',
        description: 'GetRecords as an XML POST (default) or as GET key-value pairs, for servers whose POST is broken.',
        default: 'POST',
      }),
    ),
    outputSchema: Type.Optional(
      Type.Union([Type.Literal(ISO_SCHEMA), Type.Literal(CSW_SCHEMA)], {
        title: 'Output schema',
        description: 'ISO 19139 (gmd, default: far richer) or CSW Dublin Core records.',
        default: ISO_SCHEMA,
      }),
    ),
    typeNames: Type.Optional(
      Type.String({
        title: 'Type names',
        description: 'GetRecords typeNames; default gmd:MD_Metadata for ISO, csw:Record for Dublin Core.',
        pattern: '^[A-Za-z_][\\w.-]*:[A-Za-z_][\\w.-]*$',
      }),
    ),
    pageSize: Type.Optional(
      Type.Integer({ title: 'Page size', description: 'maxRecords per GetRecords request.', minimum: 1, maximum: 1000, default: 50 }),
    ),
    sortById: Type.Optional(
      Type.Boolean({
        title: 'Stable sort',
        description: 'Sort by apiso:Identifier so pages never shift while the catalogue changes; turn off for servers that refuse sortBy.',
        default: true,
      }),
    ),
    constraint: Type.Optional(
      Type.String({
        title: 'Raw constraint',
        description: 'An OGC Filter 1.1.0 document (starting with <) or CQL text, ANDed with the source filters.',
        maxLength: 20_000,
      }),
    ),
  },
  { additionalProperties: false },
);

export type CswConfig = Static<typeof cswConfigSchema>;

export interface ResolvedCswConfig {
  method: 'POST' | 'GET';
  outputSchema: typeof ISO_SCHEMA | typeof CSW_SCHEMA;
  typeNames: string;
  pageSize: number;
  sortById: boolean;
  constraint?: string;
}

/** The config with its defaults; refuses values the schema would refuse (the API validates too). */
export function resolveConfig(config: Partial<CswConfig> | undefined | null): ResolvedCswConfig {
  const c = config ?? {};
  const outputSchema = c.outputSchema ?? ISO_SCHEMA;
  if (outputSchema !== ISO_SCHEMA && outputSchema !== CSW_SCHEMA) throw new SourceConfigError(`unsupported outputSchema ${String(outputSchema)}`, 'outputSchema');
  const method = c.method ?? 'POST';
  if (method !== 'POST' && method !== 'GET') throw new SourceConfigError(`method must be POST or GET, not ${String(method)}`, 'method');
  const pageSize = c.pageSize ?? 50;
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 1000) throw new SourceConfigError(`pageSize must be an integer from 1 to 1000, not ${String(pageSize)}`, 'pageSize');
  const typeNames = c.typeNames ?? (outputSchema === ISO_SCHEMA ? 'gmd:MD_Metadata' : 'csw:Record');
  if (!/^[A-Za-z_][\w.-]*:[A-Za-z_][\w.-]*$/.test(typeNames)) throw new SourceConfigError(`typeNames must be one qualified name such as gmd:MD_Metadata, not ${typeNames}`, 'typeNames');
  const resolved: ResolvedCswConfig = { method, outputSchema, typeNames, pageSize, sortById: c.sortById ?? true };
  if (c.constraint?.trim()) resolved.constraint = c.constraint.trim();
  return resolved;
}

export const cswFilters: readonly FilterSpec[] = [
  { key: 'keyword', label: 'Keyword', description: 'Records with this keyword (apiso:Subject); * and ? are wildcards.' },
  { key: 'type', label: 'Resource type', description: 'apiso:Type: dataset, series, service, nonGeographicDataset…' },
  { key: 'bbox', label: 'Bounding box', description: 'Records intersecting W,S,E,N in degrees (WGS 84 longitude/latitude).' },
  { key: 'q', label: 'Full text', description: 'Records whose text contains these words (AnyText).' },
];
