import { contentHash, emptyDataset, emptyDistribution, identityKeys, type Dataset, type ProvenanceHop } from '@moisson/core';
import { commitPage, linkClusters, type DatasetWrite, type SourceRow, type Store } from '@moisson/store';
import { cleanPage } from '../../../test/support/page-commit.js';

const EU = 'http://publications.europa.eu/resource/authority';
export const THEME = (code: string) => `${EU}/data-theme/${code}`;
export const FORMAT = (code: string) => `${EU}/file-type/${code}`;
export const LANG = (code: string) => `${EU}/language/${code}`;
export const ETALAB = 'https://www.etalab.gouv.fr/licence-ouverte-open-licence';
export const ODBL = `${EU}/licence/ODC_ODBL`;
export const CC_BY_NC = `${EU}/licence/CC_BYNC_4_0`;

export const THEME_LABELS: Record<string, string> = { ENVI: 'Environment', EDUC: 'Education, culture and sport', HEAL: 'Health' };

export interface Spec {
  remoteId: string;
  title: string;
  description?: string;
  keywords?: string[];
  themes?: string[];
  publisher?: { name: string; uri?: string };
  formats?: string[];
  license?: string;
  languages?: string[];
  bbox?: [number, number, number, number];
  modified?: string;
  uri?: string;
  chain?: ProvenanceHop[];
  matchKeys?: string[];
  loop?: boolean;
}

export function dataset(spec: Spec): Dataset {
  return {
    ...emptyDataset(),
    uri: spec.uri,
    title: [{ value: spec.title, lang: 'fr' }],
    description: spec.description ? [{ value: spec.description, lang: 'fr' }] : [],
    keywords: (spec.keywords ?? []).map((value) => ({ value, lang: 'fr' })),
    themes: (spec.themes ?? []).map((code) => ({ uri: THEME(code), label: [{ value: THEME_LABELS[code] ?? code, lang: 'en' }] })),
    publisher: spec.publisher ? { uri: spec.publisher.uri, name: [{ value: spec.publisher.name }] } : undefined,
    license: spec.license ? { uri: spec.license } : undefined,
    languages: spec.languages ?? [],
    modified: spec.modified,
    spatial: spec.bbox ? [{ bbox: spec.bbox }] : [],
    distributions: (spec.formats ?? []).map((code) => ({
      ...emptyDistribution(),
      title: [{ value: `${spec.title} (${code})` }],
      accessURL: [`https://files.example.org/${spec.remoteId}.${code.toLowerCase()}`],
      format: { uri: FORMAT(code), label: [{ value: code }] },
    })),
  };
}

export function write(spec: Spec): DatasetWrite {
  const data = dataset(spec);
  const chain = spec.chain ?? [];
  return {
    remoteId: spec.remoteId,
    remoteUrl: `https://catalogue.example.org/dataset/${spec.remoteId}`,
    uri: spec.uri,
    identifiers: [],
    title: spec.title,
    data,
    chain,
    rawOriginal: JSON.stringify({ id: spec.remoteId }),
    rawMediaType: 'application/json',
    hash: contentHash({ data, chain }),
    matchKeys: spec.matchKeys ?? (spec.uri ? identityKeys(data, chain) : []),
    loop: spec.loop ?? false,
  };
}

/** Writes one complete harvest of `specs` into `source`, links clusters like the runner, archives the rest. */
export async function harvest(store: Store, source: SourceRow, specs: Spec[], archiveUnseen = false): Promise<void> {
  const job = await store.jobs.create(source.id);
  const { datasetIds } = await commitPage(store.pool, cleanPage(source.id, job.id, specs.map(write)));
  await linkClusters(store.pool, datasetIds);
  if (archiveUnseen) await store.datasets.archiveUnseen(source.id, job.id, 0);
  await store.jobs.finish(job.id, { status: 'done', complete: true });
}
