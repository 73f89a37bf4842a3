import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { chromium, type Browser, type Page } from 'playwright-core';
import { buildApi } from '@moisson/api';
import { consolePlugin } from '@moisson/console';
import { AddressGuard, HttpClient } from '@moisson/http';
import { HarvestQueue, HarvestWorker } from '@moisson/queue';
import type { Store } from '@moisson/store';
import { freshStore } from '../../../test/support/database.js';
import { FixtureServer } from '../../../test/support/fixture-server.js';
import { buildConsoleUi } from './build-ui.js';

export const CHROMIUM = process.env.MOISSON_CHROMIUM ?? '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) {
  console.warn(`[console] browser tests skipped: no Chromium at ${CHROMIUM} (apt-get install -y chromium, or set MOISSON_CHROMIUM)`);
}
export const SCREENSHOTS = fileURLToPath(new URL('../../../test-artifacts/console/', import.meta.url));

/** The flags this machine needs: no sandbox as root, and no background calls to a closed network. */
const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-quic',
  '--no-first-run',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Everything the console needs, for real: the API with the console mounted and listening on
 * loopback, the PostgreSQL store, a BullMQ queue and worker under their own prefix, a fixture
 * remote catalogue, and a headless Chromium.
 */
export interface ConsoleStack {
  store: Store;
  queue: HarvestQueue;
  api: FastifyInstance;
  /** Where the console is, e.g. `http://127.0.0.1:41234/admin/ui/`. */
  consoleUrl: string;
  remote: FixtureServer;
  browser: Browser;
  token: string;
  newPage(lang?: 'en' | 'fr'): Promise<Page>;
  close(): Promise<void>;
}

export async function startConsoleStack(setupRemote: (remote: FixtureServer) => void): Promise<ConsoleStack> {
  const token = `console-test-${randomBytes(8).toString('hex')}`;
  const prefix = `moisson-console-${randomBytes(4).toString('hex')}`;
  const http = () => new HttpClient({ guard: new AddressGuard(['127.0.0.1']), retries: 2, backoffMs: 10 });
  const closers: Array<() => Promise<unknown>> = [];
  const close = async () => {
    for (const fn of closers.reverse()) await fn().catch(() => undefined);
  };
  try {
    const ui = await buildConsoleUi();
    closers.push(ui.remove);
    const { store, drop } = await freshStore();
    closers.push(drop);
    const queue = new HarvestQueue(store, { prefix }, { attempts: 1, backoffMs: 50 });
    closers.push(async () => {
      await queue.queue.obliterate({ force: true });
      await queue.close();
    });
    const worker = new HarvestWorker(store, { prefix, archiveGraceMs: 0, httpFor: http, log: () => undefined });
    closers.push(() => worker.close());
    const remote = new FixtureServer();
    await remote.start();
    closers.push(() => remote.stop());
    setupRemote(remote);

    const api = buildApi({ store, queue, http: http(), adminToken: token, publicUrl: 'http://127.0.0.1', guard: new AddressGuard(['127.0.0.1']) });
    // The one line the lead adds to buildApi, here with the freshly built front-end.
    await api.register(consolePlugin, { prefix: '/admin/ui', root: ui.root });
    const address = await api.listen({ host: '127.0.0.1', port: 0 });
    closers.push(() => api.close());

    const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_FLAGS });
    closers.push(() => browser.close());
    await mkdir(SCREENSHOTS, { recursive: true });

    return {
      store,
      queue,
      api,
      consoleUrl: `${address}/admin/ui/`,
      remote,
      browser,
      token,
      async newPage(lang = 'en') {
        const context = await browser.newContext({ locale: lang === 'fr' ? 'fr-FR' : 'en-GB', viewport: { width: 1280, height: 900 } });
        const page = await context.newPage();
        page.setDefaultTimeout(30_000);
        return page;
      },
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
