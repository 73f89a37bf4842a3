import { AddressGuard, HttpClient, type HttpClientOptions } from '@moisson/http';

/** The HTTP client for a harvest, configured from the environment (`MOISSON_ALLOWED_HOSTS`). */
export function httpFromEnv(overrides: HttpClientOptions = {}): HttpClient {
  return new HttpClient({ guard: AddressGuard.fromEnv(process.env.MOISSON_ALLOWED_HOSTS), ...overrides });
}
