import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiError } from './errors.js';

/**
 * What schema validation lets through but PostgreSQL refuses, found by fuzzing the admin API:
 * a NUL character in any string (text and jsonb cannot hold U+0000) and a number too big to be
 * finite (ajv coerces "999…9" to Infinity and lets it pass `maximum`). Both become a 400 that
 * says where, instead of a 500 from the database. The walk is iterative: bodies may be nested
 * deeper than the call stack.
 */
export async function refuseUnstorableInput(request: FastifyRequest): Promise<void> {
  const found = firstUnstorable([
    ['querystring', request.query],
    ['params', request.params],
    ['body', request.body],
  ]);
  if (found) throw new ApiError(400, 'validation_failed', found);
}

function firstUnstorable(roots: Array<[string, unknown]>): string | undefined {
  const stack: Array<[string, unknown]> = [...roots];
  while (stack.length > 0) {
    const [path, value] = stack.pop() as [string, unknown];
    if (typeof value === 'string') {
      if (value.includes('\u0000')) return `${path} holds a NUL character (\\u0000), which cannot be stored`;
    } else if (typeof value === 'number') {
      if (!Number.isFinite(value)) return `${path} must be a finite number`;
    } else if (Array.isArray(value)) {
      value.forEach((item, i) => stack.push([`${path}/${i}`, item]));
    } else if (typeof value === 'object' && value !== null) {
      for (const [key, item] of Object.entries(value)) {
        if (key.includes('\u0000')) return `${path} has a field name with a NUL character (\\u0000), which cannot be stored`;
        stack.push([`${path}/${key}`, item]);
      }
    }
  }
  return undefined;
}

/**
 * Errors Fastify's router raises before any hook (a path segment over `maxParamLength`, a URL
 * that does not decode): answered `{error, message}` like every other error.
 */
export function frameworkErrors(error: Error & { code?: string }, request: FastifyRequest, reply: FastifyReply): void {
  const tooLong = error.code === 'FST_ERR_MAX_PARAM_LENGTH';
  void reply.status(tooLong ? 414 : 400).send({
    error: tooLong ? 'uri_too_long' : 'bad_request',
    message: tooLong ? `a path segment of ${request.url.split('?')[0]!.slice(0, 100)}… is too long to be an id` : error.message,
  });
}
