import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { NormaliseContext } from '@moisson/core';
import type { OdsConfig, OdsDataset } from '@moisson/harvester-ods';

export function fixture(name: string): string {
  return readFileSync(fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url)), 'utf8');
}

export function fixtureJson(name: string): Record<string, unknown> {
  return JSON.parse(fixture(name)) as Record<string, unknown>;
}

/** The datasets of a listing fixture (v2.1 `results` or v1 `datasets`), by id. */
export function datasetsOf(name: string): Map<string, OdsDataset> {
  const body = fixtureJson(name);
  const list = (body['results'] ?? body['datasets']) as OdsDataset[];
  return new Map(list.map((d) => [String(d['dataset_id'] ?? d['datasetid']), d]));
}

export const PORTAL = 'https://data.metropole-exemple.fr';

export function ctx(url = `${PORTAL}/`, config: Partial<OdsConfig> = {}): NormaliseContext<OdsConfig> {
  return { source: { url }, config, filters: [], harvestedAt: '2024-06-01T00:00:00Z' };
}
