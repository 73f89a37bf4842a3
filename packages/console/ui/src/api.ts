/**
 * The JSON API of the server that serves the console. Types mirror `packages/api/src/schemas.ts`;
 * what later API versions may add (search, facets, duplicates) is narrowed from `unknown`.
 */

export interface Filter {
  key: string;
  value: string;
  type: 'include' | 'exclude';
}

export interface Source {
  id: string;
  name: string;
  url: string;
  protocol: string;
  filters: Filter[];
  config: Record<string, unknown>;
  schedule: string | null;
  enabled: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface LastJob {
  id: string;
  status: string;
  createdAt: string;
  finishedAt: string | null;
}

export interface SourceSummary extends Source {
  datasets: { active: number; archived: number };
  lastJob: LastJob | null;
}

export type JobStatus = 'queued' | 'running' | 'done' | 'failed';

export interface JobCounts {
  created: number;
  updated: number;
  unchanged: number;
  skipped: number;
  archived: number;
  failed: number;
}

export interface JobSummary {
  id: string;
  sourceId: string;
  status: JobStatus;
  trigger: string;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  complete: boolean;
  pages: number;
  total: number | null;
  counts: JobCounts;
  error: string | null;
}

export interface JobItemError {
  remoteId?: string;
  remoteUrl?: string;
  pageUrl?: string;
  code: string;
  message: string;
  createdAt: string;
}

export interface Job extends JobSummary {
  errors: JobItemError[];
}

export interface SourceInput {
  name: string;
  url: string;
  protocol?: string;
  filters?: Filter[];
  schedule?: string | null;
  config?: Record<string, unknown>;
  enabled?: boolean;
}

export interface PreviewInput {
  url: string;
  protocol?: string;
  filters?: Filter[];
  config?: Record<string, unknown>;
  limit?: number;
}

export interface PreviewReply {
  protocol: string;
  url: string;
  datasets: Array<{ remoteId: string; remoteUrl?: string; remoteModified?: string; dataset: unknown; chain: unknown[] }>;
  errors: Array<{ remoteId?: string; code: string; message: string }>;
  skipped: number;
  pages: number;
}

/** One setting of a protocol, as the JSON Schema of its `config` describes it. */
export interface SettingSchema {
  title?: string;
  description?: string;
  default?: unknown;
  type?: string;
  minimum?: number;
  maximum?: number;
  /** A choice among constants (TypeBox writes a union of literals this way). */
  anyOf?: Array<{ const?: unknown }>;
  /** An object setting's own settings (`politeness.delayMs`…). */
  properties?: Record<string, SettingSchema>;
}

/** What a protocol accepts (`GET /admin/protocols`). */
export interface ProtocolInfo {
  id: string;
  name: string;
  incremental: boolean;
  filters: Array<{ key: string; label: string; description: string }>;
  config: { properties?: Record<string, SettingSchema> };
}

export interface ProtocolList {
  items: ProtocolInfo[];
  runnerConfig: { properties?: Record<string, SettingSchema> };
}

export interface SourceRef {
  id: string;
  name: string;
  url: string;
  protocol: string;
}

export interface DatasetItem {
  id: string;
  title: string;
  source: SourceRef;
  remoteId: string;
  remoteUrl: string | null;
  status: 'active' | 'archived';
  modified: string | null;
  lastChanged: string;
}

export interface DatasetList {
  total: number;
  page?: number;
  pageSize?: number;
  items: DatasetItem[];
  /** Present once the public API offers facets; its shape is narrowed by `facets.ts`. */
  facets?: unknown;
}

export interface DatasetDetail {
  id: string;
  status: 'active' | 'archived';
  dataset: unknown;
  source: SourceRef;
  remoteId: string;
  remoteUrl: string | null;
  remoteModified: string | null;
  firstSeen: string;
  lastSeen: string;
  lastChanged: string;
  archivedAt: string | null;
  hash: string;
  chain: unknown[];
  links: { self: string; raw: string };
  [more: string]: unknown;
}

/** A refused or failed call, with the API's own message when it gave one. */
export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiFailure';
  }
}

/** The server's base path: the console lives at `<base>/admin/ui/`, the API at `<base>/admin` and `<base>/api`. */
export function apiBase(pathname: string): string {
  const at = pathname.indexOf('/admin/ui');
  return at < 0 ? '' : pathname.slice(0, at);
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

async function failureOf(response: Response): Promise<ApiFailure> {
  const text = await response.text().catch(() => '');
  let body: Record<string, unknown> | undefined;
  try {
    body = asRecord(JSON.parse(text));
  } catch {
    body = undefined;
  }
  const code = typeof body?.error === 'string' ? body.error : `http_${response.status}`;
  const message = typeof body?.message === 'string' ? body.message : text.slice(0, 300) || response.statusText || `HTTP ${response.status}`;
  return new ApiFailure(response.status, code, message);
}

export class Api {
  constructor(
    readonly base: string,
    private readonly token: string,
  ) {}

  private async call<T>(method: string, path: string, body?: unknown, admin = true): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (admin) headers.authorization = `Bearer ${this.token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${this.base}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    if (!response.ok) throw await failureOf(response);
    if (response.status === 204) return undefined as T;
    return (await response.json()) as T;
  }

  sources = () => this.call<SourceSummary[]>('GET', '/admin/sources');
  source = (id: string) => this.call<Source>('GET', `/admin/sources/${encodeURIComponent(id)}`);
  createSource = (input: SourceInput) => this.call<Source>('POST', '/admin/sources', input);
  updateSource = (id: string, patch: Partial<SourceInput>) => this.call<Source>('PATCH', `/admin/sources/${encodeURIComponent(id)}`, patch);
  deleteSource = (id: string) => this.call<void>('DELETE', `/admin/sources/${encodeURIComponent(id)}`);
  harvest = (id: string) => this.call<{ jobId: string; created: boolean }>('POST', `/admin/sources/${encodeURIComponent(id)}/harvest`);
  jobs = (sourceId: string, limit = 20) => this.call<JobSummary[]>('GET', `/admin/sources/${encodeURIComponent(sourceId)}/jobs?limit=${limit}`);
  job = (id: string) => this.call<Job>('GET', `/admin/jobs/${encodeURIComponent(id)}`);
  preview = (input: PreviewInput) => this.call<PreviewReply>('POST', '/admin/preview', input);
  protocols = () => this.call<ProtocolList>('GET', '/admin/protocols');

  datasets = (query: URLSearchParams) => this.call<DatasetList>('GET', `/api/datasets?${query.toString()}`, undefined, false);
  dataset = (id: string) => this.call<DatasetDetail>('GET', `/api/datasets/${encodeURIComponent(id)}`, undefined, false);
  openapi = () => this.call<unknown>('GET', '/docs/json', undefined, false);

  /** The original record as the source sent it, as text (it may be JSON, XML, Turtle…). */
  async raw(id: string): Promise<{ mediaType: string; text: string }> {
    const response = await fetch(`${this.base}/api/datasets/${encodeURIComponent(id)}/raw`);
    if (!response.ok) throw await failureOf(response);
    return { mediaType: response.headers.get('content-type') ?? 'application/octet-stream', text: await response.text() };
  }

  /** Which optional query parameters `GET /api/datasets` declares in the OpenAPI document. */
  async datasetQueryParams(): Promise<Set<string>> {
    try {
      const doc = asRecord(await this.openapi());
      const get = asRecord(asRecord(asRecord(doc?.paths)?.['/api/datasets'])?.get);
      const params = Array.isArray(get?.parameters) ? get.parameters : [];
      return new Set(params.map((p) => asRecord(p)?.name).filter((n): n is string => typeof n === 'string'));
    } catch {
      return new Set();
    }
  }
}
