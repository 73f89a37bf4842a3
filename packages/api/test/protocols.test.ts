import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registryHarvesters } from '@moisson/api';
import { protocolIds } from '@moisson/registry';
import { auth, testApi, type TestApi } from './setup.js';

let api: TestApi;

beforeAll(async () => {
  api = await testApi({ harvesters: registryHarvesters });
});
afterAll(async () => api?.close());

interface ProtocolView {
  id: string;
  name: string;
  incremental: boolean;
  filters: Array<{ key: string; label: string; description: string }>;
  config: { properties: Record<string, { title?: string; default?: unknown; minimum?: number }> };
}

async function protocols(): Promise<{ items: ProtocolView[]; runnerConfig: { properties: Record<string, unknown> } }> {
  const res = await api.app.inject({ method: 'GET', url: '/admin/protocols', headers: auth });
  expect(res.statusCode).toBe(200);
  return res.json();
}

describe('GET /admin/protocols', () => {
  it('needs the admin token', async () => {
    const res = await api.app.inject({ method: 'GET', url: '/admin/protocols' });
    expect(res.statusCode).toBe(401);
  });

  it('lists every registered protocol with its filter keys and its settings', async () => {
    const { items, runnerConfig } = await protocols();
    expect(items.map((p) => p.id)).toEqual([...protocolIds()].sort());

    const ckan = items.find((p) => p.id === 'ckan')!;
    expect(ckan).toMatchObject({ name: 'CKAN', incremental: true });
    expect(ckan.filters.map((f) => f.key)).toEqual(expect.arrayContaining(['organization', 'tags', 'groups', 'fq']));
    expect(ckan.filters.every((f) => f.label.length > 0 && f.description.length > 0)).toBe(true);
    expect(ckan.config.properties['language']?.title).toBe('Default language');

    const dcat = items.find((p) => p.id === 'dcat')!;
    expect(dcat).toMatchObject({ incremental: false, filters: [] });
    expect(dcat.config.properties['groupWindow']).toMatchObject({ default: 200_000, minimum: 1_000 });

    // Settings of the runner, valid for any protocol, apart from each protocol's own.
    expect(Object.keys(runnerConfig.properties)).toEqual(expect.arrayContaining(['incremental', 'fullEveryDays', 'archiveGraceDays', 'politeness']));
    expect(ckan.config.properties).not.toHaveProperty('politeness');
  });

  it('describes the settings that registering a source is checked against', async () => {
    const { items } = await protocols();
    const { minimum } = items.find((p) => p.id === 'dcat')!.config.properties['groupWindow']!;
    const register = (groupWindow: number) =>
      api.app.inject({
        method: 'POST',
        url: '/admin/sources',
        headers: auth,
        payload: { name: 'Dump', url: 'http://127.0.0.1:9/catalog.ttl', protocol: 'dcat', config: { groupWindow } },
      });
    const refused = await register(minimum! - 1);
    expect(refused.statusCode).toBe(422);
    expect(refused.json().message).toContain('groupWindow');
    expect((await register(minimum!)).statusCode).toBe(201);
  });
});
