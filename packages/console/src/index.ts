import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyPluginAsync, FastifySchema } from 'fastify';

/** Where `npm run build -w @moisson/console` writes the front-end (from `src/` and `dist/` alike). */
export const builtConsoleDir = fileURLToPath(new URL('../dist/ui/', import.meta.url));

export interface ConsoleOptions {
  /** The built front-end. @defaultValue {@link builtConsoleDir} */
  root?: string;
}

/**
 * The page only talks to its own origin; it has no inline script, so nothing injected into a
 * harvested title can run. Harvested links are plain anchors, which `default-src` does not govern.
 */
const CONSOLE_HEADERS: Record<string, string> = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

/**
 * Serves the admin console (a static single-page app) under the prefix it is registered with:
 * `app.register(consolePlugin, { prefix: '/admin/ui' })`. The page itself is public; it asks for
 * the admin token and sends it as a bearer token to the JSON API, which checks it.
 */
export const consolePlugin: FastifyPluginAsync<ConsoleOptions> = async (app: FastifyInstance, options) => {
  const root = options.root ?? builtConsoleDir;
  const hidden = { schema: { hide: true } as FastifySchema };

  // Asset URLs in index.html are relative, so the page must be read from "<prefix>/", not "<prefix>".
  app.get('', hidden, async (request, reply) => reply.redirect(`${request.url.split('?')[0]}/`, 308));

  if (!existsSync(join(root, 'index.html'))) {
    // An unbuilt console must not take the API down with it (tests of the API run from sources).
    const message = `the admin console is not built (no index.html in ${root}): run "npm run build -w @moisson/console"`;
    app.log.warn(message);
    app.get('/*', hidden, async (_request, reply) => reply.status(503).type('text/plain; charset=utf-8').send(message));
    return;
  }

  await app.register(fastifyStatic, {
    root,
    prefix: '/',
    decorateReply: false,
    schemaHide: true,
    index: 'index.html',
    // The headers below decide caching, per file.
    cacheControl: false,
    setHeaders(res, path) {
      for (const [name, value] of Object.entries(CONSOLE_HEADERS)) res.setHeader(name, value);
      // Vite names assets by content hash; the page itself must be revalidated to pick up a new build.
      res.setHeader('cache-control', path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
};

export default consolePlugin;
