import {
  emptyDataset,
  InvalidRecord,
  isHttpUrl,
  languageIri,
  languageTag,
  normaliseDate,
  resolveFrequency,
  resolveLicense,
  stripHtml,
  unique,
  type Concept,
  type Identifier,
  type Location,
  type NormaliseContext,
  type NormalisedRecord,
  type Text,
} from '@moisson/core';
import { portalRoot, type OdsConfig } from './config.js';
import { distributions } from './exports.js';
import { federationChain, odsDatasetUrl, upstreamOf } from './federation.js';
import { num, str, strList, type JsonObject } from './json.js';
import { viewOf, type OdsView } from './metas.js';
import { agent, attributions, contactPoints, creators } from './parties.js';
import { defaultLocations, inspireLocation, placeLocations, uniqueLocations } from './spatial.js';
import { parseTemporal } from './temporal.js';
import { themeConcepts } from './themes.js';
import type { OdsDataset } from './types.js';

const INSPIRE_THEMES = 'http://inspire.ec.europa.eu/theme';

/** One ODS dataset (v2.1 or v1) to DCAT-AP, with the hops before the portal. Pure. */
export function normaliseOds(raw: OdsDataset, ctx: NormaliseContext<Partial<OdsConfig>>): NormalisedRecord {
  const view = viewOf(raw);
  const { def, dcat, inspire } = view;
  const portal = portalRoot(ctx.source.url);
  const title = str(def['title']);
  if (!title) throw new InvalidRecord(`ODS dataset ${view.id} has no title (${portal})`, view.id);

  const lang = languageTag(str(def['language']) ?? ctx.config?.lang);
  const tagged = (value: string): Text => (lang ? { value, lang } : { value });
  const landing = odsDatasetUrl(portal, view.id);
  const d = emptyDataset();
  d.uri = landing;
  d.identifiers = [landing];
  d.otherIdentifiers = identifiers(view, portal);
  d.title = [tagged(title)];

  const html = str(def['description']);
  if (html) {
    const plain = stripHtml(html);
    if (plain) d.description = [tagged(plain)];
    if (plain !== html) d.extras['ods:description_html'] = html;
  }
  d.keywords = unique(strList(def['keyword']).flatMap((k) => (Array.isArray(def['keyword']) ? [k] : k.split(',')))).map((k) => k.trim()).filter(Boolean).map(tagged);
  d.themes = [...themeConcepts(def['theme'], lang), ...inspireThemes(inspire)];

  const license = resolveLicense(str(def['license_url']), str(def['license']));
  if (license) d.license = { ...license, label: str(def['license']) ?? license.label };
  const publisherName = str(def['publisher']);
  if (publisherName) d.publisher = agent(publisherName);
  d.creators = creators(dcat);
  d.contactPoints = contactPoints(dcat, inspire);
  d.attributions = attributions(def, dcat);
  const credits = strList(def['attributions']);
  if (credits.length) d.rights = credits.map((value) => ({ value }));

  const modified = normaliseDate(def['modified']);
  if (modified) d.modified = modified;
  const issued = normaliseDate(dcat['issued']);
  if (issued) d.issued = issued;
  const language = languageIri(str(def['language']));
  if (language) d.languages = [language];
  d.landingPages = [landing];

  const references = strList(def['references']);
  const referenceUrls = references.flatMap(urlsIn);
  d.pages = unique(referenceUrls);
  d.provenance = references.filter((r) => !isHttpUrl(r.trim())).map(tagged);
  const quality = str(dcat['dataquality']);
  if (quality) d.provenance.push(tagged(stripHtml(quality)));

  const frequency = resolveFrequency(str(dcat['accrualperiodicity']));
  if (frequency) d.accrualPeriodicity = frequency;
  d.spatial = spatial(view, lang);
  d.temporal = strList(dcat['temporal']).map(parseTemporal);
  const type = str(inspire['type']) ?? str(inspire['hierarchy_level']);
  if (type) d.type = { notation: type, label: [{ value: type }], scheme: 'http://inspire.ec.europa.eu/metadata-codelist/ResourceType' };
  d.extras = { ...d.extras, ...extras(view) };

  const dataModified = normaliseDate(def['data_processed']) ?? modified;
  d.distributions = distributions({ portal, view, ...(d.license ? { license: d.license } : {}), ...(dataModified ? { modified: dataModified } : {}) });

  const remoteModified = normaliseDate(def['metadata_processed']) ?? modified;
  return {
    remoteId: view.id,
    remoteUrl: landing,
    ...(remoteModified ? { remoteModified } : {}),
    dataset: d,
    chain: federationChain(view, portal, referenceUrls, d.publisher),
  };
}

/** The dataset id and uid on this portal, the INSPIRE file identifier, the federated source's IRI. */
function identifiers(view: OdsView, portal: string): Identifier[] {
  const host = new URL(portal).host;
  const out: Identifier[] = [{ notation: view.id, scheme: 'ods', creator: host }];
  if (view.uid) out.push({ notation: view.uid, scheme: 'ods-uid', creator: host });
  const fileId = str(view.inspire['file_identifier']);
  if (fileId) out.push({ notation: fileId, scheme: 'inspire' });
  const upstream = upstreamOf(view);
  if (upstream) {
    out.push({ notation: odsDatasetUrl(`https://${upstream.host}`, upstream.datasetId), scheme: 'url', creator: upstream.host });
  }
  return out;
}

function inspireThemes(inspire: JsonObject): Concept[] {
  return strList(inspire['theme']).map((value) => ({ label: [{ value }], notation: value, scheme: INSPIRE_THEMES }));
}

/** Boxes first (INSPIRE, then ODS's own), then named places (territory, dcat.spatial). */
function spatial(view: OdsView, lang: string | undefined): Location[] {
  const inspire = inspireLocation(view.inspire);
  const places = placeLocations([view.def['territory'], view.dcat['spatial']], lang);
  return uniqueLocations([...(inspire ? [inspire] : []), ...defaultLocations(view.def), ...places]);
}

/** ODS values with no DCAT-AP slot that users still ask for. */
function extras(view: OdsView): Record<string, unknown> {
  const { def, dcat } = view;
  const out: Record<string, unknown> = {};
  const put = (key: string, value: unknown) => {
    if (value !== undefined && !(Array.isArray(value) && value.length === 0)) out[key] = value;
  };
  put('ods:api', view.api === 'v1' ? 'v1' : 'v2.1');
  put('ods:records_count', num(def['records_count']));
  put('ods:features', view.features);
  put('ods:has_records', view.hasRecords);
  put('ods:timezone', str(def['timezone']));
  put('ods:data_processed', normaliseDate(def['data_processed']));
  put('ods:metadata_processed', normaliseDate(def['metadata_processed']));
  put('ods:geographic_reference', strList(def['geographic_reference']));
  put('ods:created', normaliseDate(dcat['created']));
  put('ods:granularity', str(dcat['granularity']));
  put('ods:shared_catalog', str(def['shared_catalog']));
  if (def['federated'] === true) put('ods:federated', true);
  put('ods:references', str(def['references']));
  put('ods:license_url', str(def['license_url']));
  return out;
}

/** http(s) URLs in a `references` value (a URL alone, or URLs inside a sentence). */
function urlsIn(text: string): string[] {
  const trimmed = text.trim();
  if (isHttpUrl(trimmed)) return [trimmed];
  const found: string[] = text.match(/https?:\/\/[^\s<>"')\]]+/g) ?? [];
  return found.map((u) => u.replace(/[.,;:]+$/, '')).filter((u) => isHttpUrl(u));
}
