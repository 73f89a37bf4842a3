import {
  emptyDataset,
  emptyDistribution,
  filterValues,
  InvalidRecord,
  isHttpUrl,
  normaliseDate,
  resolveDataTheme,
  resolveFormat,
  resolveLicense,
  SkipRecord,
  texts,
  unique,
  uniqueTexts,
  type Agent,
  type Concept,
  type Distribution,
  type NormaliseContext,
  type NormalisedRecord,
  type ProvenanceHop,
} from '@moisson/core';
import { dwcArchive, emlDocument, mergeDistributions } from '../distributions.js';
import { doiIri, uniqueIdentifiers } from '../eml/identifiers.js';
import { normaliseEml } from '../eml/normalise.js';
import { iptResource } from '../ipt/urls.js';
import { str, strList, type JsonObject } from '../json.js';
import type { GbifConfig } from './config.js';
import type { GbifRecord } from './types.js';

const GBIF = 'https://www.gbif.org';

/**
 * One registry dataset → DCAT-AP: the EML document when there is one (the richest
 * description), the registry's own facts on top (key, DOI, publishing organisation, endpoints),
 * and the chain publisher → IPT installation. Exclude filters are applied here.
 */
export function normaliseGbif(raw: GbifRecord, ctx: NormaliseContext<GbifConfig>): NormalisedRecord {
  const search = raw.search;
  const key = str(search['key']);
  if (!key) throw new InvalidRecord('a GBIF search result without a key');
  const record = raw.eml !== null ? fromEml(raw.eml, key) : fromSearch(search, key);
  const d = record.dataset;

  d.identifiers = [key];
  const doi = doiIri(str(search['doi']));
  d.otherIdentifiers = uniqueIdentifiers([
    { notation: key, scheme: 'gbif', creator: 'GBIF' },
    ...(doi ? [{ notation: doi, scheme: 'doi' }] : []),
    ...d.otherIdentifiers.filter((id) => !(id.scheme === 'gbif' && id.notation === key)),
  ]);
  const landing = `${GBIF}/dataset/${key}`;
  d.landingPages = unique([landing, ...d.landingPages]);
  const publisher = publishingOrganisation(search);
  if (publisher) d.publisher = publisher;
  if (d.title.length === 0) d.title = texts(search['title']);
  if (d.description.length === 0) d.description = texts(search['description']);
  d.keywords = uniqueTexts([...d.keywords, ...strList(search['keywords']).map((value) => ({ value }))]);
  if (!d.license) {
    const license = resolveLicense(str(search['license']));
    if (license) d.license = license;
  }
  const type = str(search['type']);
  if (type) d.type = { notation: type, label: [{ value: type }], scheme: 'http://rs.gbif.org/vocabulary/gbif/dataset_type' };
  const recordCount = search['recordCount'];
  if (typeof recordCount === 'number') d.extras['gbif:recordCount'] = recordCount;
  d.distributions = mergeDistributions([raw.endpoints.map(endpointDistribution).filter((x): x is Distribution => !!x), d.distributions], d.license);

  applyExcludes(ctx, search, record, key);
  const chain = chainOf(search, raw.endpoints, publisher);
  const modified = record.remoteModified ?? normaliseDate(str(search['modified']));
  return { ...record, remoteId: key, remoteUrl: landing, chain, ...(modified ? { remoteModified: modified } : {}) };
}

function fromEml(eml: string, key: string): NormalisedRecord {
  try {
    return normaliseEml(eml);
  } catch (error) {
    if (error instanceof InvalidRecord) throw new InvalidRecord(`GBIF dataset ${key}: ${error.message}`, key, { cause: error });
    throw error;
  }
}

/** Without an EML document the search result is all we know. */
function fromSearch(search: JsonObject, key: string): NormalisedRecord {
  const dataset = emptyDataset();
  dataset.title = texts(search['title']);
  if (dataset.title.length === 0) throw new InvalidRecord(`GBIF dataset ${key} has no title and no EML document`, key);
  dataset.description = texts(search['description']);
  dataset.themes = [resolveDataTheme('ENVI') as Concept];
  return { remoteId: key, dataset, chain: [] };
}

function publishingOrganisation(search: JsonObject): Agent | undefined {
  const orgKey = str(search['publishingOrganizationKey']);
  const title = str(search['publishingOrganizationTitle']);
  if (!orgKey && !title) return undefined;
  const agent: Agent = { name: title ? [{ value: title }] : [{ value: orgKey as string }] };
  if (orgKey) {
    agent.uri = `${GBIF}/publisher/${orgKey}`;
    agent.identifier = orgKey;
  }
  return agent;
}

/** A registry endpoint as a distribution: the DwC-A as a ZIP, the EML as XML, the others by their URL. */
export function endpointDistribution(endpoint: JsonObject): Distribution | undefined {
  const url = str(endpoint['url']);
  const type = str(endpoint['type'])?.toUpperCase();
  if (!url || !isHttpUrl(url)) return undefined;
  const d = type === 'DWC_ARCHIVE' ? dwcArchive(url) : type === 'EML' ? emlDocument(url) : other(url, type);
  const id = str(endpoint['key']);
  if (id) d.remoteId = id;
  const description = str(endpoint['description']);
  if (description) d.description = [{ value: description }];
  const modified = normaliseDate(str(endpoint['modified']));
  if (modified) d.modified = modified;
  return d;
}

function other(url: string, type: string | undefined): Distribution {
  const d = emptyDistribution();
  d.title = [{ value: type ?? 'Endpoint' }];
  d.accessURL = [url];
  const format = resolveFormat(type);
  if (format.format) d.format = format.format;
  return d;
}

/** publishing organisation (origin) → IPT installation, when the registry reveals one. GBIF itself is the source hop. */
function chainOf(search: JsonObject, endpoints: JsonObject[], publisher: Agent | undefined): ProvenanceHop[] {
  const chain: ProvenanceHop[] = [];
  const orgKey = str(search['publishingOrganizationKey']);
  if (orgKey || publisher) {
    const title = str(search['publishingOrganizationTitle']);
    chain.push({
      role: 'origin',
      catalog: { ...(title ? { title } : {}), ...(orgKey ? { url: `${GBIF}/publisher/${orgKey}` } : {}) },
      ...(publisher ? { publisher } : {}),
    });
  }
  const ipt = endpoints.map((e) => iptResource(str(e['url']))).find((r) => r !== undefined);
  const installationKey = str(search['installationKey']);
  if (ipt) {
    chain.push({
      role: 'intermediate',
      catalog: { url: ipt.base },
      recordId: ipt.shortName,
      recordUrl: ipt.resourceUrl,
      protocol: 'ipt',
    });
  } else if (installationKey) {
    chain.push({ role: 'intermediate', catalog: { url: `${GBIF}/installation/${installationKey}` } });
  }
  return chain;
}

const FILTER_FIELDS: Record<string, (search: JsonObject, record: NormalisedRecord) => string[]> = {
  publishingCountry: (s) => strList(s['publishingCountry']),
  publishingOrg: (s) => strList(s['publishingOrganizationKey']),
  hostingOrg: (s) => strList(s['hostingOrganizationKey']),
  type: (s) => strList(s['type']),
  keyword: (_s, r) => [...r.dataset.keywords.map((k) => k.value), ...r.dataset.themes.flatMap((t) => (t.label ?? []).map((l) => l.value))],
};

/** The registry search only includes; exclusions are checked on the record. */
function applyExcludes(ctx: NormaliseContext<GbifConfig>, search: JsonObject, record: NormalisedRecord, key: string): void {
  for (const [filterKey, read] of Object.entries(FILTER_FIELDS)) {
    const excluded = filterValues(ctx.filters, filterKey, 'exclude').map((v) => v.trim().toLowerCase());
    if (excluded.length === 0) continue;
    const hit = read(search, record).find((v) => excluded.includes(v.toLowerCase()));
    if (hit) throw new SkipRecord(`excluded by the ${filterKey} filter (${hit})`, key);
  }
}

