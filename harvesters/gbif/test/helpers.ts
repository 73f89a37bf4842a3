import { readFileSync } from 'node:fs';
import type { NormaliseContext } from '@moisson/core';

/** The bytes of a fixture, as a server or a disk would hand them over. */
export function fixtureBytes(name: string): Uint8Array {
  return readFileSync(new URL(`./fixtures/${name}`, import.meta.url));
}

/** A UTF-8 fixture as text. */
export function fixture(name: string): string {
  return readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
}

export function ctx<C>(url: string, config: C, filters: NormaliseContext<C>['filters'] = []): NormaliseContext<C> {
  return { source: { url }, config, filters, harvestedAt: '2024-06-01T00:00:00Z' };
}
