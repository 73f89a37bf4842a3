import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FixtureServer } from '../../../test/support/fixture-server.js';
import { auth, testApi, type TestApi } from './setup.js';

let api: TestApi;
const server = new FixtureServer();

beforeAll(async () => {
  api = await testApi();
  await server.start();
});
afterAll(async () => {
  await api?.close();
  await server.stop();
});

const post = (config: Record<string, unknown>) =>
  api.app.inject({ method: 'POST', url: '/admin/sources', headers: auth, payload: { name: 'S', url: server.at('/site'), protocol: 'fake', config } });

describe('the runner settings in a source config', () => {
  it('are accepted next to the protocol settings, and stored as given', async () => {
    const config = { pageSize: 10, incremental: false, fullEveryDays: 3, archiveGraceDays: 0, politeness: { concurrency: 1, delayMs: 1000 } };
    const response = await post(config);
    expect(response.statusCode).toBe(201);
    expect(response.json().config).toEqual(config);
  });

  it('are validated against their own schema, with a message naming the field', async () => {
    const response = await post({ politeness: { delayMs: -5 } });
    expect(response.statusCode).toBe(422);
    expect(response.json()).toEqual({ error: 'invalid_config', message: 'invalid config: config/politeness/delayMs must be >= 0' });
  });
});
