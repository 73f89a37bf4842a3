import { Type } from '@sinclair/typebox';
import { emptyDataset, InvalidRecord, PageFetchError, type Harvester, type Page, type ProvenanceHop } from '@moisson/core';

export interface FakeRecord {
  id: string;
  title?: string;
  uri?: string;
  chain?: ProvenanceHop[];
}

/**
 * An in-memory harvester for the runner's contract (udata's FakeBackend): records come from a
 * list the test changes between runs; a page can be made to fail or to be truncated.
 */
export function fakeHarvester(state: { records: FakeRecord[]; pageSize: number; failAtPage?: number; truncateAtPage?: number; calls: Array<number | null> }): Harvester<Record<string, never>, FakeRecord> {
  return {
    id: 'fake',
    displayName: 'Fake',
    configSchema: Type.Object({}),
    filters: [],
    async detect() {
      return null;
    },
    async *pages(_source, cursor): AsyncIterable<Page<FakeRecord>> {
      let index = typeof cursor === 'number' ? cursor : 0;
      for (;;) {
        state.calls.push(index);
        const pageNumber = index / state.pageSize;
        if (state.failAtPage === pageNumber) throw new PageFetchError(`GET fake page ${pageNumber} answered HTTP 500`, `fake://page/${pageNumber}`, 500);
        const records = state.records.slice(index, index + state.pageSize);
        const next = index + state.pageSize < state.records.length ? index + state.pageSize : null;
        yield {
          url: `fake://page/${pageNumber}`,
          records: records.map((r) => ({ remoteId: r.id, raw: r, original: { mediaType: 'application/json', body: JSON.stringify(r) } })),
          next,
          total: state.records.length,
          truncated: state.truncateAtPage === pageNumber ? 'next link repeats a page already read' : undefined,
        };
        if (next === null) return;
        index = next;
      }
    },
    normalise(raw) {
      if (!raw.title) throw new InvalidRecord(`record ${raw.id} has no title`, raw.id);
      return { remoteId: raw.id, remoteUrl: `fake://records/${raw.id}`, dataset: { ...emptyDataset(), uri: raw.uri, identifiers: [raw.id], title: [{ value: raw.title }] }, chain: raw.chain ?? [] };
    },
  };
}
