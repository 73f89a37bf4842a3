import type { JsonValue } from '@moisson/core';
import { AddressGuard, HttpClient, userAgent, type HttpClientOptions } from '@moisson/http';

/** Requests at once and ms between two requests to one host when a source says nothing. */
export const DEFAULT_POLITENESS = { concurrency: 2, delayMs: 250 };

/**
 * A source's `config.politeness: {concurrency, delayMs}` as client options, clamped to sane
 * bounds (1..8 at once, 0..60 s apart): an operator may be gentler, not brutal.
 */
export function politenessOf(config: Record<string, JsonValue | undefined> = {}): Pick<HttpClientOptions, 'hostConcurrency' | 'hostDelayMs'> {
  const raw = config['politeness'];
  const given = typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? raw : {};
  const concurrency = typeof given['concurrency'] === 'number' && Number.isInteger(given['concurrency']) ? given['concurrency'] : DEFAULT_POLITENESS.concurrency;
  const delayMs = typeof given['delayMs'] === 'number' && Number.isFinite(given['delayMs']) ? given['delayMs'] : DEFAULT_POLITENESS.delayMs;
  return { hostConcurrency: Math.min(8, Math.max(1, concurrency)), hostDelayMs: Math.min(60_000, Math.max(0, delayMs)) };
}

/**
 * The HTTP client for a harvest, configured from the environment (`MOISSON_ALLOWED_HOSTS`,
 * `MOISSON_CONTACT_URL` in the User-Agent) and the source's politeness. Per-host limits are
 * shared by every client of the process.
 */
export function httpFromEnv(overrides: HttpClientOptions = {}, config?: Record<string, JsonValue | undefined>): HttpClient {
  return new HttpClient({
    guard: AddressGuard.fromEnv(process.env.MOISSON_ALLOWED_HOSTS),
    userAgent: userAgent(process.env.MOISSON_CONTACT_URL),
    ...politenessOf(config),
    ...overrides,
  });
}
