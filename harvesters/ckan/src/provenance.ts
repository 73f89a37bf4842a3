import { isHttpUrl, normaliseDate, type ProvenanceHop } from '@moisson/core';
import type { PackageFields } from './extras.js';
import { isObject, parseJsonText, str } from './json.js';

/** Extras that say the CKAN site harvested the package from elsewhere. */
const HARVEST_SIGNS = [
  'harvest_object_id', 'harvest_source_id', 'harvest_source_title', 'harvest_url', 'harvest_source_url', 'harvest_portal',
  'source_catalog_title', 'source_catalog_homepage', 'spatial_harvester', 'source_datajson_identifier',
];

/**
 * The hop before the CKAN site, when the package was itself harvested: ckanext-harvest
 * (`harvest_*`), ckanext-dcat (`source_catalog_*`, `guid` = upstream IRI), ckanext-spatial
 * (`spatial_harvester`, `guid` = ISO fileIdentifier, `metadata-date`), ckanext-datajson.
 * Empty when nothing says so: the site is then the producer.
 */
export function readChain(fields: PackageFields): ProvenanceHop[] {
  if (!HARVEST_SIGNS.some((key) => fields.has(key))) return [];
  const hop: ProvenanceHop = { catalog: {}, role: 'origin' };
  const title = fields.text('source_catalog_title', 'harvest_source_title', 'harvest_portal');
  if (title) hop.catalog.title = title;
  const catalogUrl = [fields.text('source_catalog_homepage'), fields.text('harvest_source_url'), fields.text('harvest_url')].find(isHttpUrl);
  if (catalogUrl) hop.catalog.url = catalogUrl;
  // ckanext-datajson's `source_datajson_identifier` is a flag ("true"): the data.json id is `identifier`.
  const recordId = fields.text('guid') ?? (fields.has('source_datajson_identifier') ? fields.text('identifier') : undefined);
  if (recordId) hop.recordId = recordId;
  const recordUrl = fields.text('source_url');
  if (recordUrl && isHttpUrl(recordUrl)) hop.recordUrl = recordUrl;
  const modified = normaliseDate(fields.text('metadata-date'));
  if (modified) hop.modified = modified;
  const publisher = catalogPublisher(fields.value('source_catalog_publisher'));
  if (publisher) hop.publisher = publisher;
  const protocol = protocolOf(fields);
  if (protocol) hop.protocol = protocol;
  return [hop];
}

function protocolOf(fields: PackageFields): string | undefined {
  if (fields.has('spatial_harvester')) return 'iso19139';
  if (fields.has('source_catalog_title') || fields.has('source_catalog_homepage')) return 'dcat';
  if (fields.has('source_datajson_identifier') || fields.has('source_schema_version')) return 'datajson';
  return undefined;
}

function catalogPublisher(value: unknown): ProvenanceHop['publisher'] {
  const parsed = typeof value === 'string' ? parseJsonText(value) : value;
  if (!isObject(parsed)) return undefined;
  const name = str(parsed['name']);
  if (!name) return undefined;
  const uri = str(parsed['uri']);
  const email = str(parsed['email']);
  return { name: [{ value: name }], ...(uri && isHttpUrl(uri) ? { uri } : {}), ...(email ? { email } : {}) };
}
