import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makePackages, servePackages, type CkanSite } from '../../../harvesters/ckan/test/support.js';
import { hasChromium, SCREENSHOTS, startConsoleStack, type ConsoleStack } from './stack.js';

/**
 * Issue 11, end to end in a real browser: log in, add a CKAN source with a preview, run it,
 * follow the run to its end, then open a dataset and read its provenance chain, in English and
 * in French. Screenshots go to test-artifacts/console/.
 */

const PRODUCER = 'Géoportail du producteur';
let stack: ConsoleStack;
let site: CkanSite;
let page: Page;
/** Script errors and console errors (CSP violations land there) seen by the main page. */
const pageErrors: string[] = [];

const shot = (name: string) => page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
const h1 = () => page.locator('h1');

describe.skipIf(!hasChromium)('the admin console in Chromium', { timeout: 90_000 }, () => {
  beforeAll(async () => {
    stack = await startConsoleStack((remote) => {
      const packages = makePackages(25, (i) => {
        if (i === 3) {
          return {
            extras: [
              { key: 'harvest_source_title', value: PRODUCER },
              { key: 'harvest_url', value: 'https://geo.producteur.example/csw' },
              { key: 'guid', value: '8f6b1d2e-4c1a-4f7e-9c3b-2a5d6e7f8a9b' },
              { key: 'source_url', value: 'https://geo.producteur.example/csw?request=GetRecordById&id=8f6b1d2e-4c1a-4f7e-9c3b-2a5d6e7f8a9b' },
              { key: 'spatial_harvester', value: 'true' },
            ],
          };
        }
        // A package CKAN lets through but moisson cannot use: it must show as an item error.
        if (i === 24) return { title: '' };
        return {};
      });
      site = servePackages(remote, packages, { siteTitle: 'Fixture CKAN' });
    });
    page = await stack.newPage('en');
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => {
      // The wrong-token login is a 401 on purpose; the browser logs it as a failed resource.
      if (message.type() === 'error' && !/status of 401/.test(message.text())) pageErrors.push(`${message.text()} ${message.location().url}`);
    });
  }, 120_000);

  afterAll(async () => {
    await stack?.close();
  });

  it('asks for the token, refuses a wrong one and keeps the right one for the tab', async () => {
    await page.goto(stack.consoleUrl.replace(/\/$/, ''));
    expect(new URL(page.url()).pathname).toBe('/admin/ui/');
    await page.getByRole('heading', { name: 'Log in', level: 1 }).waitFor();
    await page.getByLabel('Admin token').fill('not-the-token');
    await page.getByRole('button', { name: 'Log in' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('not valid for this server');

    await page.getByLabel('Admin token').fill(stack.token);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('heading', { name: 'Sources', level: 1 }).waitFor();
    // The heading comes first, the list when the API has answered.
    await page.getByText('No source yet. Add one to start harvesting.').waitFor();
    expect(await page.evaluate(() => sessionStorage.getItem('moisson.adminToken'))).toBe(stack.token);
  });

  it('previews the first datasets of a source before saving it, then saves it', async () => {
    await page.getByRole('link', { name: 'Add a source' }).click();
    await page.getByRole('heading', { name: 'New source' }).waitFor();
    await page.getByLabel('Name', { exact: true }).fill('Fixture CKAN');
    await page.getByLabel('URL', { exact: true }).fill(stack.remote.url.replace(/\/$/, ''));
    // A choice among constants is a list: DCAT's syntax.
    await page.getByLabel('Protocol', { exact: true }).fill('dcat');
    const syntaxes = await page.getByLabel('RDF syntax', { exact: true }).locator('option').allTextContents();
    expect(syntaxes).toEqual(['—', 'turtle', 'ntriples', 'nquads', 'trig', 'rdfxml', 'jsonld', 'rdfa']);
    await page.getByLabel('Protocol', { exact: true }).fill('ckan');
    // The settings and filter keys CKAN accepts, as the API lists them: its own as fields, the
    // runner's (any source's) listed under the JSON.
    expect(await page.getByRole('group', { name: 'Settings CKAN accepts' }).isVisible()).toBe(true);
    await page.getByText('More settings, written in the JSON').click();
    const help = page.locator('#config-help');
    expect(await help.locator('dt').allTextContents()).toEqual(['incremental Incremental runs', 'fullEveryDays Full run every (days)', 'archiveGraceDays Archive grace (days)', 'politeness.concurrency Requests at once', 'politeness.delayMs Delay between requests (ms)']);
    expect(await page.locator('#filter-keys option').evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value))).toEqual(['organization', 'tags', 'groups', 'fq']);
    await page.getByLabel('Schedule', { exact: true }).fill('0 3 * * *');
    // A field for each of CKAN's own settings, written into the JSON settings.
    expect(await page.getByLabel('Page size', { exact: true }).getAttribute('placeholder')).toBe('300');
    await page.getByLabel('Page size', { exact: true }).fill('10');
    expect(JSON.parse(await page.getByLabel('Protocol settings (JSON)').inputValue())).toEqual({ pageSize: 10 });
    await page.getByLabel('Default language', { exact: true }).fill('fr');
    expect(JSON.parse(await page.getByLabel('Protocol settings (JSON)').inputValue())).toEqual({ pageSize: 10, language: 'fr' });
    // Emptied, the setting leaves the JSON (its default applies).
    await page.getByLabel('Default language', { exact: true }).fill('');
    expect(JSON.parse(await page.getByLabel('Protocol settings (JSON)').inputValue())).toEqual({ pageSize: 10 });
    const searchesBefore = site.searches.length;
    await page.getByRole('button', { name: 'Preview' }).click();

    const preview = page.getByRole('heading', { name: /^Preview:/ });
    await preview.waitFor();
    expect(await preview.textContent()).toBe('Preview: 10 datasets from ckan (1 pages read, nothing stored)');
    const items = page.locator('.preview-list > li strong');
    expect(await items.allTextContents()).toEqual(Array.from({ length: 10 }, (_, i) => `Dataset ${String(i).padStart(4, '0')}`));
    // The preview asked the remote, with the page size given in the settings…
    expect(site.searches.length).toBe(searchesBefore + 1);
    expect(site.searches.at(-1)?.searchParams.get('rows')).toBe('10');
    // …and stored nothing.
    expect(await stack.store.sources.list()).toEqual([]);
    await shot('01-add-source-preview');

    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('heading', { name: 'Fixture CKAN', level: 1 }).waitFor();
    const [source] = await stack.store.sources.list();
    expect(source).toMatchObject({ name: 'Fixture CKAN', protocol: 'ckan', schedule: '0 3 * * *', enabled: true, config: { pageSize: 10 } });
    expect(new URL(page.url()).hash).toBe(`#/sources/${source!.id}`);
  });

  it('runs the source and follows the run to its end, with counts and the record that failed', async () => {
    await page.getByRole('button', { name: 'Run now' }).click();
    await page.getByRole('heading', { name: 'Run of Fixture CKAN' }).waitFor();
    await page.locator('[data-testid="run-status"] .status-done').waitFor({ timeout: 60_000 });

    const count = async (key: string) => page.locator(`[data-count="${key}"]`).textContent();
    expect(await count('created')).toBe('24');
    expect(await count('failed')).toBe('1');
    expect(await count('updated')).toBe('0');
    const errorRow = page.locator('table.errors tbody tr');
    expect(await errorRow.count()).toBe(1);
    expect(await errorRow.locator('td').nth(0).textContent()).toBe('00000000-0000-4000-8000-000000000024');
    expect(await errorRow.locator('td').nth(1).textContent()).toBe('INVALID_RECORD');
    expect(await errorRow.locator('td').nth(2).textContent()).toContain('has no title');
    // The progress bar is for running runs only.
    expect(await page.locator('progress').count()).toBe(0);
    await shot('02-run-finished');
  });

  it('shows the source with its last run, next run, dataset count and a chart of the runs', async () => {
    await page.getByRole('link', { name: 'Sources', exact: true }).click();
    const row = page.locator('table.sources tbody tr');
    await row.first().waitFor();
    expect(await row.count()).toBe(1);
    const cells = row.first().locator('td');
    expect(await cells.nth(0).textContent()).toBe('ckan');
    expect(await cells.nth(1).textContent()).toBe('0 3 * * *');
    expect(await cells.nth(2).locator('.badge').textContent()).toBe('done');
    expect(await cells.nth(3).textContent()).not.toBe('—');
    expect(await cells.nth(4).textContent()).toBe('24');
    await shot('03-sources');

    await row.first().getByRole('link', { name: 'Fixture CKAN', exact: true }).click();
    const chart = page.locator('[data-testid="runs-chart"]');
    await chart.waitFor();
    // One finished run: one point on each line, at 24 datasets and 1 error.
    expect(await chart.locator('circle.dot.datasets').count()).toBe(1);
    expect(await page.locator('figure.chart table tbody td').allTextContents()).toEqual([expect.any(String), '24', '1']);
    await shot('04-source');
  });

  it('opens a dataset with its DCAT-AP fields, its raw record and its chain from the producer to us', async () => {
    await page.getByRole('link', { name: 'Datasets', exact: true }).click();
    await page.getByRole('status').filter({ hasText: '24 datasets' }).waitFor();
    await page.getByRole('link', { name: 'Dataset 0003' }).click();
    await page.getByRole('heading', { name: 'Dataset 0003', level: 1 }).waitFor();

    const hops = page.locator('[data-testid="chain"] > li');
    expect(await hops.evaluateAll((items) => items.map((li) => li.getAttribute('data-role')))).toEqual(['origin', 'source', 'moisson']);
    expect(await hops.nth(0).locator('.hop-title').textContent()).toBe(PRODUCER);
    expect(await hops.nth(0).getByRole('link', { name: '8f6b1d2e-4c1a-4f7e-9c3b-2a5d6e7f8a9b' }).getAttribute('href')).toBe(
      'https://geo.producteur.example/csw?request=GetRecordById&id=8f6b1d2e-4c1a-4f7e-9c3b-2a5d6e7f8a9b',
    );
    expect(await hops.nth(1).locator('.hop-title').textContent()).toBe('Fixture CKAN');
    expect(await hops.nth(1).locator('dd').first().textContent()).toBe('00000000-0000-4000-8000-000000000003');
    expect(await hops.nth(2).locator('.role').textContent()).toBe('moisson');

    expect(await page.locator('.description').textContent()).toBe('Description of dataset 0003.');
    expect(await page.locator('table.distributions tbody tr').count()).toBe(1);

    await page.getByRole('button', { name: 'Show the original record' }).click();
    const raw = page.locator('[data-testid="raw-record"]');
    await raw.waitFor();
    const record = JSON.parse((await raw.textContent()) ?? '') as { name: string; id: string };
    expect(record).toMatchObject({ name: 'dataset-0003', id: '00000000-0000-4000-8000-000000000003' });
    await shot('05-dataset-chain');
  });

  it('speaks French after the toggle, and remembers it', async () => {
    await page.getByRole('button', { name: 'Passer en français' }).click();
    await page.getByRole('heading', { name: 'Chaîne de provenance' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('fr');
    expect(await page.locator('[data-testid="chain"] > li .role').allTextContents()).toEqual(['producteur', 'source moissonnée', 'moisson']);
    await shot('06-dataset-fr');
    await page.reload();
    await page.getByRole('heading', { name: 'Chaîne de provenance' }).waitFor();
    await page.getByRole('button', { name: 'Switch to English' }).click();
    await page.getByRole('heading', { name: 'Provenance chain' }).waitFor();
  });

  it('pauses the source from the list with the keyboard', async () => {
    await page.goto(`${stack.consoleUrl}#/sources`);
    const pause = page.getByRole('button', { name: 'Pause: Fixture CKAN' });
    await pause.focus();
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Resume: Fixture CKAN' }).waitFor();
    expect(await page.getByRole('status').filter({ hasText: 'is paused' }).textContent()).toBe('Fixture CKAN is paused.');
    const [source] = await stack.store.sources.list();
    expect(source?.enabled).toBe(false);
    expect(await page.locator('table.sources tbody tr td').nth(3).textContent()).toBe('paused');
  });

  it('edits a source with its current values filled in', async () => {
    const [before] = await stack.store.sources.list();
    await page.getByRole('link', { name: 'Edit: Fixture CKAN' }).click();
    await page.getByRole('heading', { name: 'Edit source Fixture CKAN' }).waitFor();
    expect(await page.getByLabel('URL', { exact: true }).inputValue()).toBe(before!.url);
    expect(await page.getByLabel('Schedule', { exact: true }).inputValue()).toBe('0 3 * * *');
    expect(JSON.parse(await page.getByLabel('Protocol settings (JSON)').inputValue())).toEqual({ pageSize: 10 });
    expect(await page.getByLabel('Page size', { exact: true }).inputValue()).toBe('10');
    expect(await page.getByLabel('Enabled (runs on schedule)').isChecked()).toBe(false);
    await page.getByLabel('Name', { exact: true }).fill('Fixture CKAN (renamed)');
    await page.getByLabel('Schedule', { exact: true }).fill('30 4 * * 1');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('heading', { name: 'Fixture CKAN (renamed)', level: 1 }).waitFor();
    expect(await stack.store.sources.get(before!.id)).toMatchObject({ name: 'Fixture CKAN (renamed)', schedule: '30 4 * * 1', enabled: false, config: { pageSize: 10 } });
  });

  it('showed no script error and broke no content-security rule on the way', () => {
    expect(pageErrors).toEqual([]);
  });

  it('sends the user back to the login form after logging out', async () => {
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.getByRole('heading', { name: 'Log in', level: 1 }).waitFor();
    expect(await page.evaluate(() => sessionStorage.getItem('moisson.adminToken'))).toBeNull();
  });
});
