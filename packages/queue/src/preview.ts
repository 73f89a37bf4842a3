import type { AnyHarvester, Http, NormalisedRecord, SourceSpec } from '@moisson/core';
import { processPage } from './records.js';

export interface PreviewResult {
  datasets: Array<Pick<NormalisedRecord, 'remoteId' | 'remoteUrl' | 'remoteModified' | 'dataset' | 'chain'>>;
  errors: Array<{ remoteId?: string; code: string; message: string }>;
  skipped: number;
  pages: number;
}

/**
 * The first normalised datasets of a source, nothing stored: what an operator checks before
 * registering a source (udata's preview, the CLI's `harvest`). Reads pages until `limit`
 * datasets are normalised or the listing ends.
 */
export async function preview(harvester: AnyHarvester, source: SourceSpec, http: Http, limit = 20): Promise<PreviewResult> {
  const result: PreviewResult = { datasets: [], errors: [], skipped: 0, pages: 0 };
  const ctx = { source: { url: source.url, id: source.id, name: source.name }, config: source.config, filters: source.filters, harvestedAt: new Date().toISOString() };
  for await (const page of harvester.pages(source, null, http)) {
    result.pages++;
    const processed = processPage(harvester, page, ctx);
    result.skipped += processed.skipped;
    result.errors.push(...processed.errors.map(({ remoteId, code, message }) => ({ remoteId, code, message })));
    for (const write of processed.datasets) {
      if (result.datasets.length >= limit) break;
      result.datasets.push({ remoteId: write.remoteId, remoteUrl: write.remoteUrl, remoteModified: write.remoteModified, dataset: write.data, chain: write.chain });
    }
    if (page.truncated) result.errors.push({ code: 'LISTING_TRUNCATED', message: page.truncated });
    if (result.datasets.length >= limit || page.next === null) break;
  }
  return result;
}
