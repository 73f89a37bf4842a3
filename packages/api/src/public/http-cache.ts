import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** The entity tag of a representation: its bytes and media type (the same dataset in Turtle and JSON differ). */
export function entityTag(payload: string | Buffer, contentType: string): string {
  return `"${createHash('sha1').update(contentType).update('\0').update(payload).digest('base64url')}"`;
}

function matches(ifNoneMatch: string, tag: string): boolean {
  if (ifNoneMatch.trim() === '*') return true;
  return ifNoneMatch.split(',').some((candidate) => candidate.trim().replace(/^W\//, '') === tag);
}

/**
 * `onSend` hook for public reads: an ETag on every 200 to GET/HEAD, and 304 without a body when
 * the client already holds that representation. Hashing the bytes sent covers everything they
 * say (lastSeen, origins, paging), which a stored hash alone would not.
 */
export async function conditionalGet(request: FastifyRequest, reply: FastifyReply, payload: unknown): Promise<unknown> {
  if ((request.method !== 'GET' && request.method !== 'HEAD') || reply.statusCode !== 200) return payload;
  if (typeof payload !== 'string' && !Buffer.isBuffer(payload)) return payload;
  const tag = entityTag(payload, String(reply.getHeader('content-type') ?? ''));
  void reply.header('etag', tag);
  const ifNoneMatch = request.headers['if-none-match'];
  if (ifNoneMatch && matches(ifNoneMatch, tag)) {
    void reply.code(304);
    void reply.removeHeader('content-length');
    return '';
  }
  return payload;
}
