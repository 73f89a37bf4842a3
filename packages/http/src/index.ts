export { HttpClient, DEFAULT_USER_AGENT, DEFAULT_CONTACT_URL, userAgent, type HttpClientOptions } from './client.js';
export { AddressGuard } from './address-guard.js';
export { HostLimiter, sharedHostLimiter, sleep, type HostLimits } from './host-limiter.js';
export { decodeBody } from './decode.js';
