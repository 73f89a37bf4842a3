/**
 * An Opendatasoft Explore v2.1 catalogue of `size` datasets, shaped like the v2.1 fixture page
 * (metas.default + dcat + inspire, fields, attachments), generated per request. It behaves like
 * ODS: ordered by dataset_id, `offset + limit` above 10,000 refused with ODS's 400, and
 * `where=dataset_id > "x"` honoured, so the harvester switches to keyset paging past the cap.
 */
import { json, type FixtureReply } from '../../test/support/fixture-server.js';
import { dayOf, LOREM, ORGS, pad, serveRoutes, THEMES, type Routes, type ServedCatalogue } from './common.js';

const V2_PATH = '/api/explore/v2.1/catalog/datasets';
const OFFSET_CAP = 10_000;

export const odsId = (i: number): string => `jeu-${pad(i)}`;

export function odsDataset(i: number): Record<string, unknown> {
  const id = odsId(i);
  const org = i % ORGS;
  return {
    visibility: 'domain',
    dataset_id: id,
    dataset_uid: `da_${i.toString(36)}`,
    has_records: true,
    features: ['analyze', 'geo'],
    attachments: [
      { href: `https://data.example.fr${V2_PATH}/${id}/attachments/notice_pdf`, id: 'notice_pdf', mimetype: 'application/pdf', title: 'Notice.pdf', url: 'odsfile://notice.pdf' },
    ],
    alternative_exports: [],
    data_visible: true,
    fields: [
      { name: 'identifiant', label: 'Identifiant', type: 'text', description: null, annotations: {} },
      { name: 'valeur', label: 'Valeur', type: 'double', description: null, annotations: {} },
      { name: 'geo_point_2d', label: 'Géolocalisation', type: 'geo_point_2d', description: null, annotations: {} },
    ],
    metas: {
      default: {
        title: `Jeu de données ${pad(i)} — ${THEMES[i % THEMES.length]}`,
        description: `<p>${LOREM}</p><p>Jeu <strong>${i}</strong>.</p>`,
        theme: [THEMES[i % THEMES.length]],
        keyword: ['open data', `mot-${i % 97}`],
        license: 'Licence Ouverte v2.0 (Etalab)',
        license_url: 'https://www.etalab.gouv.fr/wp-content/uploads/2017/04/ETALAB-Licence-Ouverte-v2.0.pdf',
        language: 'fr',
        metadata_languages: ['fr'],
        timezone: 'Europe/Paris',
        modified: `${dayOf(i)}T09:12:44+00:00`,
        data_processed: `${dayOf(i)}T09:12:40.512000+00:00`,
        metadata_processed: `${dayOf(i + 1)}T06:01:02.000000+00:00`,
        geographic_reference: ['fr_40_44'],
        territory: ['Loire-Atlantique'],
        geometry_types: ['Point'],
        bbox: { type: 'Feature', geometry: { type: 'Polygon', coordinates: [[[-1.7257, 47.1398], [-1.4134, 47.1398], [-1.4134, 47.2951], [-1.7257, 47.2951], [-1.7257, 47.1398]]] }, properties: {} },
        publisher: `Organisation ${org}`,
        references: `https://www.example.fr/donnees/${id}`,
        records_count: 100 + i,
        federated: false,
        update_frequency: null,
      },
      dcat: { created: dayOf(i), issued: `${dayOf(i)}T00:00:00+00:00`, creator: `Organisation ${org}`, contact_name: `Service ${org}`, contact_email: `contact${org}@example.fr`, accrualperiodicity: 'Annuelle', temporal: '2015/2023' },
      inspire: { theme: 'Répartition des espèces', type: 'dataset', file_identifier: `fr-244400404-${id}` },
    },
  };
}

/** Index of the first id above `after` (ids are `jeu-` + 9 digits, so the number is the index). */
function indexAfter(after: string): number {
  const n = /^jeu-(\d+)$/.exec(after)?.[1];
  return n === undefined ? 0 : Number(n) + 1;
}

export function odsRoutes(size: number): Routes {
  return {
    [V2_PATH]: (request): FixtureReply => {
      const q = request.url.searchParams;
      const limit = Number(q.get('limit') ?? 10);
      const offset = Number(q.get('offset') ?? 0);
      if (limit > 100) return json({ error_code: 'InvalidRESTParameterError', message: `Invalid value for limit API parameter: ${limit} was found but -1 <= limit <= 100 is expected.` }, 400);
      if (offset + limit > OFFSET_CAP) {
        return json({ error_code: 'InvalidRESTParameterError', message: `Invalid value for sum of offset + limit API parameter: ${offset + limit} was found but <= ${OFFSET_CAP} is expected.` }, 400);
      }
      const after = /dataset_id > "((?:[^"\\]|\\.)*)"/.exec(q.get('where') ?? '')?.[1];
      const first = after === undefined ? 0 : indexAfter(after);
      const results: unknown[] = [];
      for (let i = first + offset; i < Math.min(first + offset + limit, size); i++) results.push(odsDataset(i));
      return json({ total_count: Math.max(size - first, 0), results });
    },
  };
}

export async function serveOds(size: number): Promise<ServedCatalogue> {
  const { server, stats } = await serveRoutes(odsRoutes(size));
  return { protocol: 'ods', url: server.url.replace(/\/$/, ''), config: { apiVersion: 'v2.1' }, stats, server };
}
