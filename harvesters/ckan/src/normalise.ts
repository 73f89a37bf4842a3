import {
  InvalidRecord,
  SkipRecord,
  emptyDataset,
  isHttpUrl,
  languageIri,
  normaliseDate,
  resolveDataTheme,
  resolveFrequency,
  resolveLicense,
  stripHtml,
  texts,
  unique,
  uniqueTexts,
  type Concept,
  type Identifier,
  type License,
  type NormaliseContext,
  type NormalisedRecord,
  type Text,
} from '@moisson/core';
import { readParties } from './agents.js';
import type { CkanConfig } from './config.js';
import { readSpatial, readTemporal } from './coverage.js';
import { PackageFields } from './extras.js';
import { isObject, objects, str } from './json.js';
import { readChain } from './provenance.js';
import { readResources } from './resources.js';
import { siteRoot } from './site.js';
import type { CkanPackage } from './types.js';

/** Package types that are not datasets (ckanext-harvest sources, ckanext-showcase). */
const NOT_DATASETS = new Set(['harvest', 'showcase']);
/** CKAN licence ids that mean "no licence given": kept as rights text, not as a licence. */
const NO_LICENSE = new Set(['notspecified', 'other-open', 'other-at', 'other-closed', 'other-nc']);
const ACCESS_RIGHTS = 'http://publications.europa.eu/resource/authority/access-right/';
/** data.gov `accessLevel` and ckanext-dcat `access_rights` words, to access-right NAL codes. */
const ACCESS_LEVELS: Record<string, string> = { public: 'PUBLIC', 'restricted public': 'RESTRICTED', restricted: 'RESTRICTED', 'non-public': 'NON_PUBLIC' };

/** Texts from a scheming `*_translated` dict (`{"fr": "…", "en": "…"}`; lists for tags). */
function translated(value: unknown): Text[] {
  if (!isObject(value)) return [];
  return Object.entries(value).flatMap(([lang, v]) => texts(v, lang.toLowerCase()));
}

/** Untagged texts get the configured site language; translated ones keep theirs. */
function localised(plain: Text[], dict: Text[], lang: string | undefined): Text[] {
  const tagged = lang ? plain.map((t) => ({ ...t, lang })) : plain;
  if (!dict.length) return tagged;
  return uniqueTexts([...dict, ...tagged.filter((t) => !dict.some((d) => d.value === t.value))]);
}

/** CKAN `notes` is Markdown, but harvested packages (data.gov, ISO) often carry HTML. */
function description(notes: unknown): string | undefined {
  const text = str(notes);
  if (!text) return undefined;
  return /<\/?(p|br|div|span|a|ul|li|b|strong|em|i)\b[^>]*>/i.test(text) ? stripHtml(text) : text;
}

function tagTexts(pkg: CkanPackage): Text[] {
  return objects(pkg['tags'])
    .map((t) => str(t['display_name']) ?? str(t['name']))
    .concat(Array.isArray(pkg['tags']) ? pkg['tags'].filter((t): t is string => typeof t === 'string') : [])
    .flatMap((t) => texts(t));
}

function groupThemes(pkg: CkanPackage, site: string): Concept[] {
  return objects(pkg['groups']).flatMap((group): Concept[] => {
    const name = str(group['name']);
    const title = str(group['title']) ?? str(group['display_name']) ?? name;
    if (!title) return [];
    const known = resolveDataTheme(name) ?? resolveDataTheme(title);
    if (known) return [{ ...known, label: texts(title) }];
    return [{ ...(name ? { uri: `${site}/group/${encodeURIComponent(name)}`, notation: name } : {}), label: texts(title) }];
  });
}

function themeConcept(value: string): Concept {
  const known = resolveDataTheme(value);
  if (known) return known;
  return isHttpUrl(value) ? { uri: value } : { label: texts(value), notation: value };
}

function identifierScheme(value: string): string | undefined {
  if (/^(https?:\/\/(dx\.)?doi\.org\/|doi:)?10\.\d{4,9}\//i.test(value)) return 'doi';
  if (/^(urn:uuid:)?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value)) return 'uuid';
  if (isHttpUrl(value)) return 'url';
  return undefined;
}

function datasetLicense(pkg: CkanPackage, fields: PackageFields): { license?: License; rights?: Text[] } {
  const id = str(pkg['license_id']);
  const title = str(pkg['license_title']);
  const url = str(pkg['license_url']);
  const rights = texts(fields.text('rights'));
  if (id && NO_LICENSE.has(id.toLowerCase()) && !url) {
    // ckanext-spatial keeps the ISO record's own licence text in a `licence` extra.
    const declared = resolveLicense(...fields.list('license', 'licence'));
    return { ...(declared ? { license: declared } : {}), rights: uniqueTexts([...texts(title ?? id), ...rights]) };
  }
  const license = resolveLicense(title, id, url) ?? resolveLicense(...fields.list('license', 'licence'));
  return { ...(license ? { license } : {}), ...(rights.length ? { rights } : {}) };
}

function accessRights(value: string | undefined): Concept | undefined {
  if (!value) return undefined;
  const text: string = value;
  if (isHttpUrl(value)) return { uri: value };
  const code = ACCESS_LEVELS[text.toLowerCase()];
  if (code) return { uri: ACCESS_RIGHTS + code, notation: text };
  return { label: texts(text), notation: text };
}

/** A CKAN package (`package_search` row or `package_show` result) as a DCAT-AP dataset. */
export function normaliseCkanPackage(pkg: CkanPackage, ctx: NormaliseContext<CkanConfig>): NormalisedRecord {
  const id = str(pkg['id']);
  const name = str(pkg['name']);
  const lang = ctx.config?.language;
  const title = localised(texts(pkg['title']), translated(pkg['title_translated']), lang);
  const missing = [!id && 'id', !title.length && 'title'].filter(Boolean);
  if (missing.length) throw new InvalidRecord(`CKAN package ${id ?? name ?? '(no id, no name)'} has no ${missing.join(' and no ')}`, id ?? name);
  const remoteId = id as string;
  const type = str(pkg['type'])?.toLowerCase();
  if (type && NOT_DATASETS.has(type)) throw new SkipRecord(`CKAN package ${remoteId} is a ${type}, not a dataset`, remoteId);
  // DKAN writes `Active`, CKAN `active`.
  const state = str(pkg['state'])?.toLowerCase();
  if (state && state !== 'active') throw new SkipRecord(`CKAN package ${remoteId} is ${state}`, remoteId);

  const site = siteRoot(ctx.source.url);
  const page = `${site}/dataset/${encodeURIComponent(name ?? remoteId)}`;
  const fields = new PackageFields(pkg);
  const dataset = emptyDataset(type === 'dataset_series' || type === 'dataset-series' ? 'DatasetSeries' : 'Dataset');

  dataset.title = title;
  dataset.description = localised(texts(description(pkg['notes'])), translated(pkg['notes_translated']), lang);
  const tagDict = translated(pkg['tags_translated']);
  dataset.keywords = tagDict.length ? uniqueTexts(tagDict) : localised(uniqueTexts(tagTexts(pkg)), [], lang);

  const uri = fields.text('uri') ?? str(pkg['uri']);
  if (uri && isHttpUrl(uri)) dataset.uri = uri;
  const guid = fields.text('guid');
  const identifier = fields.text('identifier', 'dct_identifier') ?? guid ?? remoteId;
  dataset.identifiers = [identifier];
  const others: Identifier[] = [{ notation: remoteId, scheme: 'ckan', creator: site }];
  if (guid && guid !== identifier) others.push({ notation: guid });
  for (const alt of fields.list('alternate_identifier')) {
    if (alt === identifier || others.some((o) => o.notation === alt)) continue;
    const scheme = identifierScheme(alt);
    others.push(scheme ? { notation: alt, scheme } : { notation: alt });
  }
  dataset.otherIdentifiers = others;

  const parties = readParties(fields, pkg, site);
  if (parties.publisher) dataset.publisher = parties.publisher;
  dataset.creators = parties.creators;
  dataset.contactPoints = parties.contactPoints;
  dataset.attributions = parties.attributions;

  dataset.themes = uniqueConcepts([...groupThemes(pkg, site), ...fields.list('theme').map(themeConcept)]);
  const { license, rights } = datasetLicense(pkg, fields);
  if (license) dataset.license = license;
  if (rights) dataset.rights = rights;
  const access = accessRights(fields.text('access_rights', 'accessLevel') ?? fields.list('access_constraints')[0]);
  if (access) dataset.accessRights = access;

  const issued = normaliseDate(fields.text('issued')) ?? normaliseDate(pkg['metadata_created']);
  if (issued) dataset.issued = issued;
  const modified = normaliseDate(fields.text('modified')) ?? normaliseDate(pkg['metadata_modified']);
  if (modified) dataset.modified = modified;
  const frequency = resolveFrequency(fields.text('frequency', 'accrual_periodicity', 'accrualPeriodicity', 'frequency-of-update')?.replace(/^R\//i, ''));
  if (frequency) dataset.accrualPeriodicity = frequency;
  dataset.languages = unique(fields.list('language').flatMap((l) => l.split(/\s*[,;]\s*/)).map(languageIri).filter((l): l is string => !!l));
  dataset.landingPages = unique([str(pkg['url']), fields.text('landingPage')].filter(isHttpUrl));
  dataset.pages = unique(fields.list('documentation').filter(isHttpUrl));
  dataset.conformsTo = unique(fields.list('conforms_to'));
  const version = str(pkg['version']);
  if (version) dataset.version = version;
  dataset.provenance = texts(fields.text('provenance', 'lineage'));
  const dcatType = fields.text('dcat_type');
  if (dcatType) dataset.type = isHttpUrl(dcatType) ? { uri: dcatType } : { label: texts(dcatType), notation: dcatType };
  dataset.relations = unique(fields.list('related_resource', 'has_version', 'is_version_of', 'source', 'references').filter(isHttpUrl));
  const inSeries = fields.list('in_series');
  if (inSeries.length) dataset.inSeries = inSeries;
  dataset.spatial = readSpatial(fields);
  dataset.temporal = readTemporal(fields);
  dataset.distributions = readResources(pkg['resources'], page, license);

  const chain = readChain(fields);
  // Read only when `spatial` has no geometry; the same box either way.
  fields.consume('bbox-east-long', 'bbox-north-lat', 'bbox-south-lat', 'bbox-west-long');
  fields.consume('harvest_source_url', 'harvest_url', 'source_url', 'metadata-date', 'spatial_harvester', 'source_catalog_publisher');
  dataset.extras = { ...(name ? { 'ckan:name': name } : {}), ...fields.unread() };

  const remoteModified = normaliseDate(pkg['metadata_modified']);
  return { remoteId, remoteUrl: page, ...(remoteModified ? { remoteModified } : {}), dataset, chain };
}

function uniqueConcepts(concepts: Concept[]): Concept[] {
  const seen = new Set<string>();
  return concepts.filter((c) => {
    const key = c.uri ?? c.notation ?? c.label?.[0]?.value ?? '';
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
