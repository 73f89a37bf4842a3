import { isHttpUrl, normaliseDate, texts, type GeoJsonGeometry, type Location, type PeriodOfTime } from '@moisson/core';
import type { PackageFields } from './extras.js';
import { isObject, parseJsonText, str } from './json.js';

/**
 * Temporal coverage: ckanext-dcat `temporal_start`/`temporal_end`, ckanext-spatial
 * `temporal-extent-begin`/`-end`, data.gov `temporal` (`start/end`).
 */
export function readTemporal(fields: PackageFields): PeriodOfTime[] {
  let startText = fields.text('temporal_start', 'temporal-extent-begin');
  let endText = fields.text('temporal_end', 'temporal-extent-end');
  if (!startText && !endText) {
    const interval = fields.text('temporal', 'temporal coverage');
    if (!interval) return [];
    const [a, b] = interval.split(/\s*\/\s*|\s+to\s+/i);
    startText = a;
    endText = b;
    if (!normaliseDate(a) && !normaliseDate(b)) return [{ label: interval }];
  }
  const period: PeriodOfTime = {};
  const start = normaliseDate(startText);
  const end = normaliseDate(endText);
  if (start) period.start = start;
  if (end) period.end = end;
  if (!start && !end) period.label = [startText, endText].filter(Boolean).join(' / ');
  return [period];
}

function isNumberPair(value: unknown): value is [number, number] {
  return Array.isArray(value) && value.length >= 2 && typeof value[0] === 'number' && typeof value[1] === 'number';
}

function positions(coordinates: unknown, out: Array<[number, number]> = []): Array<[number, number]> {
  if (isNumberPair(coordinates)) out.push([coordinates[0], coordinates[1]]);
  else if (Array.isArray(coordinates)) for (const c of coordinates) positions(c, out);
  return out;
}

/** The bbox [W, S, E, N] of a GeoJSON geometry; undefined when a coordinate is out of lon/lat range. */
export function geometryBbox(geometry: GeoJsonGeometry): [number, number, number, number] | undefined {
  const pts = positions(geometry.coordinates);
  if (pts.length === 0) return undefined;
  if (pts.some(([x, y]) => Math.abs(x) > 180 || Math.abs(y) > 90)) return undefined;
  const xs = pts.map((p) => p[0]);
  const ys = pts.map((p) => p[1]);
  return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
}

function readGeometry(value: unknown): GeoJsonGeometry | undefined {
  const parsed = typeof value === 'string' ? parseJsonText(value) : value;
  if (!isObject(parsed)) return undefined;
  const type = str(parsed['type']);
  if (!type || !Array.isArray(parsed['coordinates'])) return undefined;
  return { type, coordinates: parsed['coordinates'] };
}

function bboxPolygon([w, s, e, n]: [number, number, number, number]): GeoJsonGeometry {
  return { type: 'Polygon', coordinates: [[[w, s], [e, s], [e, n], [w, n], [w, s]]] };
}

function validBbox(values: Array<number | undefined>): [number, number, number, number] | undefined {
  const [w, s, e, n] = values;
  if (w === undefined || s === undefined || e === undefined || n === undefined) return undefined;
  if ([w, e].some((x) => Math.abs(x) > 180) || [s, n].some((y) => Math.abs(y) > 90) || s > n) return undefined;
  return [w, s, e, n];
}

function num(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? n : undefined;
}

/**
 * One location from `spatial` (GeoJSON text; data.gov also writes `W,S,E,N` or a place name),
 * `spatial_uri`, `spatial_text`, ckanext-dcat `spatial_bbox`/`spatial_centroid` and
 * ckanext-spatial `bbox-{west-long,south-lat,east-long,north-lat}`.
 */
export function readSpatial(fields: PackageFields): Location[] {
  const location: Location = {};
  const spatial = fields.value('spatial');
  const geometry = readGeometry(spatial);
  let label = fields.text('spatial_text', 'spatial-text');
  if (geometry) {
    location.geometry = geometry;
    const bbox = geometryBbox(geometry);
    if (bbox) location.bbox = bbox;
  } else if (typeof spatial === 'string') {
    const corners = /^\s*(-?[\d.]+)\s*,\s*(-?[\d.]+)\s*,\s*(-?[\d.]+)\s*,\s*(-?[\d.]+)\s*$/.exec(spatial);
    const bbox = corners ? validBbox(corners.slice(1).map((c) => num(c))) : undefined;
    if (bbox) {
      location.bbox = bbox;
      location.geometry = bboxPolygon(bbox);
    } else if (isHttpUrl(spatial.trim())) location.uri = spatial.trim();
    else label ??= spatial.trim();
  }
  if (!location.bbox) {
    const fromExtra = readGeometry(fields.value('spatial_bbox'));
    const bbox =
      (fromExtra && geometryBbox(fromExtra)) ??
      validBbox(['bbox-west-long', 'bbox-south-lat', 'bbox-east-long', 'bbox-north-lat'].map((k) => num(fields.text(k))));
    if (bbox) {
      location.bbox = bbox;
      location.geometry ??= bboxPolygon(bbox);
    }
  }
  const centroid = readGeometry(fields.value('spatial_centroid'));
  if (centroid?.type === 'Point' && isNumberPair(centroid.coordinates)) location.centroid = [centroid.coordinates[0], centroid.coordinates[1]];
  const uri = fields.text('spatial_uri', 'spatial-uri');
  if (uri && isHttpUrl(uri)) location.uri = uri;
  if (label) location.label = texts(label);
  return Object.keys(location).length ? [location] : [];
}
