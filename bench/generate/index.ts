import { serveCkan } from './ckan.js';
import { serveCsw } from './csw.js';
import { serveDcat } from './dcat.js';
import { serveOds } from './ods.js';
import type { ServedCatalogue } from './common.js';

export type { ServedCatalogue, ServeStats } from './common.js';

/** The catalogues a benchmark can harvest, by name. */
export const catalogues: Record<string, (size: number) => Promise<ServedCatalogue>> = {
  ckan: (size) => serveCkan(size),
  // Incremental runs against a CKAN that answers every package whatever `fq` says.
  'ckan-ignoring-modified': (size) => serveCkan(size, 0, { honourModified: false }),
  dcat: (size) => serveDcat(size, 'turtle'),
  'dcat-rdfxml': (size) => serveDcat(size, 'rdfxml'),
  ods: serveOds,
  csw: serveCsw,
  // Incremental runs against a CSW that answers every record whatever the Modified constraint says.
  'csw-ignoring-modified': (size) => serveCsw(size, 100, { honourModified: false }),
};

/**
 * Catalogues that share no dataset with one another, by name (the `n`th starts its numbering at
 * `n * size`): a federation of distinct portals, where `catalogues` serves copies of one.
 */
export const distinctCatalogues: Record<string, (size: number, n: number) => Promise<ServedCatalogue>> = {
  ckan: (size, n) => serveCkan(size, n * size),
};
