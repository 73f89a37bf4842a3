import { FixtureServer, json, type FixtureReply, type FixtureRequest } from '../../../test/support/fixture-server.js';
import { fixtureJson } from './helpers.js';

export const V2_PATH = '/api/explore/v2.1/catalog/datasets';
export const V1_PATH = '/api/datasets/1.0/search/';

/** Synthetic datasets `ds-001`…, shaped like the real v2.1 results of the fixture page. */
export function syntheticIds(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `ds-${String(i + 1).padStart(3, '0')}`);
}

function v2Dataset(id: string): Record<string, unknown> {
  return { dataset_id: id, has_records: true, features: ['analyze'], metas: { default: { title: `Jeu ${id}`, modified: '2024-01-01T00:00:00+00:00' } } };
}

/**
 * The v2.1 catalogue the way ODS serves it: ordered by dataset_id, `where=dataset_id > "x"`
 * honoured, and offset + limit above `cap` refused with ODS's own 400 error.
 */
export function v2Catalogue(ids: string[], cap = 10_000): (request: FixtureRequest) => FixtureReply {
  const sorted = [...ids].sort();
  return (request) => {
    const q = request.url.searchParams;
    const limit = Number(q.get('limit') ?? 10);
    const offset = Number(q.get('offset') ?? 0);
    if (offset + limit > cap) {
      return json(
        {
          error_code: 'InvalidRESTParameterError',
          message: `Invalid value for sum of offset + limit API parameter: ${offset + limit} was found but <= ${cap} is expected.`,
        },
        400,
      );
    }
    const after = /dataset_id > "((?:[^"\\]|\\.)*)"/.exec(q.get('where') ?? '')?.[1];
    const matching = after === undefined ? sorted : sorted.filter((id) => id > after);
    return json({ total_count: matching.length, results: matching.slice(offset, offset + limit).map(v2Dataset) });
  };
}

/** The v1 search over synthetic datasets, `rows`/`start` paged. */
export function v1Search(ids: string[]): (request: FixtureRequest) => FixtureReply {
  return (request) => {
    const q = request.url.searchParams;
    const rows = Number(q.get('rows') ?? 10);
    const start = Number(q.get('start') ?? 0);
    const datasets = ids.slice(start, start + rows).map((id) => ({ datasetid: id, metas: { title: `Jeu ${id}` }, has_records: true, features: [] }));
    return json({ nhits: ids.length, parameters: { rows, start, format: 'json', timezone: 'UTC' }, datasets });
  };
}

export function errorReply(name: string, status = 400): FixtureReply {
  return json(fixtureJson(name), status);
}

export async function startServer(): Promise<FixtureServer> {
  return new FixtureServer().start();
}
