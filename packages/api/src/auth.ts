import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();

/**
 * An `onRequest` hook that lets through only `Authorization: Bearer <token>`. Both sides are
 * hashed first so `timingSafeEqual` always compares equal-length buffers and the time taken
 * says nothing about the token, not even its length.
 */
export function bearerAuth(token: string) {
  if (!token) throw new Error('the admin token must not be empty');
  const expected = digest(token);
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const header = request.headers.authorization ?? '';
    const match = /^Bearer[ \t]+(\S+)\s*$/i.exec(header);
    if (match && timingSafeEqual(digest(match[1] as string), expected)) return;
    await reply
      .status(401)
      .header('www-authenticate', `Bearer realm="moisson admin"${header ? ', error="invalid_token"' : ''}`)
      .send({
        error: 'unauthorized',
        message: header
          ? 'the bearer token is not valid for this server (see MOISSON_ADMIN_TOKEN)'
          : 'the admin API needs the header "Authorization: Bearer <token>" (the token is MOISSON_ADMIN_TOKEN)',
      });
  };
}
