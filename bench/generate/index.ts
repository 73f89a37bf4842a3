import { serveCkan } from './ckan.js';
import { serveCsw } from './csw.js';
import { serveDcat } from './dcat.js';
import { serveOds } from './ods.js';
import type { ServedCatalogue } from './common.js';

export type { ServedCatalogue, ServeStats } from './common.js';

/** The catalogues a benchmark can harvest, by name. */
export const catalogues: Record<string, (size: number) => Promise<ServedCatalogue>> = {
  ckan: serveCkan,
  dcat: (size) => serveDcat(size, 'turtle'),
  'dcat-rdfxml': (size) => serveDcat(size, 'rdfxml'),
  ods: serveOds,
  csw: serveCsw,
};
