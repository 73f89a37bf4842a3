import type { GeoJsonGeometry, Location, PeriodOfTime } from '@moisson/core';
import { dateLiteral, GraphBuilder, iri, typed, type Subject } from './graph.js';
import { DCAT, DCT, GSP, LOCN, RDFS, SKOS } from './vocab.js';

type Bbox = [number, number, number, number];

function isPoint([west, south, east, north]: Bbox): boolean {
  return west === east && south === north;
}

/** `dcat:bbox` in WKT (CRS84 is WKT's default, so no CRS IRI prefix); a degenerate box is the point it is. */
export function bboxWkt(bbox: Bbox): string {
  const [w, s, e, n] = bbox;
  if (isPoint(bbox)) return `POINT(${w} ${s})`;
  return `POLYGON((${w} ${s},${e} ${s},${e} ${n},${w} ${n},${w} ${s}))`;
}

export function bboxGeoJson(bbox: Bbox): GeoJsonGeometry {
  const [w, s, e, n] = bbox;
  if (isPoint(bbox)) return { type: 'Point', coordinates: [w, s] };
  return { type: 'Polygon', coordinates: [[[w, s], [e, s], [e, n], [w, n], [w, s]]] };
}

function validBbox(bbox: Location['bbox']): bbox is Bbox {
  return !!bbox && bbox.length === 4 && bbox.every((v) => Number.isFinite(v));
}

/** `dct:spatial` → `dct:Location` with `dcat:bbox` (WKT), `locn:geometry` (GeoJSON), `dcat:centroid`. */
export function location(g: GraphBuilder, subject: Subject, value: Location): void {
  const bbox = validBbox(value.bbox) ? value.bbox : undefined;
  const geometry = value.geometry ?? (bbox ? bboxGeoJson(bbox) : undefined);
  const hasDescription = !!(bbox || geometry || value.centroid || value.label?.length);
  const node = iri(value.uri) ?? (hasDescription ? g.blank() : undefined);
  if (!node) return;
  g.add(subject, DCT('spatial'), node);
  // One description per IRI: a NAL place named by many datasets must keep one bbox (maxCount 1).
  g.once(node, () => {
    g.type(node, DCT('Location'));
    g.texts(node, SKOS('prefLabel'), value.label);
    if (bbox) g.add(node, DCAT('bbox'), typed(bboxWkt(bbox), GSP('wktLiteral')));
    if (geometry) g.add(node, LOCN('geometry'), typed(JSON.stringify(geometry), GSP('geoJSONLiteral')));
    const c = value.centroid;
    if (c && c.length === 2 && c.every((v) => Number.isFinite(v))) g.add(node, DCAT('centroid'), typed(`POINT(${c[0]} ${c[1]})`, GSP('wktLiteral')));
  }, 'location');
}

/** `dct:temporal` → `dct:PeriodOfTime` with typed `dcat:startDate` / `dcat:endDate`. */
export function period(g: GraphBuilder, subject: Subject, value: PeriodOfTime): void {
  const start = dateLiteral(value.start);
  const end = dateLiteral(value.end);
  if (!start && !end && !value.label?.trim()) return;
  const node = g.blank();
  g.add(subject, DCT('temporal'), node);
  g.type(node, DCT('PeriodOfTime'));
  g.add(node, DCAT('startDate'), start);
  g.add(node, DCAT('endDate'), end);
  if (value.label?.trim()) g.texts(node, RDFS('label'), [{ value: value.label }]);
}
