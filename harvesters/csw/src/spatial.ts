import type { Location } from '@moisson/core';

/**
 * A bounding box as a DCAT-AP location (`dcat:bbox` W,S,E,N in CRS84 + a GeoJSON polygon).
 * Boxes whose latitudes are out of range while their longitudes would fit are taken as
 * swapped axes (lat/lon written as lon/lat) and turned back; south > north is put right;
 * anything still out of range, or not numbers, is refused (undefined), never guessed further.
 * West > east is kept: a box crossing the antimeridian is legitimate.
 */
export function bboxLocation(west: number, south: number, east: number, north: number): Location | undefined {
  if (![west, south, east, north].every(Number.isFinite)) return undefined;
  let [w, s, e, n] = [west, south, east, north];
  const latOk = (v: number) => Math.abs(v) <= 90;
  const lonOk = (v: number) => Math.abs(v) <= 180;
  if ((!latOk(s) || !latOk(n)) && latOk(w) && latOk(e) && lonOk(s) && lonOk(n)) [w, s, e, n] = [s, w, n, e];
  if (s > n) [s, n] = [n, s];
  if (!latOk(s) || !latOk(n) || !lonOk(w) || !lonOk(e)) return undefined;
  if (w === e && s === n) return { bbox: [w, s, e, n], geometry: { type: 'Point', coordinates: [w, s] } };
  return {
    bbox: [w, s, e, n],
    geometry: { type: 'Polygon', coordinates: [[[w, s], [e, s], [e, n], [w, n], [w, s]]] },
  };
}

/** A number from an XML value (`1.38`, ` -4,5 ` with a decimal comma); NaN when it is not one. */
export function toNumber(value: string | undefined): number {
  if (value === undefined) return Number.NaN;
  const v = value.trim().replace(',', '.');
  return /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(v) ? Number(v) : Number.NaN;
}
