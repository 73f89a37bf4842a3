import { readFileSync } from 'node:fs';
import type { NormaliseContext } from '@moisson/core';
import type { CkanConfig, CkanPackage } from '@moisson/harvester-ckan';

export function fixtureText(name: string): string {
  return readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
}

/** The `result` of a package_show fixture. */
export function packageFixture(name: string): CkanPackage {
  return (JSON.parse(fixtureText(name)) as { result: CkanPackage }).result;
}

export function context(url = 'https://data.example.ie/api/3/action', config: CkanConfig = {}): NormaliseContext<CkanConfig> {
  return { source: { url }, config, filters: [], harvestedAt: '2025-01-01T00:00:00.000Z' };
}
