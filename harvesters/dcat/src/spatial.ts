import type { GeoJsonGeometry, Location } from '@moisson/core';
import type { RecordGraph } from './graph.js';
import { DCAT, dcat, gsp, locn, rdfs, skos } from './ns.js';
import type { LiteralTerm, NodeTerm } from './terms.js';

type BBox = [number, number, number, number];

const GEOJSON_TYPES = new Set([gsp.geoJSONLiteral, 'https://www.iana.org/assignments/media-types/application/vnd.geo+json', 'http://www.iana.org/assignments/media-types/application/vnd.geo+json']);
const GML_TYPES = new Set([gsp.gmlLiteral, 'http://www.opengis.net/ont/geosparql#gmlLiteral']);

/** `"W,S,E,N"` (ArcGIS Hub) or `"W S E N"`: four numbers. */
function bboxFromNumbers(text: string): BBox | undefined {
  const trimmed = text.trim();
  // WKT and GeoJSON start with a letter or a brace: no need to split them.
  const first = trimmed.charCodeAt(0);
  if (first !== 45 /* - */ && !isDigit(first)) return undefined;
  const parts = trimmed.split(/\s*[,;\s]\s*/);
  if (parts.length !== 4 || !parts.every((p) => /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(p))) return undefined;
  const [w, s, e, n] = parts.map(Number) as BBox;
  return validBox([w, s, e, n]);
}

function validBox([w, s, e, n]: BBox): BBox | undefined {
  const ok = [w, e].every((x) => Math.abs(x) <= 180) && [s, n].every((y) => Math.abs(y) <= 90) && s <= n;
  return ok ? [w, s, e, n] : undefined;
}

type Nested = number[] | Nested[];

const isDigit = (code: number): boolean => code >= 48 && code <= 57;

/** Space, tab, line end, or any other white space `\s` knows (rare in WKT: tested last). */
function isSpace(code: number): boolean {
  return code === 32 || code === 9 || code === 10 || code === 13 || (code > 127 && /\s/.test(String.fromCharCode(code)));
}

/**
 * Where the number starting at `pos` ends (`-?\d+(\.\d+)?([eE][-+]?\d+)?`), or `pos` when none
 * starts there. A scan of character codes: the WKT reader's sticky regex cost a match array a number.
 */
function numberEnd(text: string, pos: number): number {
  let i = pos;
  if (text.charCodeAt(i) === 45 /* - */) i++;
  const digits = i;
  while (isDigit(text.charCodeAt(i))) i++;
  if (i === digits) return pos;
  if (text.charCodeAt(i) === 46 /* . */ && isDigit(text.charCodeAt(i + 1))) {
    i += 2;
    while (isDigit(text.charCodeAt(i))) i++;
  }
  const e = text.charCodeAt(i);
  if (e === 101 || e === 69) {
    let j = i + 1;
    const sign = text.charCodeAt(j);
    if (sign === 43 || sign === 45) j++;
    if (isDigit(text.charCodeAt(j))) {
      while (isDigit(text.charCodeAt(j))) j++;
      i = j;
    }
  }
  return i;
}

const WKT_TYPES = new Map([
  ['POINT', 'Point'],
  ['LINESTRING', 'LineString'],
  ['POLYGON', 'Polygon'],
  ['MULTIPOINT', 'MultiPoint'],
  ['MULTILINESTRING', 'MultiLineString'],
  ['MULTIPOLYGON', 'MultiPolygon'],
]);

/** WKT (`POLYGON((…))`, any case, optional `<crs>` prefix) as GeoJSON; undefined when unreadable. */
export function wktToGeoJson(wkt: string): GeoJsonGeometry | undefined {
  const text = wkt.trim().replace(/^<[^>]*>\s*/, '');
  const match = /^([A-Za-z]+)\s*(?:Z|M|ZM)?\s*(\(.*\))\s*$/s.exec(text);
  if (!match) return undefined;
  const type = WKT_TYPES.get(match[1]!.toUpperCase());
  if (!type) return undefined;
  let pos = 0;
  const body = match[2]!;
  const parseList = (): Nested => {
    // at '('
    pos++;
    const items: Nested[] = [];
    let numbers: number[] | undefined;
    while (pos < body.length) {
      const c = body.charCodeAt(pos);
      if (c === 40 /* ( */) items.push(parseList());
      else if (c === 41 /* ) */) {
        pos++;
        break;
      } else if (c === 44 /* , */ || isSpace(c)) pos++;
      else {
        const end = numberEnd(body, pos);
        if (end === pos) throw new Error(`unexpected ${body[pos]}`);
        numbers ??= [];
        numbers.push(Number(body.slice(pos, end)));
        pos = end;
        // a coordinate ends at ',' or ')'
        let next = pos;
        while (next < body.length && isSpace(body.charCodeAt(next))) next++;
        const after = body.charCodeAt(next);
        if (after === 44 || after === 41) {
          items.push(numbers);
          numbers = undefined;
        }
      }
    }
    return items as Nested;
  };
  let coordinates: Nested;
  try {
    coordinates = parseList();
  } catch {
    return undefined;
  }
  if (type === 'Point') coordinates = (coordinates as Nested[])[0] as Nested;
  if (!coordinates || (Array.isArray(coordinates) && coordinates.length === 0)) return undefined;
  return { type, coordinates };
}

function collectPositions(coordinates: unknown, out: Array<[number, number]>): void {
  if (!Array.isArray(coordinates)) return;
  if (coordinates.length >= 2 && typeof coordinates[0] === 'number' && typeof coordinates[1] === 'number') {
    out.push([coordinates[0], coordinates[1]]);
    return;
  }
  for (const c of coordinates) collectPositions(c, out);
}

/** The bounding box of a GeoJSON geometry. */
export function bboxOf(geometry: GeoJsonGeometry): BBox | undefined {
  const positions: Array<[number, number]> = [];
  collectPositions(geometry.coordinates, positions);
  if (positions.length === 0) return undefined;
  let [w, s] = positions[0]!;
  let [e, n] = positions[0]!;
  for (const [x, y] of positions) {
    w = Math.min(w, x);
    s = Math.min(s, y);
    e = Math.max(e, x);
    n = Math.max(n, y);
  }
  return validBox([w, s, e, n]);
}

function parseGeoJson(text: string): GeoJsonGeometry | undefined {
  try {
    const value: unknown = JSON.parse(text);
    if (value && typeof value === 'object' && 'type' in value && 'coordinates' in value && typeof value.type === 'string') {
      return { type: value.type, coordinates: value.coordinates };
    }
  } catch {
    return undefined;
  }
  return undefined;
}

/** A geometry literal (WKT in either datatype, GeoJSON, or bare numbers) as a geometry and/or box. */
export function readGeometryLiteral(literal: LiteralTerm): { geometry?: GeoJsonGeometry; bbox?: BBox } {
  const text = literal.value.trim();
  if (!text || (literal.datatype && GML_TYPES.has(literal.datatype)) || text.startsWith('<gml')) return {};
  const numbers = bboxFromNumbers(text);
  if (numbers) return { bbox: numbers };
  const geometry = (literal.datatype && GEOJSON_TYPES.has(literal.datatype)) || text.startsWith('{') ? parseGeoJson(text) : wktToGeoJson(text);
  if (!geometry) return {};
  const bbox = bboxOf(geometry);
  return bbox ? { geometry, bbox } : { geometry };
}

/** `dct:spatial`: an IRI (NAL, GeoNames…), a Location node with box / geometry / labels, or a literal. */
export function readLocation(graph: RecordGraph, value: NodeTerm | LiteralTerm): Location | undefined {
  if (value.kind === 'literal') {
    const read = readGeometryLiteral(value);
    if (read.bbox || read.geometry) return { ...(read.bbox ? { bbox: read.bbox } : {}), ...(read.geometry ? { geometry: read.geometry } : {}) };
    const label = value.value.trim();
    return label ? { label: [value.lang ? { value: label, lang: value.lang } : { value: label }] } : undefined;
  }
  const location: Location = {};
  if (value.kind === 'iri') location.uri = value.value;
  const label = graph.texts(value, skos.prefLabel, rdfs.label, locn.geographicName);
  if (label.length > 0) location.label = label;
  for (const literal of graph.literals(value, dcat.bbox)) {
    const read = readGeometryLiteral(literal);
    if (read.bbox) {
      location.bbox = read.bbox;
      break;
    }
  }
  for (const literal of graph.literals(value, locn.geometry)) {
    const read = readGeometryLiteral(literal);
    if (read.geometry && !location.geometry) location.geometry = read.geometry;
    if (read.bbox && !location.bbox) location.bbox = read.bbox;
  }
  // locn:geometry as a node (DCAT-AP 3 range locn:Geometry) carrying the literal as gsp:asWKT / asGeoJSON
  for (const node of graph.nodes(value, locn.geometry)) {
    for (const literal of [...graph.literals(node, gsp.asWKT), ...graph.literals(node, gsp.asGeoJSON)]) {
      const read = readGeometryLiteral(literal);
      if (read.geometry && !location.geometry) location.geometry = read.geometry;
      if (read.bbox && !location.bbox) location.bbox = read.bbox;
    }
  }
  for (const literal of graph.literals(value, dcat.centroid)) {
    const read = readGeometryLiteral(literal);
    const c = read.geometry?.type === 'Point' ? read.geometry.coordinates : undefined;
    if (Array.isArray(c) && typeof c[0] === 'number' && typeof c[1] === 'number') location.centroid = [c[0], c[1]];
  }
  return Object.keys(location).length > 0 ? location : undefined;
}
