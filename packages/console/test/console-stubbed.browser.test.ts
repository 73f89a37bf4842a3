import { join } from 'node:path';
import type { Page, Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, SCREENSHOTS, startConsoleStack, type ConsoleStack } from './stack.js';

/**
 * What the real stack cannot show on demand: a run caught while running (its answers are
 * scripted here, so the test decides when it ends), and the search and facets the public API
 * will offer (`q`, `facets`). The console is the real one; only these API answers are stubbed.
 */
let stack: ConsoleStack;
let page: Page;
let sourceId: string;

const json = (route: Route, body: unknown) => route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(body) });

const counts = (created: number, failed = 0) => ({ created, updated: 0, unchanged: 0, skipped: 0, archived: 0, failed });

describe.skipIf(!hasChromium)('the admin console against scripted API answers', { timeout: 90_000 }, () => {
  beforeAll(async () => {
    stack = await startConsoleStack(() => undefined);
    const source = await stack.store.sources.create({
      name: 'Scripted source',
      url: 'https://catalogue.example.org',
      protocol: 'ckan',
      filters: [],
      config: {},
      schedule: null,
      enabled: true,
    });
    sourceId = source.id;
    page = await stack.newPage('en');
    await page.addInitScript((token) => sessionStorage.setItem('moisson.adminToken', token), stack.token);
  }, 120_000);

  afterAll(async () => {
    await stack?.close();
  });

  it('polls a running run, shows its progress, then its end with the failed record linked', async () => {
    let finished = false;
    let polls = 0;
    const job = () => ({
      id: 'scripted-job',
      sourceId,
      status: finished ? 'done' : 'running',
      trigger: 'manual',
      createdAt: '2026-01-05T10:00:00.000Z',
      startedAt: '2026-01-05T10:00:00.000Z',
      finishedAt: finished ? '2026-01-05T10:03:05.000Z' : null,
      complete: finished,
      pages: finished ? 5 : 2,
      total: 50,
      counts: finished ? counts(49, 1) : counts(20),
      error: null,
      errors: finished
        ? [{ remoteId: 'pkg-42', remoteUrl: 'https://catalogue.example.org/dataset/pkg-42', pageUrl: 'https://catalogue.example.org/api/3/action/package_search?start=40', code: 'INVALID_RECORD', message: 'CKAN package pkg-42 has no title', createdAt: '2026-01-05T10:02:00.000Z' }]
        : [],
    });
    await page.route('**/admin/jobs/scripted-job*', (route) => {
      polls += 1;
      return json(route, job());
    });

    await page.goto(`${stack.consoleUrl}#/runs/scripted-job`);
    await page.getByRole('heading', { name: 'Run of Scripted source' }).waitFor();
    const progress = page.locator('progress#run-progress');
    await progress.waitFor();
    expect(await progress.getAttribute('max')).toBe('50');
    expect(await progress.getAttribute('value')).toBe('20');
    expect(await page.getByLabel('Progress').count()).toBe(1);
    expect(await page.getByText('20 of 50 records').count()).toBe(1);
    expect(await page.locator('[data-testid="run-status"]').textContent()).toBe('running');
    await page.screenshot({ path: join(SCREENSHOTS, '10-run-in-progress.png'), fullPage: true });

    // It keeps asking while the run runs…
    const seen = polls;
    await page.waitForResponse('**/admin/jobs/scripted-job*');
    expect(polls).toBeGreaterThan(seen);
    finished = true;
    // …shows the end, and stops asking.
    await page.locator('[data-testid="run-status"] .status-done').waitFor();
    expect(await progress.count()).toBe(0);
    expect(await page.locator('[data-count="created"]').textContent()).toBe('49');
    expect(await page.locator('dl.facts dd').nth(4).textContent()).toBe('3 min 05 s');
    const record = page.getByRole('link', { name: 'pkg-42' });
    expect(await record.getAttribute('href')).toBe('https://catalogue.example.org/dataset/pkg-42');
    expect(await record.getAttribute('rel')).toBe('noopener noreferrer external');
    expect(await page.getByRole('link', { name: 'Page', exact: true }).getAttribute('href')).toBe(
      'https://catalogue.example.org/api/3/action/package_search?start=40',
    );
    const after = polls;
    // Two polling periods without a request: the timer is gone (a bounded wait, not a timed assertion).
    await page.waitForTimeout(2500);
    expect(polls).toBe(after);
  });

  it('offers search and facets once the public API declares q and answers facets', async () => {
    const asked: URLSearchParams[] = [];
    await page.route('**/docs/json', (route) =>
      json(route, { openapi: '3.0.3', paths: { '/api/datasets': { get: { parameters: ['q', 'source', 'status', 'page', 'pageSize', 'format'].map((name) => ({ name, in: 'query' })) } } } }),
    );
    await page.route('**/api/datasets?*', (route) => {
      const query = new URL(route.request().url()).searchParams;
      asked.push(query);
      const format = query.get('format');
      // Each question has its own total, so waiting for a count waits for the answer to that question.
      return json(route, {
        total: format ? 1 : query.get('q') ? 2 : 7,
        page: 1,
        pageSize: 20,
        items: [
          { id: 'd1', title: 'Eau potable', source: { id: sourceId, name: 'Scripted source', url: 'https://catalogue.example.org', protocol: 'ckan' }, remoteId: 'r1', remoteUrl: null, status: 'active', modified: '2024-03-01', lastChanged: '2026-01-05T10:00:00.000Z', links: { self: '' } },
          ...(format ? [] : [{ id: 'd2', title: 'Eau usée', source: { id: sourceId, name: 'Scripted source', url: 'https://catalogue.example.org', protocol: 'ckan' }, remoteId: 'r2', remoteUrl: null, status: 'active', modified: null, lastChanged: '2026-01-05T10:00:00.000Z', links: { self: '' } }]),
        ],
        facets: { format: [{ value: 'CSV', count: 1 }, { value: 'SHP', count: 1 }], publisher: [{ value: 'ign', label: 'IGN', count: 2 }] },
      });
    });

    await page.goto(`${stack.consoleUrl}#/datasets`);
    const search = page.getByRole('searchbox', { name: 'Search' });
    await search.waitFor();
    await search.fill('eau');
    await search.press('Enter');
    await page.getByRole('status').filter({ hasText: '2 datasets' }).waitFor();
    await page.waitForFunction(() => location.hash === '#/datasets?q=eau');
    expect(asked.at(-1)?.get('q')).toBe('eau');
    expect(asked.at(-1)?.get('pageSize')).toBe('20');

    const facets = page.getByRole('complementary', { name: 'Refine' });
    // A field the API lets us filter on is a link; one it does not declare is only shown.
    expect(await facets.getByRole('link').allTextContents()).toEqual(['CSV', 'SHP']);
    expect(await facets.locator('li').allTextContents()).toEqual(['CSV (1)', 'SHP (1)', 'IGN (2)']);
    await page.screenshot({ path: join(SCREENSHOTS, '11-datasets-search-facets.png'), fullPage: true });

    await facets.getByRole('link', { name: 'CSV' }).click();
    await page.getByRole('status').filter({ hasText: '1 datasets' }).waitFor();
    expect(Object.fromEntries(asked.at(-1)!)).toEqual({ q: 'eau', format: 'CSV', pageSize: '20' });
    await page.getByRole('button', { name: 'Remove filter format: CSV' }).click();
    await page.getByRole('status').filter({ hasText: '2 datasets' }).waitFor();
    expect(Object.fromEntries(asked.at(-1)!)).toEqual({ q: 'eau', pageSize: '20' });
  });

  it('shows neither search box nor facets when the API has neither', async () => {
    await page.unrouteAll({ behavior: 'wait' });
    await page.route('**/docs/json', (route) =>
      json(route, { openapi: '3.0.3', paths: { '/api/datasets': { get: { parameters: ['source', 'status', 'page', 'pageSize'].map((name) => ({ name, in: 'query' })) } } } }),
    );
    await page.route('**/api/datasets?*', (route) => json(route, { total: 0, page: 1, pageSize: 20, items: [] }));
    // A fresh document: a hash change alone keeps what the page already learnt about the API.
    await page.goto('about:blank');
    await page.goto(`${stack.consoleUrl}#/datasets`);
    await page.getByRole('status').filter({ hasText: '0 datasets' }).waitFor();
    expect(await page.getByRole('searchbox').count()).toBe(0);
    expect(await page.getByRole('complementary').count()).toBe(0);
    expect(await page.getByText('No dataset matches.').count()).toBe(1);
    expect(await page.getByLabel('Source', { exact: true }).locator('option').allTextContents()).toEqual(['All sources', 'Scripted source']);
  });
});
