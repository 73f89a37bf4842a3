import { isOpenLicense, type Dataset } from '@moisson/core';
import type { Fold } from './text-fold.js';

/**
 * What the search row of a dataset holds beyond the row itself: facet values with their labels,
 * the quality score, the sort date, the bounding box. Computed in the worker when the page is
 * written, so the per-row index trigger only builds the full-text vector (migration 007).
 *
 * This is `moisson_search_fields(data, remote_modified)` of migration 007, written again in
 * TypeScript: a parity test holds the two together on every fixture-derived dataset. Where this
 * side cannot be sure to agree with PostgreSQL (a date in a form it does not parse strictly),
 * `searchFields` returns undefined and the trigger computes the row in SQL.
 */
export interface SearchFields {
  /** ISO instant (UTC) of `dct:modified`, else of the record's remote modification date. */
  modified: string | null;
  publisher_uri: string | null;
  publisher_label: string | null;
  themes: string[];
  theme_labels: (string | null)[];
  keywords: string[];
  keyword_labels: string[];
  formats: string[];
  format_labels: (string | null)[];
  licenses: string[];
  license_labels: (string | null)[];
  languages: string[];
  /** PostgreSQL `box` input: `(east,north),(west,south)`. */
  bbox: string | null;
  quality: number;
  quality_criteria: Record<QualityCriterion, boolean>;
}

const WEIGHTS = {
  title: 5,
  description: 15,
  keywords: 10,
  themes: 5,
  publisher: 10,
  contactPoint: 5,
  license: 5,
  openLicense: 10,
  distributions: 10,
  openFormat: 10,
  temporal: 3,
  spatial: 3,
  updateFrequency: 4,
  upToDate: 5,
} as const;
export type QualityCriterion = keyof typeof WEIGHTS;

const DAY = 86_400_000;
const FREQUENCY_DAYS: Record<string, number> = {
  CONT: 2, HOURLY: 2, DAILY: 2, WEEKLY: 8, BIWEEKLY: 15, MONTHLY: 32, MONTHLY_2: 16,
  QUARTERLY: 93, ANNUAL_2: 184, ANNUAL: 366, BIENNIAL: 731,
};

const OPEN_FILE_TYPES = new Set([
  'CSV', 'TSV', 'JSON', 'GEOJSON', 'JSON_LD', 'XML', 'RDF', 'RDF_XML', 'RDF_TURTLE', 'TURTLE', 'N_TRIPLES', 'N3',
  'ODS', 'ODT', 'TXT', 'GML', 'KML', 'GPKG', 'SHP', 'PARQUET', 'NETCDF', 'GEOTIFF', 'TIFF', 'PNG', 'JPEG', 'HTML', 'ATOM', 'WMS_SRVC', 'WFS_SRVC', 'ZIP',
]);
const OPEN_MEDIA_TYPES = new Set([
  'text/csv', 'application/json', 'application/geo+json', 'application/ld+json', 'application/xml', 'text/xml',
  'application/rdf+xml', 'text/turtle', 'application/n-triples', 'application/vnd.oasis.opendocument.spreadsheet',
  'text/plain', 'application/gml+xml', 'application/vnd.google-earth.kml+xml', 'application/geopackage+sqlite3',
  'application/vnd.apache.parquet', 'application/x-netcdf', 'image/tiff', 'image/png', 'image/jpeg', 'text/html',
]);

type Json = Record<string, unknown>;

/** This side cannot tell what PostgreSQL would make of a value. */
const UNSURE = Symbol('unsure');

/** The search fields of a dataset, or undefined when PostgreSQL must compute them. */
export function searchFields(data: Dataset, remoteModified: string | undefined, fold: Fold, now = new Date()): SearchFields | undefined {
  const d = data as unknown as Json;
  const modified = instant(d.modified);
  if (modified === UNSURE) return undefined;
  const remote = modified === null ? instant(remoteModified) : null;
  if (remote === UNSURE) return undefined;
  const bbox = boundingBox(list(d.spatial));
  if (bbox === UNSURE) return undefined;
  const publisher = isObject(d.publisher) ? d.publisher : undefined;
  const distributions = list(d.distributions).filter(isObject);
  const themes = facet(list(d.themes).filter(isObject).map((t) => [
    str(t.uri) ?? str(t.notation) ?? preferredText(t.label),
    preferredText(t.label) ?? str(t.notation) ?? lastSegment(str(t.uri)),
  ]));
  const keywords = facet(list(d.keywords).filter(isObject).map((t) => {
    const value = str(t.value);
    const trimmed = value === undefined ? undefined : trimSpaces(value);
    const key = trimmed === undefined ? undefined : fold(trimmed);
    return [key === '' ? undefined : key, trimmed];
  }));
  const formats = facet(distributions.map((t) => {
    const format = isObject(t.format) ? t.format : undefined;
    const named = str(format?.notation) ?? preferredText(format?.label);
    return [
      str(format?.uri) ?? (named === undefined ? undefined : upperCase(named)) ?? str(t.mediaType),
      preferredText(format?.label) ?? str(format?.notation) ?? str(t.mediaType),
    ];
  }));
  const licenses = facet([d.license, ...distributions.map((t) => t.license)].filter(isObject).map((t) => [
    str(t.uri) ?? str(t.label),
    str(t.label) ?? str(t.uri),
  ]));
  return {
    modified: (modified ?? remote)?.toISOString() ?? null,
    publisher_uri: str(publisher?.uri) ?? null,
    publisher_label: preferredText(publisher?.name) ?? null,
    themes: themes.values,
    theme_labels: themes.labels,
    keywords: keywords.values,
    keyword_labels: keywords.labels as string[],
    formats: formats.values,
    format_labels: formats.labels,
    licenses: licenses.values,
    license_labels: licenses.labels,
    languages: [...new Set(list(d.languages).filter((l): l is string => typeof l === 'string'))].sort(byCodePoint),
    bbox,
    ...quality(d, distributions, modified, now),
  };
}

function quality(d: Json, distributions: Json[], modified: Date | null, now: Date): Pick<SearchFields, 'quality' | 'quality_criteria'> {
  const n = distributions.length;
  const license = (x: Json) => x.license !== undefined;
  const openLicense = (x: Json) => isOpenLicense(isObject(x.license) ? str(x.license.uri) : undefined);
  const reachable = (x: Json) => list(x.accessURL).length + list(x.downloadURL).length > 0;
  const frequency = isObject(d.accrualPeriodicity) ? str(d.accrualPeriodicity.uri) : undefined;
  const period = FREQUENCY_DAYS[frequency?.match(/\/frequency\/([A-Z_0-9]+)$/)?.[1] ?? ''];
  const criteria: Record<QualityCriterion, boolean> = {
    title: allText(d.title).length > 0,
    description: codePoints(preferredText(d.description) ?? '') >= 200,
    keywords: list(d.keywords).length > 0,
    themes: list(d.themes).length > 0,
    publisher: isObject(d.publisher) && allText(d.publisher.name).length > 0,
    contactPoint: list(d.contactPoints).length > 0,
    license: d.license !== undefined || (n > 0 && distributions.every(license)),
    openLicense: openLicense(d) || (n > 0 && distributions.every(openLicense)),
    distributions: n > 0 && distributions.every(reachable),
    openFormat: distributions.some(isOpenFormat),
    temporal: list(d.temporal).length > 0,
    spatial: list(d.spatial).length > 0,
    updateFrequency: d.accrualPeriodicity !== undefined,
    upToDate: modified !== null && period !== undefined && modified.getTime() + period * DAY >= now.getTime(),
  };
  let score = 0;
  for (const key of Object.keys(WEIGHTS) as QualityCriterion[]) if (criteria[key]) score += WEIGHTS[key];
  return { quality: score, quality_criteria: criteria };
}

function isOpenFormat(dist: Json): boolean {
  const format = isObject(dist.format) ? str(dist.format.uri) : undefined;
  const code = format?.match(/\/file-type\/([A-Z0-9_]+)$/)?.[1];
  if (code !== undefined && OPEN_FILE_TYPES.has(code)) return true;
  const mediaType = str(dist.mediaType);
  return mediaType !== undefined && OPEN_MEDIA_TYPES.has(mediaType);
}

/** Distinct values (the smallest label kept for each), sorted: `DISTINCT ON (v) … ORDER BY v, l`. */
function facet(pairs: [string | undefined, string | undefined][]): { values: string[]; labels: (string | null)[] } {
  const labels = new Map<string, string | null>();
  for (const [value, label] of pairs) {
    if (value === undefined) continue;
    const known = labels.get(value);
    if (!labels.has(value) || (label !== undefined && (known === null || byCodePoint(label, known!) < 0))) {
      labels.set(value, label ?? null);
    }
  }
  const values = [...labels.keys()].sort(byCodePoint);
  return { values, labels: values.map((v) => labels.get(v) as string | null) };
}

function boundingBox(spatial: unknown[]): string | null | typeof UNSURE {
  let [w, s, e, n] = [Infinity, Infinity, -Infinity, -Infinity];
  let found = false;
  for (const place of spatial) {
    if (!isObject(place) || !Array.isArray(place.bbox) || place.bbox.length !== 4) continue;
    if (!place.bbox.every((x) => typeof x === 'number' && Number.isFinite(x))) return UNSURE;
    const [a, b, c, d] = place.bbox as number[];
    [w, s, e, n] = [Math.min(w, a!), Math.min(s, b!), Math.max(e, c!), Math.max(n, d!)];
    found = true;
  }
  return found ? `(${e},${n}),(${w},${s})` : null;
}

/**
 * `moisson_timestamp`: years, year-months and dates as UTC midnight; date-times in the strict
 * ISO 8601 forms sources use; null for what PostgreSQL refuses too (no such day, no date at all).
 * Other date-times are UNSURE: PostgreSQL's parser is more lenient than this one.
 */
function instant(value: unknown): Date | null | typeof UNSURE {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') return UNSURE;
  let m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(value);
  if (m) return calendarDate(Number(m[1]), Number(m[2] ?? 1), Number(m[3] ?? 1)) ?? null;
  m = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,3})?)?(Z|[+-]\d{2}(?::?\d{2})?)?$/.exec(value);
  if (!m) return /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/.test(value) ? UNSURE : null;
  const day = calendarDate(Number(m[1]), Number(m[2]), Number(m[3]));
  if (!day) return null;
  const [hour, minute, second] = [Number(m[4]), Number(m[5]), Number(m[6] ?? 0)];
  if (hour > 23 || minute > 59 || second > 59) return UNSURE;
  const fraction = m[7] ? Math.round(Number(m[7]) * 1000) : 0;
  return new Date(day.getTime() + ((hour * 60 + minute - zoneMinutes(m[8])) * 60 + second) * 1000 + fraction);
}

/** `Z`, `+02`, `+0200`, `+02:00` → minutes east of UTC; no zone is UTC (the server's time zone). */
function zoneMinutes(zone: string | undefined): number {
  if (zone === undefined || zone === 'Z') return 0;
  const digits = zone.slice(1).replace(':', '');
  const minutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || 0);
  return zone[0] === '-' ? -minutes : minutes;
}

function calendarDate(year: number, month: number, day: number): Date | undefined {
  if (year === 0 || month < 1 || month > 12 || day < 1) return undefined;
  const date = new Date(Date.UTC(2000, month - 1, day));
  date.setUTCFullYear(year);
  return date.getUTCDate() === day && date.getUTCMonth() === month - 1 ? date : undefined;
}

/** `moisson_pick_text`: the first French value, else the first English one, else the first. */
function preferredText(texts: unknown): string | undefined {
  const values = list(texts).filter(isObject);
  const pick = values.find((t) => t.lang === 'fr') ?? values.find((t) => t.lang === 'en') ?? values[0];
  return pick === undefined ? undefined : str(pick.value);
}

/** `moisson_all_text`: every value joined by a space. */
function allText(texts: unknown): string {
  return list(texts).filter(isObject).map((t) => str(t.value)).filter((v) => v !== undefined).join(' ');
}

/** `substring(uri FROM '[^/#]+$')` */
function lastSegment(uri: string | undefined): string | undefined {
  return uri?.match(/[^/#]+$/)?.[0];
}

/** PostgreSQL `trim()` removes spaces only. */
function trimSpaces(text: string): string {
  return text.replace(/^ +| +$/g, '');
}

/** PostgreSQL `upper()`: one character for one (JavaScript turns `ß` into `SS`). */
function upperCase(text: string): string {
  let out = '';
  for (const ch of text) {
    const upper = ch.toUpperCase();
    out += [...upper].length === 1 ? upper : ch;
  }
  return out;
}

function codePoints(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

/** The `C` collation's order: by code point (UTF-16 order differs only around surrogate pairs). */
function byCodePoint(a: string, b: string): number {
  if (SURROGATE.test(a) || SURROGATE.test(b)) {
    const [x, y] = [[...a], [...b]];
    for (let i = 0; i < Math.min(x.length, y.length); i++) {
      const d = x[i]!.codePointAt(0)! - y[i]!.codePointAt(0)!;
      if (d !== 0) return d;
    }
    return x.length - y.length;
  }
  return a < b ? -1 : a > b ? 1 : 0;
}
const SURROGATE = /[\uD800-\uDFFF]/;

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : undefined;
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
