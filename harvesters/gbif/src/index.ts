import type { Harvester } from '@moisson/core';
import { gbifFilters, GbifConfigSchema, type GbifConfig } from './gbif/config.js';
import { detectGbif } from './gbif/detect.js';
import { normaliseGbif } from './gbif/normalise.js';
import { gbifPages } from './gbif/pages.js';
import type { GbifRecord } from './gbif/types.js';
import { iptFilters, IptConfigSchema, type IptConfig } from './ipt/config.js';
import { detectIpt } from './ipt/detect.js';
import { normaliseIpt } from './ipt/normalise.js';
import { iptPages } from './ipt/pages.js';
import type { IptRecord } from './ipt/types.js';

/** The GBIF registry: dataset search, each dataset's EML document and endpoints. */
export const gbifHarvester: Harvester<GbifConfig, GbifRecord> = {
  id: 'gbif',
  displayName: 'GBIF registry',
  configSchema: GbifConfigSchema,
  filters: gbifFilters,
  detect: detectGbif,
  pages: gbifPages,
  normalise: normaliseGbif,
};

/** A GBIF Integrated Publishing Toolkit: its RSS feed of resources, each resource's EML and DwC-A. */
export const iptHarvester: Harvester<IptConfig, IptRecord> = {
  id: 'ipt',
  displayName: 'GBIF IPT',
  configSchema: IptConfigSchema,
  filters: iptFilters,
  detect: detectIpt,
  pages: iptPages,
  normalise: normaliseIpt,
};

export { normaliseEml } from './eml/normalise.js';
export { parseEml, type EmlDocument } from './eml/parse.js';
export { decodeXmlBytes } from './xml/decode.js';
export { GbifConfigSchema, gbifFilters, gbifApiRoot, resolveGbifConfig, type GbifConfig } from './gbif/config.js';
export { detectGbif } from './gbif/detect.js';
export { gbifPages, datasetSearchUrl } from './gbif/pages.js';
export { normaliseGbif, endpointDistribution } from './gbif/normalise.js';
export type { GbifRecord, GbifCursor } from './gbif/types.js';
export { IptConfigSchema, iptFilters, iptBase, resolveIptConfig, type IptConfig } from './ipt/config.js';
export { detectIpt } from './ipt/detect.js';
export { iptPages, rssUrl } from './ipt/pages.js';
export { normaliseIpt } from './ipt/normalise.js';
export { readIptFeed, type IptItem } from './ipt/rss.js';
export { iptResource } from './ipt/urls.js';
export type { IptRecord } from './ipt/types.js';
