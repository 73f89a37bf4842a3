import Fastify, { type FastifyInstance } from 'fastify';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consolePlugin } from '@moisson/console';
import { buildConsoleUi } from './build-ui.js';

/** The plugin alone, without a browser: what it serves, where, with which headers. */
let ui: Awaited<ReturnType<typeof buildConsoleUi>>;
let app: FastifyInstance;

beforeAll(async () => {
  ui = await buildConsoleUi();
  app = Fastify();
  // A guarded sibling, as buildApi has it: the console must not inherit nor bypass it.
  await app.register(async (admin) => {
    admin.addHook('onRequest', async (request, reply) => {
      if (request.headers.authorization !== 'Bearer t') await reply.status(401).send({ error: 'unauthorized' });
    });
    admin.get('/sources', async () => []);
  }, { prefix: '/admin' });
  await app.register(consolePlugin, { prefix: '/admin/ui', root: ui.root });
  await app.ready();
});

afterAll(async () => {
  await app?.close();
  await ui?.remove();
});

describe('consolePlugin', () => {
  it('redirects the bare prefix to the folder, keeping relative asset URLs right', async () => {
    const res = await app.inject({ method: 'GET', url: '/admin/ui' });
    expect(res.statusCode).toBe(308);
    expect(res.headers.location).toBe('/admin/ui/');
  });

  it('serves the page without a token, with a strict CSP and no caching of the page', async () => {
    const res = await app.inject({ method: 'GET', url: '/admin/ui/' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.body).toContain('<div id="app"></div>');
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['cache-control']).toBe('no-cache');
  });

  it('serves the hashed assets the page names, cacheable for good, with no inline script in the page', async () => {
    const page = (await app.inject({ method: 'GET', url: '/admin/ui/' })).body;
    const script = /src="\.\/(assets\/[^"]+\.js)"/.exec(page)?.[1];
    const style = /href="\.\/(assets\/[^"]+\.css)"/.exec(page)?.[1];
    expect(script).toBeDefined();
    expect(style).toBeDefined();
    expect(page).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    const js = await app.inject({ method: 'GET', url: `/admin/ui/${script}` });
    expect(js.statusCode).toBe(200);
    expect(js.headers['content-type']).toMatch(/javascript/);
    expect(js.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(js.body).toBe(await readFile(join(ui.root, script!), 'utf8'));
    expect((await app.inject({ method: 'GET', url: `/admin/ui/${style}` })).headers['content-type']).toMatch(/^text\/css/);
  });

  it('answers 404 for a file that is not there and never lists folders or serves outside its root', async () => {
    expect((await app.inject({ method: 'GET', url: '/admin/ui/nope.js' })).statusCode).toBe(404);
    expect((await app.inject({ method: 'GET', url: '/admin/ui/assets/' })).statusCode).toBe(404);
    expect((await app.inject({ method: 'GET', url: '/admin/ui/..%2f..%2fpackage.json' })).statusCode).toBe(404);
  });

  it('leaves the admin API guarded', async () => {
    expect((await app.inject({ method: 'GET', url: '/admin/sources' })).statusCode).toBe(401);
    expect((await app.inject({ method: 'GET', url: '/admin/sources', headers: { authorization: 'Bearer t' } })).statusCode).toBe(200);
  });

  it('answers 503 saying how to build it when the front-end was not built, without failing the server', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'moisson-console-empty-'));
    const bare = Fastify();
    try {
      await bare.register(consolePlugin, { prefix: '/admin/ui', root: empty });
      bare.get('/health', async () => ({ status: 'ok' }));
      await bare.ready();
      const res = await bare.inject({ method: 'GET', url: '/admin/ui/' });
      expect(res.statusCode).toBe(503);
      expect(res.body).toBe(`the admin console is not built (no index.html in ${empty}): run "npm run build -w @moisson/console"`);
      expect((await bare.inject({ method: 'GET', url: '/admin/ui' })).statusCode).toBe(308);
      expect((await bare.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);
    } finally {
      await bare.close();
      await rm(empty, { recursive: true, force: true });
    }
  });
});
