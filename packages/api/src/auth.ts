import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();

/**
 * An `onRequest` hook that lets through only `Authorization: Bearer <token>` with one of the
 * given tokens (several during a rotation: the new one and the old ones still in use). Both
 * sides are hashed first so `timingSafeEqual` always compares equal-length buffers, and every
 * token is compared whatever the outcome of the others: the time taken says nothing about the
 * token, its length, or which of the valid ones was closest.
 */
export function bearerAuth(tokens: string | readonly string[]) {
  const list = (typeof tokens === 'string' ? [tokens] : [...tokens]).map((t) => t.trim()).filter(Boolean);
  if (list.length === 0) throw new Error('the admin token must not be empty');
  const expected = list.map(digest);
  const valid = (given: string): boolean => {
    const actual = digest(given);
    let ok = false;
    for (const token of expected) ok = timingSafeEqual(actual, token) || ok;
    return ok;
  };
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const header = request.headers.authorization ?? '';
    const match = /^Bearer[ \t]+(\S+)\s*$/i.exec(header);
    if (match && valid(match[1] as string)) return;
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

/** The tokens the admin API accepts: `adminToken` and every one of `adminTokens`. */
export function adminTokensOf(deps: { adminToken?: string; adminTokens?: readonly string[] }): string[] {
  return [deps.adminToken ?? '', ...(deps.adminTokens ?? [])].map((t) => t.trim()).filter(Boolean);
}
