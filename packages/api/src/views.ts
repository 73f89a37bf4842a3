import { completeChain, type ProvenanceHop } from '@moisson/core';
import { credentialsView } from './credentials.js';
import type { DatasetRow, JobError, JobRow, Origin, SearchHit, SourceRow, SourceSummary } from '@moisson/store';

/** pg returns timestamps as `Date`, JSON aggregates return them as strings: the API says ISO 8601. */
export function iso(value: Date | string): string;
export function iso(value: Date | string | null | undefined): string | null;
export function iso(value: Date | string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  return new Date(value).toISOString();
}

export function sourceView(row: SourceRow) {
  return {
    id: row.id,
    name: row.name,
    url: row.url,
    protocol: row.protocol,
    filters: row.filters,
    config: row.config,
    schedule: row.schedule,
    enabled: row.enabled,
    credentials: credentialsView(row.credentials),
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
  };
}

function lastJobView(job: SourceSummary['lastJob']) {
  return job && { id: job.id, status: job.status, createdAt: iso(job.createdAt), finishedAt: iso(job.finishedAt) };
}

export function sourceSummaryView(row: SourceSummary) {
  return { ...sourceView(row), datasets: row.datasets, lastJob: lastJobView(row.lastJob) };
}

export function publicSourceView(row: SourceSummary) {
  return { id: row.id, name: row.name, url: row.url, protocol: row.protocol, datasets: row.datasets, lastHarvest: lastJobView(row.lastJob) };
}

export function jobView(row: JobRow) {
  return {
    id: row.id,
    sourceId: row.sourceId,
    status: row.status,
    trigger: row.trigger,
    createdAt: iso(row.createdAt),
    startedAt: iso(row.startedAt),
    finishedAt: iso(row.finishedAt),
    complete: row.complete,
    pages: row.pages,
    total: row.total,
    counts: row.counts,
    error: row.error,
  };
}

export function jobErrorView(error: JobError) {
  return { ...error, createdAt: iso(error.createdAt) };
}

/** Where moisson publishes things: its base URL, without a trailing slash. */
export class Links {
  readonly base: string;
  constructor(publicUrl: string) {
    this.base = publicUrl.replace(/\/+$/, '');
  }
  dataset(id: string): string {
    return `${this.base}/api/datasets/${id}`;
  }
  raw(id: string): string {
    return `${this.dataset(id)}/raw`;
  }
}

export function originView(origin: Origin, links: Links) {
  return { ...origin, links: { self: links.dataset(origin.id) } };
}

/** A list item: the cluster's primary, with the other members of its cluster as origins. */
export function searchItemView(hit: SearchHit, origins: readonly Origin[], links: Links) {
  return {
    ...datasetItemView(hit, links),
    quality: hit.quality,
    loop: hit.loop,
    origins: origins.filter((o) => o.id !== hit.id).map((o) => originView(o, links)),
  };
}

export function datasetItemView(row: DatasetRow, links: Links) {
  return {
    id: row.id,
    title: row.title,
    source: row.source,
    remoteId: row.remoteId,
    remoteUrl: row.remoteUrl,
    status: row.status,
    modified: row.data.modified ?? row.remoteModified,
    lastChanged: iso(row.lastChanged),
    links: { self: links.dataset(row.id) },
  };
}

export function datasetDetailView(row: DatasetRow, links: Links, catalogTitle: string) {
  return { ...datasetDescription(row, links, catalogTitle), links: { self: links.dataset(row.id), raw: links.raw(row.id) } };
}

/** The detail of a dataset with its search-side facts: quality, loop flag and every linked dataset. */
export function datasetHitView(hit: SearchHit, origins: readonly Origin[], links: Links, catalogTitle: string) {
  return {
    ...datasetDescription(hit, links, catalogTitle),
    quality: hit.quality,
    loop: hit.loop,
    origins: origins.map((o) => originView(o, links)),
    links: { self: links.dataset(hit.id), raw: links.raw(hit.id) },
  };
}

/** The whole chain of a stored dataset: upstream hops, its source, moisson. */
export function storedChain(row: DatasetRow, links: Links, catalogTitle: string): ProvenanceHop[] {
  const dates = { firstSeen: iso(row.firstSeen), lastSeen: iso(row.lastSeen), lastChanged: iso(row.lastChanged) };
  return completeChain(
    row.chain,
    { source: row.source, remoteId: row.remoteId, remoteUrl: row.remoteUrl, remoteModified: row.remoteModified, ...dates },
    { title: catalogTitle, url: links.base, recordUrl: links.dataset(row.id), recordId: row.id },
  );
}

function datasetDescription(row: DatasetRow, links: Links, catalogTitle: string) {
  const dates = { firstSeen: iso(row.firstSeen), lastSeen: iso(row.lastSeen), lastChanged: iso(row.lastChanged) };
  const chain = storedChain(row, links, catalogTitle);
  return {
    id: row.id,
    status: row.status,
    dataset: row.data,
    source: row.source,
    remoteId: row.remoteId,
    remoteUrl: row.remoteUrl,
    remoteModified: row.remoteModified,
    ...dates,
    archivedAt: iso(row.archivedAt),
    hash: row.hash,
    chain,
  };
}

