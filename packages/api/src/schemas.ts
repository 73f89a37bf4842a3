import { Type, type Static } from '@fastify/type-provider-typebox';
import { CredentialsBody, CredentialsView } from './credentials.js';

/** Every 4xx/5xx body. `error` is stable for programs, `message` is for the person reading it. */
export const ErrorBody = Type.Object(
  {
    error: Type.String({ description: 'A stable code, e.g. `unknown_protocol`.' }),
    message: Type.String({ description: 'What went wrong and what to do about it.' }),
  },
  { $id: 'ErrorBody', title: 'Error' },
);
export type ErrorBody = Static<typeof ErrorBody>;

const errorRef = Type.Ref('ErrorBody');
/** Response schemas of the error statuses a route can answer. */
export function errors(...statuses: number[]): Record<number, typeof errorRef> {
  return Object.fromEntries(statuses.map((status) => [status, errorRef]));
}

/** A string enum as JSON Schema `enum`, so a wrong value is answered "must be one of: a, b". */
export const StringEnum = <T extends string[]>(values: [...T], options: { description?: string; default?: T[number] } = {}) =>
  Type.Unsafe<T[number]>({ type: 'string', enum: values, ...options });

// Null first: Fastify coerces types, and with the string branch first a JSON null would become "".
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([Type.Null(), schema]);
const Timestamp = Type.String({ description: 'ISO 8601 instant.' });

export const Filter = Type.Object(
  {
    key: Type.String({ minLength: 1, description: 'A filter key the protocol declares (CKAN `organization`, `tags`…).' }),
    value: Type.String({ minLength: 1 }),
    type: StringEnum(['include', 'exclude']),
  },
  { additionalProperties: false },
);

const Config = Type.Record(Type.String(), Type.Unknown(), { description: "Protocol settings, checked against the harvester's `configSchema` (each protocol's settings: GET /admin/protocols)." });
const Url = Type.String({ format: 'uri', maxLength: 2048, description: 'The catalogue URL (http or https, public unless allowed).' });
const Schedule = Type.String({ maxLength: 200, description: 'A cron expression (5 or 6 fields), e.g. `0 3 * * *`.' });

export const NewSourceBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 300 }),
    url: Url,
    protocol: Type.Optional(Type.String({ minLength: 1, description: 'Detected from the URL when omitted.' })),
    filters: Type.Optional(Type.Array(Filter, { maxItems: 200 })),
    schedule: Type.Optional(Nullable(Schedule)),
    config: Type.Optional(Config),
    enabled: Type.Optional(Type.Boolean()),
    credentials: Type.Optional(Nullable(CredentialsBody)),
  },
  { additionalProperties: false },
);
export type NewSourceBody = Static<typeof NewSourceBody>;

export const SourcePatchBody = Type.Partial(NewSourceBody, { additionalProperties: false, minProperties: 1 });
export type SourcePatchBody = Static<typeof SourcePatchBody>;

export const IdParams = Type.Object({ id: Type.String({ description: 'A uuid.' }) });

export const Source = Type.Object({
  id: Type.String(),
  name: Type.String(),
  url: Type.String(),
  protocol: Type.String(),
  filters: Type.Array(Filter),
  config: Config,
  schedule: Nullable(Type.String()),
  enabled: Type.Boolean(),
  credentials: CredentialsView,
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type Source = Static<typeof Source>;

const DatasetCounts = Type.Object({ active: Type.Integer(), archived: Type.Integer() });
const LastJob = Nullable(
  Type.Object({ id: Type.String(), status: Type.String(), createdAt: Timestamp, finishedAt: Nullable(Timestamp) }),
);

export const SourceSummary = Type.Intersect([Source, Type.Object({ datasets: DatasetCounts, lastJob: LastJob })]);

/** What anyone may read about a source: never its config (it may hold credentials) nor its filters. */
export const PublicSource = Type.Object({
  id: Type.String(),
  name: Type.String(),
  url: Type.String(),
  protocol: Type.String(),
  datasets: DatasetCounts,
  lastHarvest: LastJob,
});

export const JobCounts = Type.Object({
  created: Type.Integer(),
  updated: Type.Integer(),
  unchanged: Type.Integer(),
  skipped: Type.Integer(),
  archived: Type.Integer(),
  failed: Type.Integer(),
});

export const JobStatus = Type.Union([Type.Literal('queued'), Type.Literal('running'), Type.Literal('done'), Type.Literal('failed')]);

export const JobSummary = Type.Object({
  id: Type.String(),
  sourceId: Type.String(),
  status: JobStatus,
  trigger: Type.String(),
  createdAt: Timestamp,
  startedAt: Nullable(Timestamp),
  finishedAt: Nullable(Timestamp),
  complete: Type.Boolean({ description: 'The whole listing was read without a page error (the condition for archiving).' }),
  pages: Type.Integer(),
  total: Nullable(Type.Integer({ description: 'How many records the remote announced.' })),
  counts: JobCounts,
  error: Nullable(Type.String({ description: 'Why the run failed, or why its last attempt did.' })),
});

export const JobItemError = Type.Object({
  remoteId: Type.Optional(Type.String()),
  remoteUrl: Type.Optional(Type.String()),
  pageUrl: Type.Optional(Type.String()),
  code: Type.String(),
  message: Type.String(),
  createdAt: Timestamp,
});

export const Job = Type.Intersect([JobSummary, Type.Object({ errors: Type.Array(JobItemError) })]);

export const TriggerReply = Type.Object({
  jobId: Type.String(),
  created: Type.Boolean({ description: 'False when the source already had a queued or running run, which is returned.' }),
});

export const PreviewBody = Type.Object(
  {
    url: Url,
    protocol: Type.Optional(Type.String({ minLength: 1 })),
    filters: Type.Optional(Type.Array(Filter, { maxItems: 200 })),
    config: Type.Optional(Config),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 10 })),
  },
  { additionalProperties: false },
);
export type PreviewBody = Static<typeof PreviewBody>;

/** A normalised DCAT-AP dataset (`Dataset` in `@moisson/core`), passed through as is. */
const DcatDataset = Type.Unknown({ description: 'The DCAT-AP dataset (see `Dataset` in packages/core/src/model.ts).' });
const Chain = Type.Array(Type.Unknown(), { description: 'Provenance hops, from the original producer to moisson.' });

export const PreviewReply = Type.Object({
  protocol: Type.String(),
  url: Type.String({ description: 'The endpoint harvested (detection may refine the URL given).' }),
  datasets: Type.Array(
    Type.Object({
      remoteId: Type.String(),
      remoteUrl: Type.Optional(Type.String()),
      remoteModified: Type.Optional(Type.String()),
      dataset: DcatDataset,
      chain: Chain,
    }),
  ),
  errors: Type.Array(Type.Object({ remoteId: Type.Optional(Type.String()), code: Type.String(), message: Type.String() })),
  skipped: Type.Integer(),
  pages: Type.Integer(),
});

const SourceRef = Type.Object({ id: Type.String(), name: Type.String(), url: Type.String(), protocol: Type.String() });
const DatasetStatus = Type.Union([Type.Literal('active'), Type.Literal('archived')]);

const Many = (description: string, item = Type.String({ minLength: 1, maxLength: 2048 })) =>
  Type.Optional(Type.Array(item, { maxItems: 50, description: `${description} Repeat the parameter for alternatives (OR).` }));

export const DatasetListQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 500, description: 'Full text (French and English stemming: a text tagged fr or en is stemmed in its language, any other in both, the query in both; accents folded; `"phrase"`, `-word`, `or`). Title counts more than keywords, keywords more than description.' })),
    source: Many('Only datasets carried by this source (a uuid).', Type.String({ format: 'uuid' })),
    publisher: Many('Publisher facet value.'),
    theme: Many('Theme facet value (an EU data-theme IRI, or the label when no IRI is known).'),
    keyword: Many('Keyword (case and accents ignored).'),
    format: Many('Format facet value (an EU file-type IRI, else the label in capitals, else a media type).'),
    license: Many('Licence facet value (IRI, else the label).'),
    language: Many('Language (EU language IRI).'),
    status: Type.Optional(StringEnum(['active', 'archived', 'all'], { default: 'active', description: 'Archived datasets are hidden unless asked for.' })),
    bbox: Type.Optional(Type.String({ pattern: '^\\s*-?[0-9.]+\\s*,\\s*-?[0-9.]+\\s*,\\s*-?[0-9.]+\\s*,\\s*-?[0-9.]+\\s*$', description: '`west,south,east,north` in degrees (CRS84): datasets whose extent intersects it.' })),
    modified_since: Type.Optional(Type.String({ format: 'date-time', description: 'Only datasets modified at or after this instant.' })),
    quality_min: Type.Optional(Type.Integer({ minimum: 0, maximum: 100, description: 'Only datasets whose quality score is at least this.' })),
    sort: Type.Optional(StringEnum(['relevance', 'modified', 'title'], { description: 'Default: relevance with `q`, else title. `modified` is newest first.' })),
    cursor: Type.Optional(Type.String({ maxLength: 2000, description: 'The `next` of the previous page: keyset paging, stable while harvests write.' })),
    page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000, default: 1, description: 'Offset paging, when no cursor is given.' })),
    pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 20 })),
    facet_size: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 20, description: 'Values returned per facet, most frequent first.' })),
  },
  // Unknown parameters are ignored: the search parameters of later versions must not break old clients.
);
export type DatasetListQuery = Static<typeof DatasetListQuery>;

const Quality = Type.Object(
  {
    score: Type.Integer({ minimum: 0, maximum: 100 }),
    criteria: Type.Record(Type.String(), Type.Boolean(), { description: 'Each criterion met or not (DCAT-AP coverage and the data.gouv.fr criteria).' }),
  },
  { description: 'Metadata quality, computed when the dataset was written.' },
);

const Origin = Type.Object({
  id: Type.String(),
  source: SourceRef,
  remoteId: Type.String(),
  remoteUrl: Nullable(Type.String()),
  status: DatasetStatus,
  primary: Type.Boolean({ description: 'The member whose description the list shows (closest to the producer).' }),
  links: Type.Object({ self: Type.String() }),
});

export const DatasetItem = Type.Object({
  id: Type.String(),
  title: Type.String(),
  source: SourceRef,
  remoteId: Type.String(),
  remoteUrl: Nullable(Type.String()),
  status: DatasetStatus,
  modified: Nullable(Type.String({ description: '`dct:modified` as the source gave it, else the remote modification date.' })),
  lastChanged: Timestamp,
  quality: Quality,
  loop: Type.Boolean({ description: 'The record came back to us through another catalogue.' }),
  origins: Type.Array(Origin, { description: 'The same dataset carried by other sources (linked by IRI, identifier or original record).' }),
  links: Type.Object({ self: Type.String() }),
});

const FacetValue = Type.Object({ value: Type.String(), label: Type.String(), count: Type.Integer() });
const FacetList = Type.Array(FacetValue);

export const DatasetList = Type.Object({
  total: Type.Integer({ description: 'Datasets (one per linked cluster) matching the query.' }),
  page: Type.Integer(),
  pageSize: Type.Integer(),
  items: Type.Array(DatasetItem),
  facets: Type.Object({
    source: FacetList,
    publisher: FacetList,
    theme: FacetList,
    keyword: FacetList,
    format: FacetList,
    license: FacetList,
    language: FacetList,
    status: FacetList,
    quality: FacetList,
  }),
  next: Nullable(Type.String({ description: 'Pass as `cursor` for the next page; null on the last page.' })),
});

export const DatasetDetail = Type.Object({
  id: Type.String(),
  status: DatasetStatus,
  dataset: DcatDataset,
  source: SourceRef,
  remoteId: Type.String(),
  remoteUrl: Nullable(Type.String()),
  remoteModified: Nullable(Type.String()),
  firstSeen: Timestamp,
  lastSeen: Timestamp,
  lastChanged: Timestamp,
  archivedAt: Nullable(Timestamp),
  hash: Type.String(),
  chain: Chain,
  quality: Quality,
  loop: Type.Boolean({ description: 'The record came back to us through another catalogue (our URL is in its chain).' }),
  origins: Type.Array(Origin, { description: 'Every dataset linked with this one, itself included, primary first.' }),
  links: Type.Object({ self: Type.String(), raw: Type.String() }),
});

export const Health = Type.Object({
  status: Type.Union([Type.Literal('ok'), Type.Literal('unavailable')]),
  postgres: Type.Union([Type.Literal('up'), Type.Literal('down')]),
  redis: Type.Union([Type.Literal('up'), Type.Literal('down')]),
});
