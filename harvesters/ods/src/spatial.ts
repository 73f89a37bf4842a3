import type { GeoJsonGeometry, Location, Text } from '@moisson/core';
import { isObject, num, str, strList, type JsonObject } from './json.js';

type Bbox = [number, number, number, number];

/** A [W, S, E, N] box if the numbers are a real CRS84 box, else undefined. */
export function checkedBbox(west?: number, south?: number, east?: number, north?: number): Bbox | undefined {
  if (west === undefined || south === undefined || east === undefined || north === undefined) return undefined;
  if (Math.abs(west) > 180 || Math.abs(east) > 180 || Math.abs(south) > 90 || Math.abs(north) > 90 || south > north) return undefined;
  return [west, south, east, north];
}

/** The bounding box of any GeoJSON geometry (or Feature), walking its coordinates. */
export function geometryBbox(geometry: GeoJsonGeometry): Bbox | undefined {
  let west = Infinity;
  let south = Infinity;
  let east = -Infinity;
  let north = -Infinity;
  const walk = (c: unknown): void => {
    if (!Array.isArray(c)) return;
    if (c.length >= 2 && typeof c[0] === 'number' && typeof c[1] === 'number') {
      west = Math.min(west, c[0]);
      east = Math.max(east, c[0]);
      south = Math.min(south, c[1]);
      north = Math.max(north, c[1]);
      return;
    }
    for (const item of c) walk(item);
  };
  walk(geometry.coordinates);
  return Number.isFinite(west) ? checkedBbox(west, south, east, north) : undefined;
}

/** A GeoJSON geometry from a geometry or a Feature (ODS v2.1 `bbox` is a Feature). */
export function geometryOf(value: unknown): GeoJsonGeometry | undefined {
  if (!isObject(value)) return undefined;
  if (value['type'] === 'Feature') return geometryOf(value['geometry']);
  const type = str(value['type']);
  if (!type || !Array.isArray(value['coordinates'])) return undefined;
  return { type, coordinates: value['coordinates'] };
}

/** `default.bbox` (a Feature or geometry) and `default.geographic_area` (a drawn shape). */
export function defaultLocations(def: JsonObject): Location[] {
  const out: Location[] = [];
  const area = geometryOf(def['geographic_area']);
  if (area) {
    const bbox = geometryBbox(area);
    out.push(bbox ? { geometry: area, bbox } : { geometry: area });
  }
  const box = geometryOf(def['bbox']);
  const bbox = box ? geometryBbox(box) : undefined;
  if (bbox) out.push({ bbox });
  return out;
}

/** INSPIRE bounds: v2.1 `westbound_longitude`…, v1 `extend_bounding_box_westbound_longitude`…. */
export function inspireLocation(inspire: JsonObject): Location | undefined {
  const read = (side: string) => num(inspire[side]) ?? num(inspire[`extend_bounding_box_${side}`]);
  const bbox = checkedBbox(read('westbound_longitude'), read('southbound_latitude'), read('eastbound_longitude'), read('northbound_latitude'));
  return bbox ? { bbox } : undefined;
}

/** `default.territory` labels and `dcat.spatial` text as named places. */
export function placeLocations(values: unknown[], lang?: string): Location[] {
  const labels = [...new Set(values.flatMap((v) => strList(v)))];
  return labels.map((value) => ({ label: [lang ? ({ value, lang } as Text) : { value }] }));
}

/** Locations without duplicates (same box, same label). */
export function uniqueLocations(locations: Location[]): Location[] {
  const seen = new Set<string>();
  return locations.filter((l) => {
    const key = JSON.stringify([l.bbox, l.label?.map((t) => t.value.toLowerCase()), l.geometry ? 'g' : '']);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
