import { json, xml, type FixtureServer } from '../../../test/support/fixture-server.js';

/** A dataset as the fake registry serves it. */
export interface FakeGbifDataset {
  /** The search result (must carry `key`). */
  search: Record<string, unknown>;
  /** The EML document; null or absent: the registry answers 404 as api.gbif.org does. */
  eml?: string | null;
  /** The endpoint list; absent: 404. */
  endpoints?: Array<Record<string, unknown>>;
}

/**
 * Plays api.gbif.org: `/v1/dataset/search` with `limit`/`offset` paging (`endOfRecords`, `count`)
 * and `publishingCountry`/`type` filtering, `/v1/dataset/{key}/document`, `/v1/dataset/{key}/endpoint`.
 * Call after `server.start()`; paths are under `prefix` (default none).
 */
export function serveGbifRegistry(server: FixtureServer, datasets: FakeGbifDataset[], prefix = ''): void {
  server.route(`${prefix}/v1/dataset/search`, (request) => {
    const q = request.url.searchParams;
    const limit = Number(q.get('limit') ?? 20);
    const offset = Number(q.get('offset') ?? 0);
    const countries = q.getAll('publishingCountry');
    const types = q.getAll('type');
    const matching = datasets.filter(
      (d) =>
        (countries.length === 0 || countries.includes(String(d.search['publishingCountry']))) &&
        (types.length === 0 || types.includes(String(d.search['type']))),
    );
    const results = matching.slice(offset, offset + limit).map((d) => d.search);
    return json({ offset, limit, endOfRecords: offset + limit >= matching.length, count: matching.length, results, facets: [] });
  });
  for (const dataset of datasets) {
    const key = String(dataset.search['key']);
    server.route(`${prefix}/v1/dataset/${key}/document`, () =>
      dataset.eml ? xml(dataset.eml) : { status: 404, headers: { 'content-type': 'text/plain' }, body: '' },
    );
    server.route(`${prefix}/v1/dataset/${key}/endpoint`, () => (dataset.endpoints ? json(dataset.endpoints) : json({ code: 404, message: 'Not Found' }, 404)));
  }
}

/** A resource as the fake IPT serves it. */
export interface FakeIptResource {
  shortName: string;
  title: string;
  version?: string;
  /** The EML; null: `eml.do` answers 404. */
  eml: string | null;
  /** Whether the resource has a DwC-A (metadata-only resources have none). */
  dwca?: boolean;
  pubDate?: string;
  description?: string;
}

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The RSS an IPT 2.x writes at `{ipt}/rss.do`, for resources at `base` (an absolute URL). */
export function iptRss(base: string, resources: FakeIptResource[]): string {
  const items = resources.map((r) => {
    const v = r.version ?? '1.0';
    return `  <item>
    <title>${escape(r.title)} - Version ${v}</title>
    <link>${base}/resource?r=${r.shortName}</link>
    <description>${escape(r.description ?? '')}</description>
    <author>ipt@example.org (IPT admin)</author>
    <ipt:eml>${base}/eml.do?r=${r.shortName}&amp;v=${v}</ipt:eml>
${r.dwca === false ? '' : `    <ipt:dwca>${base}/archive.do?r=${r.shortName}</ipt:dwca>\n`}    <pubDate>${r.pubDate ?? 'Tue, 12 Mar 2024 10:00:00 +0000'}</pubDate>
    <guid>${base}/resource?id=${r.shortName}/v${v}.xml</guid>
  </item>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:ipt="http://ipt.gbif.org/" xmlns:atom="http://www.w3.org/2005/Atom">
<channel>
  <title>IPT du Parc national</title>
  <link>${base}/</link>
  <atom:link href="${base}/rss.do" rel="self" type="application/rss+xml"/>
  <description>Les jeux de données publiés par le Parc</description>
  <language>fr</language>
  <generator>GBIF IPT 2.7.7</generator>
${items.join('\n')}
</channel>
</rss>
`;
}

/** Plays an IPT at `{server}{prefix}`: `rss.do`, `eml.do?r=&v=`, `archive.do?r=` (a few bytes). */
export function serveIpt(server: FixtureServer, resources: FakeIptResource[], prefix = '/ipt'): void {
  const base = server.at(prefix).replace(/\/$/, '');
  server.route(`${prefix}/rss.do`, () => ({ status: 200, headers: { 'content-type': 'application/rss+xml;charset=UTF-8' }, body: iptRss(base, resources) }));
  server.route(`${prefix}/eml.do`, (request) => {
    const resource = resources.find((r) => r.shortName === request.url.searchParams.get('r'));
    if (!resource?.eml) return { status: 404, headers: { 'content-type': 'text/html' }, body: '<html><body>Resource not found</body></html>' };
    return xml(resource.eml);
  });
  server.route(`${prefix}/archive.do`, () => ({ status: 200, headers: { 'content-type': 'application/zip' }, body: Buffer.from('PK\u0003\u0004') }));
}
