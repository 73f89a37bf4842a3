export { HttpClient, DEFAULT_USER_AGENT, type HttpClientOptions } from './client.js';
export { AddressGuard } from './address-guard.js';
export { HostLimiter, sleep } from './host-limiter.js';
export { decodeBody } from './decode.js';
