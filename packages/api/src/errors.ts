import { STATUS_CODES } from 'node:http';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest, FastifySchemaValidationError } from 'fastify';

/** An error the API answers as is: a status, a stable code and a message a person can act on. */
export class ApiError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ApiError';
  }
}

export const notFound = (what: string, id: string) => new ApiError(404, 'not_found', `no ${what} with id "${id}"`);

/** `bad_request` for 400, `payload_too_large` for 413…: a stable code for a status we did not name. */
function statusCode(status: number): string {
  return (STATUS_CODES[status] ?? 'error').toLowerCase().replace(/[^a-z]+/g, '_').replace(/^_|_$/g, '');
}

/**
 * One error handler for the whole API: every 4xx/5xx body is `{error, message}`. Schema
 * validation failures are 400 with Fastify's message, which names the field
 * (`body/url must match format "uri"`); unexpected errors are logged and answered 500 without
 * their internals.
 */
export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | ApiError, request: FastifyRequest, reply: FastifyReply) => {
    if (error instanceof ApiError) {
      return reply.status(error.statusCode).send({ error: error.code, message: error.message });
    }
    if (error.validation) {
      return reply.status(400).send({ error: 'validation_failed', message: error.message });
    }
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      return reply.status(status).send({ error: statusCode(status), message: error.message });
    }
    request.log.error({ err: error }, 'request failed');
    return reply.status(status >= 500 ? status : 500).send({
      error: 'internal_error',
      message: `the server failed to answer this request; its log has the details (request ${request.id})`,
    });
  });
  app.setNotFoundHandler((request, reply) =>
    reply.status(404).send({ error: 'not_found', message: `no route ${request.method} ${request.url.split('?')[0]}; the API is described at /docs` }),
  );
}

/**
 * Validation messages that name the field and say what is expected:
 * `body/url must match format "uri"`, `body has an unknown field "schedul"`,
 * `body/filters/0/type must be one of: include, exclude`.
 */
export const schemaErrorFormatter = (errors: FastifySchemaValidationError[], dataVar: string): Error => {
  const messages = errors.map((error) => {
    const at = `${dataVar}${error.instancePath}`;
    const params = error.params as Record<string, unknown>;
    if (error.keyword === 'additionalProperties') return `${at} has an unknown field "${String(params.additionalProperty)}"`;
    if (error.keyword === 'enum' && Array.isArray(params.allowedValues)) return `${at} must be one of: ${params.allowedValues.join(', ')}`;
    return `${at} ${error.message ?? 'is not valid'}`;
  });
  return new Error([...new Set(messages)].join('; '));
};
