import { Type } from '@fastify/type-provider-typebox';
import { emptyDataset, InvalidRecord, type Harvester, type Http, type Page } from '@moisson/core';

interface FakeItem {
  id?: string;
  title?: string;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A tiny protocol for API tests, so they do not depend on which real harvesters are registered:
 * `GET <url>?page=N` answers `{fake: true, items: [{id, title}], next: N+1 | null}`.
 */
export const fakeHarvester: Harvester<{ pageSize?: number }, FakeItem> = {
  id: 'fake',
  displayName: 'Fake catalogue',
  configSchema: Type.Object({ pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 50 })) }, { additionalProperties: false }),
  filters: [
    { key: 'tag', label: 'Tag', description: 'A tag' },
    { key: 'owner', label: 'Owner', description: 'An owner' },
  ],
  async detect(url: URL, http: Http) {
    const endpoint = new URL('fake/api', url.href.endsWith('/') ? url : `${url.href}/`).href;
    const response = await http.get(endpoint);
    const body: unknown = JSON.parse(response.body);
    return isObject(body) && body.fake === true ? { protocol: 'fake', confidence: 0.8, url: endpoint } : null;
  },
  async *pages(source, cursor, http): AsyncIterable<Page<FakeItem>> {
    let page = typeof cursor === 'number' ? cursor : 1;
    for (;;) {
      const url = `${source.url}?page=${page}`;
      const body: unknown = JSON.parse((await http.get(url)).body);
      if (!isObject(body) || !Array.isArray(body.items)) throw new Error(`not a fake page: ${url}`);
      const items = body.items.filter(isObject) as FakeItem[];
      const next = typeof body.next === 'number' ? body.next : null;
      yield {
        url,
        records: items.map((raw) => ({ remoteId: raw.id, raw, original: { mediaType: 'application/json', body: JSON.stringify(raw) } })),
        next,
      };
      if (next === null) return;
      page = next;
    }
  },
  normalise(raw, ctx) {
    if (!raw.id) throw new InvalidRecord('a fake item needs an id');
    if (!raw.title) throw new InvalidRecord(`fake item ${raw.id} has no title`, raw.id);
    return {
      remoteId: raw.id,
      remoteUrl: `${ctx.source.url}/items/${raw.id}`,
      dataset: { ...emptyDataset(), title: [{ value: raw.title, lang: 'en' }] },
      chain: [],
    };
  },
};

/** Says yes, weakly, to any URL whose page mentions "fake": loses to `fakeHarvester`. */
export const weakHarvester: Harvester = {
  ...(fakeHarvester as unknown as Harvester),
  id: 'weak',
  displayName: 'Weak guesser',
  filters: [],
  async detect(url, http) {
    const response = await http.get(url.href);
    return response.body.includes('fake') ? { protocol: 'weak', confidence: 0.2 } : null;
  },
};
