/**
 * A CKAN `package_search` catalogue of `size` packages, shaped like the harvested-spatial and
 * data.gov fixtures (extras, tags, organisation, two resources), generated page by page from
 * `start`/`rows` (never the whole catalogue in memory). Sorted by id as moisson asks (`id asc`).
 */
import { json } from '../../test/support/fixture-server.js';
import { dayOf, LOREM, ORGS, pad, serveRoutes, THEMES, type Routes, type ServedCatalogue } from './common.js';

export function ckanId(i: number): string {
  return `00000000-0000-4000-8000-${pad(i, 12)}`;
}

export function ckanPackage(i: number): Record<string, unknown> {
  const org = i % ORGS;
  const k = pad(i);
  return {
    id: ckanId(i),
    name: `jeu-de-donnees-${k}`,
    title: `Jeu de données ${k} — ${THEMES[i % THEMES.length]}`,
    notes: `<p>${LOREM}</p><p>Jeu <b>${k}</b>, mise à jour annuelle.</p>`,
    type: 'dataset',
    state: 'active',
    private: false,
    license_id: i % 3 === 0 ? 'cc-by' : 'fr-lo',
    license_title: i % 3 === 0 ? 'Creative Commons Attribution' : 'Licence Ouverte / Open Licence',
    metadata_created: `${dayOf(i)}T15:03:22.401227`,
    metadata_modified: `${dayOf(i + 7)}T04:10:55.017762`,
    maintainer: `Service ${org}`,
    maintainer_email: `contact${org}@example.fr`,
    author: null,
    url: `https://www.example.fr/donnees/${k}`,
    organization: { id: `0e1d2c3b-4a59-4687-a5b4-${pad(org, 12)}`, name: `organisation-${org}`, title: `Organisation ${org}` },
    tags: [{ name: THEMES[i % THEMES.length] }, { name: 'biodiversité' }, { name: `mot-${i % 97}` }],
    groups: [],
    extras: [
      { key: 'bbox-east-long', value: '8.2335' },
      { key: 'bbox-north-lat', value: '50.1699' },
      { key: 'bbox-south-lat', value: '47.4202' },
      { key: 'bbox-west-long', value: '3.3833' },
      { key: 'frequency-of-update', value: 'annually' },
      { key: 'guid', value: `fr-120066022-ldd-${k}` },
      { key: 'harvest_object_id', value: `6f1e2d3c-9a8b-4c7d-8e6f-${pad(i, 12)}` },
      { key: 'harvest_source_id', value: '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d' },
      { key: 'harvest_source_title', value: 'GéoGrandEst CSW' },
      { key: 'harvest_source_url', value: 'https://www.geograndest.example.fr/geonetwork/srv/fre/csw' },
      { key: 'metadata-language', value: 'fre' },
      { key: 'spatial', value: '{"type":"Polygon","coordinates":[[[3.3833, 47.4202],[3.3833, 50.1699],[8.2335, 50.1699],[8.2335, 47.4202],[3.3833, 47.4202]]]}' },
      { key: 'temporal-extent-begin', value: String(1980 + (i % 40)) },
    ],
    resources: [
      {
        id: `1b2c3d4e-5f60-4718-92a3-${pad(i, 12)}`,
        name: `Export ${k} (CSV)`,
        description: 'Export complet',
        format: 'CSV',
        mimetype: 'text/csv',
        url: `https://files.example.fr/${k}.csv`,
        size: 1000 + i,
        created: `${dayOf(i)}T15:03:22.401227`,
      },
      {
        id: `2c3d4e5f-6071-4829-a3b4-${pad(i, 12)}`,
        name: `Service WFS ${k}`,
        description: 'Service de téléchargement',
        format: 'OGC:WFS',
        url: `https://geo.example.fr/geoserver/ows?SERVICE=WFS&REQUEST=GetCapabilities&layer=${k}`,
      },
    ],
  };
}

/** Every generated package was last modified before this (`dayOf` gives days of 2020–2024). */
const LATEST_MODIFIED = Date.parse('2025-01-01T00:00:00Z');

/** The date of a `metadata_modified:[<date> TO *]` clause in `fq` (moisson's incremental runs). */
function modifiedSince(fq: string | null): number | undefined {
  const match = /metadata_modified:\[(\S+) TO \*\]/.exec(fq ?? '');
  const since = match ? Date.parse(match[1]!) : NaN;
  return Number.isNaN(since) ? undefined : since;
}

export interface CkanBehaviour {
  /** Apply a `metadata_modified` range in `fq`, as CKAN's Solr does. @defaultValue true */
  honourModified?: boolean;
}

/**
 * Answers `status_show` and `package_search` (rows ≤ 1000, `start`) for `size` packages, numbered
 * from `first` (catalogues with different `first` share no dataset). Like CKAN it applies a
 * `metadata_modified:[<date> TO *]` filter, so an incremental run of an unchanged catalogue is one
 * request; `{ honourModified: false }` plays a server that ignores it.
 */
export function ckanRoutes(size: number, first = 0, behaviour: CkanBehaviour = {}): Routes {
  const envelope = (result: unknown) => json({ help: 'https://ckan.example.fr/api/3/action/help_show', success: true, result });
  return {
    '/api/3/action/status_show': () => envelope({ site_title: 'Bench CKAN', ckan_version: '2.10.4', extensions: ['dcat'] }),
    '/api/3/action/package_search': (request) => {
      const rows = Math.min(Number(request.url.searchParams.get('rows') ?? 10), 1000);
      const start = Number(request.url.searchParams.get('start') ?? 0);
      const since = behaviour.honourModified === false ? undefined : modifiedSince(request.url.searchParams.get('fq'));
      const count = since !== undefined && since >= LATEST_MODIFIED ? 0 : size;
      const results: unknown[] = [];
      for (let i = start; i < Math.min(start + rows, count); i++) results.push(ckanPackage(first + i));
      return envelope({ count, sort: 'id asc', facets: {}, results, search_facets: {} });
    },
  };
}

export async function serveCkan(size: number, first = 0, behaviour: CkanBehaviour = {}): Promise<ServedCatalogue> {
  const { server, stats } = await serveRoutes(ckanRoutes(size, first, behaviour));
  return { protocol: 'ckan', url: server.url.replace(/\/$/, ''), config: {}, stats, server };
}
