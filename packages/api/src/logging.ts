import type { FastifyServerOptions } from 'fastify';

/** Where request logs go when a test (or an embedding program) wants them. */
export interface LogDestination {
  write(line: string): void;
}

/**
 * Paths pino replaces with "[redacted]" wherever a log line carries them: the admin bearer token,
 * cookies, and source credentials in a logged body. Fastify's own request lines carry no headers;
 * this keeps a later `log.info({ req })` or a serializer change from leaking them.
 */
export const REDACTED_LOG_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["proxy-authorization"]',
  'headers.authorization',
  'headers.cookie',
  'headers["proxy-authorization"]',
  'body.credentials',
  'req.body.credentials',
  'credentials',
  '*.credentials',
];

/** Fastify's logger settings: off, or info-level JSON lines with the secrets above redacted. */
export function loggerOptions(logger: boolean | LogDestination | undefined): FastifyServerOptions['logger'] {
  if (!logger) return false;
  return {
    level: 'info',
    redact: { paths: REDACTED_LOG_PATHS, censor: '[redacted]' },
    ...(typeof logger === 'object' ? { stream: logger } : {}),
  };
}
