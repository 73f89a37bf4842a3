import type { AnyHarvester, Http } from '@moisson/core';
import type { AddressGuard } from '@moisson/http';
import type { HarvestQueue } from '@moisson/queue';
import { harvesterFor, harvesters, protocolIds } from '@moisson/registry';
import type { SecretBox, Store } from '@moisson/store';
import type { LogDestination } from './logging.js';

/** Where the API finds protocols (the registry by default; tests inject their own). */
export interface HarvesterLookup {
  get(id: string): AnyHarvester | undefined;
  ids(): string[];
  all(): AnyHarvester[];
}

export const registryHarvesters: HarvesterLookup = {
  get: harvesterFor,
  ids: protocolIds,
  all: () => [...harvesters.values()],
};

/** A lookup over a fixed list of harvesters. */
export function harvesterList(list: readonly AnyHarvester[]): HarvesterLookup {
  const byId = new Map(list.map((h) => [h.id, h]));
  return { get: (id) => byId.get(id), ids: () => [...byId.keys()], all: () => [...byId.values()] };
}

export interface ApiDeps {
  store: Store;
  queue: HarvestQueue;
  /** @defaultValue the registry */
  harvesters?: HarvesterLookup;
  /** The HTTP client `detect` and previews fetch through. */
  http: Http;
  /** The bearer token of the admin API (`adminToken`, `adminTokens` or both must give one). */
  adminToken?: string;
  /** More valid admin tokens, for rotation (`MOISSON_ADMIN_TOKENS`): any of them is accepted. */
  adminTokens?: string[];
  /** Seals source credentials (`MOISSON_SECRET_KEY`); without it sources with credentials are refused. */
  secrets?: SecretBox;
  /** moisson's own base URL: record URLs and moisson's hop in provenance chains. */
  publicUrl: string;
  /** @defaultValue "moisson" */
  catalogTitle?: string;
  /** Which private hosts sources may use. @defaultValue none */
  guard?: AddressGuard;
  /**
   * Rate limit of the public routes, per client address; `false` turns it off.
   * @defaultValue `MOISSON_RATE_LIMIT` requests per minute (0 = off), else 1200
   */
  rateLimit?: { max: number; timeWindow: number } | false;
  /** Fastify's logger (secrets redacted, see `REDACTED_LOG_PATHS`); a destination gets the JSON lines. @defaultValue off */
  logger?: boolean | LogDestination;
}
