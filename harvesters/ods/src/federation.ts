import { canonicalCatalogUrl, withRoles, type Agent, type ProvenanceHop } from '@moisson/core';
import { str } from './json.js';
import type { OdsView } from './metas.js';

/** The federated source of a dataset, as an ODS domain and a dataset id there. */
export interface OdsUpstream {
  host: string;
  title?: string;
  datasetId: string;
}

/**
 * The ODS domain a shared / federated dataset comes from: `source_domain_address` (a host,
 * sometimes written `//host/`), else `source_domain` (a host, or an `*.opendatasoft.com` slug).
 * The upstream id is `source_dataset`, else the part of `id@domain` before the `@`.
 */
export function upstreamOf(view: OdsView): OdsUpstream | undefined {
  const d = view.def;
  const address = str(d['source_domain_address'])?.replace(/^(https?:)?\/+/i, '').replace(/\/.*$/, '');
  const domain = str(d['source_domain']);
  const host = address || (domain ? (domain.includes('.') ? domain.replace(/^(https?:)?\/+/i, '').replace(/\/.*$/, '') : `${domain}.opendatasoft.com`) : undefined);
  if (!host) return undefined;
  const at = view.id.lastIndexOf('@');
  const datasetId = str(d['source_dataset']) ?? (at > 0 ? view.id.slice(0, at) : view.id);
  const title = str(d['source_domain_title']);
  return { host: host.toLowerCase(), datasetId, ...(title ? { title } : {}) };
}

export function odsDatasetUrl(portal: string, id: string): string {
  return `${portal}/explore/dataset/${encodeURIComponent(id)}/`;
}

/** An ODS dataset page on another portal (`https://h/explore/dataset/{id}/`, or its API URL). */
export function upstreamFromUrl(url: string, portal: string): OdsUpstream | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (canonicalCatalogUrl(parsed.origin) === canonicalCatalogUrl(new URL(portal).origin)) return undefined;
  const match = /\/(?:explore\/dataset|api\/explore\/v2\.[01]\/catalog\/datasets|api\/v2\/catalog\/datasets)\/([^/?#]+)/.exec(parsed.pathname);
  if (!match?.[1]) return undefined;
  return { host: parsed.host.toLowerCase(), datasetId: decodeURIComponent(match[1]) };
}

function hop(upstream: OdsUpstream, publisher: Agent | undefined): ProvenanceHop {
  const catalogUrl = `https://${upstream.host}`;
  return {
    catalog: { url: catalogUrl, ...(upstream.title ? { title: upstream.title } : {}) },
    recordId: upstream.datasetId,
    recordUrl: odsDatasetUrl(catalogUrl, upstream.datasetId),
    protocol: 'ods',
    ...(publisher ? { publisher } : {}),
  };
}

/**
 * The hops before this portal: the domain a `references` URL names (furthest upstream), then
 * the federated source domain. Same domain twice makes one hop; the first is the origin.
 */
export function federationChain(view: OdsView, portal: string, referenceUrls: string[], publisher: Agent | undefined): ProvenanceHop[] {
  const upstreams: OdsUpstream[] = [];
  for (const url of referenceUrls) {
    const u = upstreamFromUrl(url, portal);
    if (u) upstreams.push(u);
  }
  const federated = upstreamOf(view);
  if (federated) {
    const same = upstreams.findIndex((u) => u.host === federated.host);
    if (same >= 0) upstreams[same] = { ...upstreams[same], ...federated };
    else upstreams.push(federated);
  }
  const own = new URL(portal).host.toLowerCase();
  const hops = upstreams.filter((u, i) => u.host !== own && upstreams.findIndex((o) => o.host === u.host) === i).map((u) => hop(u, publisher));
  return withRoles(hops);
}
