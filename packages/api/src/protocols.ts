import { RunnerConfigSchema } from '@moisson/core';
import type { HarvesterLookup } from './deps.js';

/** What a protocol accepts, as `GET /admin/protocols` and `moisson protocols` give it. */
export interface ProtocolDescription {
  id: string;
  name: string;
  incremental: boolean;
  filters: Array<{ key: string; label: string; description: string }>;
  /** The JSON Schema of the protocol's own settings in a source's `config`. */
  config: Record<string, unknown>;
}

/** Every protocol, by id, with the filter keys and settings sources are checked against; and the runner's settings. */
export function describeProtocols(harvesters: HarvesterLookup): { items: ProtocolDescription[]; runnerConfig: Record<string, unknown> } {
  const items = harvesters
    .all()
    .map((h) => ({
      id: h.id,
      name: h.displayName,
      incremental: h.incremental === true,
      filters: h.filters.map(({ key, label, description }) => ({ key, label, description })),
      config: h.configSchema as unknown as Record<string, unknown>,
    }))
    .sort((a, b) => a.id.localeCompare(b.id));
  return { items, runnerConfig: RunnerConfigSchema as unknown as Record<string, unknown> };
}
