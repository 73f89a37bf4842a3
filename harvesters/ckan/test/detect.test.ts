import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HttpClient, AddressGuard } from '@moisson/http';
import { actionBase, ckanHarvester, siteRoot } from '@moisson/harvester-ckan';
import { FixtureServer, json } from '../../../test/support/fixture-server.js';
import { fixtureText } from './fixtures.js';
import { makePackages, servePackages } from './support.js';

const http = new HttpClient({ guard: new AddressGuard(['127.0.0.1']), retries: 1, backoffMs: 10 });
let server: FixtureServer;

beforeEach(async () => {
  server = await new FixtureServer().start();
});
afterEach(async () => {
  await server.stop();
});

describe('site URLs', () => {
  it('finds the site root and the action base from any URL of the site', () => {
    expect(siteRoot('https://demo.ckan.org/')).toBe('https://demo.ckan.org');
    expect(siteRoot('https://demo.ckan.org/api/3/action/package_search?q=x')).toBe('https://demo.ckan.org');
    expect(siteRoot('https://host.example/data/api/3')).toBe('https://host.example/data');
    expect(siteRoot('https://host.example/data/dataset/foo')).toBe('https://host.example/data');
    expect(actionBase('https://host.example/data/')).toBe('https://host.example/data/api/3/action');
    expect(actionBase('https://host.example/api/action')).toBe('https://host.example/api/action');
    expect(actionBase('https://host.example/api/3/action/status_show')).toBe('https://host.example/api/3/action');
  });
});

describe('ckan detect', () => {
  it('detects a site root through status_show and answers the API root', async () => {
    servePackages(server, makePackages(1), { prefix: '/data', siteTitle: 'Demo Open Data Portal' });
    const detection = await ckanHarvester.detect(new URL(server.at('/data/')), http);
    expect(detection).toEqual({
      protocol: 'ckan',
      confidence: 1,
      url: server.at('/data/api/3/action'),
      title: 'Demo Open Data Portal',
      details: { ckanVersion: '2.10.4', extensions: ['dcat'] },
    });
    expect(server.requests.map((r) => r.url.pathname)).toEqual(['/data/api/3/action/status_show']);
  });

  it('detects /api/3/action with the real status_show answer', async () => {
    server.route('/api/3/action/status_show', { headers: { 'content-type': 'application/json' }, body: fixtureText('status-show.json') });
    const detection = await ckanHarvester.detect(new URL(server.at('/api/3/action')), http);
    expect(detection?.title).toBe('Demo Open Data Portal');
    expect(detection?.url).toBe(server.at('/api/3/action'));
    expect(detection?.details?.['ckanVersion']).toBe('2.10.4');
  });

  it('falls back to package_search?rows=0 when status_show is refused (DKAN, locked sites)', async () => {
    server.route('/api/3/action/status_show', { status: 403, headers: { 'content-type': 'application/json' }, body: fixtureText('error-403-authorization.json') });
    server.route('/api/3/action/package_search', json({ success: true, result: { count: 1234, results: [] } }));
    const detection = await ckanHarvester.detect(new URL(server.url), http);
    expect(detection).toEqual({ protocol: 'ckan', confidence: 0.8, url: server.at('/api/3/action'), details: { count: 1234 } });
    expect(server.requests.at(-1)!.url.searchParams.get('rows')).toBe('0');
  });

  it('answers null for a site that is not CKAN', async () => {
    server.route('/', { headers: { 'content-type': 'text/html' }, body: fixtureText('not-ckan.html') });
    expect(await ckanHarvester.detect(new URL(server.url), http)).toBeNull();
  });
});
