import { filterValues, type Filter } from '@moisson/core';
import { ODS_FILTER_KEYS } from './config.js';

/** An ODSQL string literal: double quotes, with `\` and `"` escaped. */
export function odsqlString(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** An ODSQL date literal for an ISO instant or day (`date'2024-01-02T00:00:00Z'`). */
export function odsqlDate(iso: string): string {
  return `date'${iso.replace(/'/g, '')}'`;
}

/** v2.1 facet filters: `refine=theme:"x"` / `exclude=theme:"x"`, one parameter each. */
export function v2FacetParams(filters: readonly Filter[]): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const type of ['include', 'exclude'] as const) {
    for (const key of ODS_FILTER_KEYS) {
      for (const value of filterValues(filters, key, type)) {
        out.push([type === 'include' ? 'refine' : 'exclude', `${key}:${odsqlString(value.trim())}`]);
      }
    }
  }
  return out;
}

/** v1 facet filters: `refine.theme=x` / `exclude.theme=x` (v1 takes the raw value). */
export function v1FacetParams(filters: readonly Filter[]): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const type of ['include', 'exclude'] as const) {
    for (const key of ODS_FILTER_KEYS) {
      for (const value of filterValues(filters, key, type)) {
        out.push([`${type === 'include' ? 'refine' : 'exclude'}.${key}`, value.trim()]);
      }
    }
  }
  return out;
}

/** ANDs ODSQL clauses, each in parentheses so a raw `a OR b` keeps its meaning. */
export function andWhere(clauses: ReadonlyArray<string | undefined>): string | undefined {
  const given = clauses.filter((c): c is string => !!c?.trim());
  if (given.length === 0) return undefined;
  if (given.length === 1) return given[0];
  return given.map((c) => `(${c})`).join(' AND ');
}

/** A URL with query parameters appended in the order given (repeated keys kept). */
export function withParams(base: string, params: ReadonlyArray<[string, string | number | undefined]>): string {
  const url = new URL(base);
  for (const [key, value] of params) if (value !== undefined) url.searchParams.append(key, String(value));
  return url.href;
}
