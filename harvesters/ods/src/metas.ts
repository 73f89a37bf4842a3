import { InvalidRecord } from '@moisson/core';
import { obj, str, strList, type JsonObject } from './json.js';
import { datasetIdOf, unwrapDataset } from './records.js';
import type { OdsDataset } from './types.js';

/** One dataset seen the same way whatever API it came from. */
export interface OdsView {
  api: 'v2' | 'v1';
  id: string;
  /** `dataset_uid` (v2 only): stable across slug renames. */
  uid?: string;
  /** v2 `metas.default`, v1 `metas`. */
  def: JsonObject;
  /** v2 `metas.dcat`, v1 `interop_metas.dcat`. */
  dcat: JsonObject;
  /** v2 `metas.inspire`, v1 `interop_metas.inspire`. */
  inspire: JsonObject;
  dataset: JsonObject;
  features: string[];
  hasRecords: boolean;
}

export function viewOf(raw: OdsDataset): OdsView {
  const dataset = unwrapDataset(raw);
  const id = dataset ? datasetIdOf(dataset) : undefined;
  if (!dataset || !id) throw new InvalidRecord('an ODS dataset without dataset_id');
  const metas = obj(dataset['metas']);
  const v1 = !('dataset_id' in dataset) && 'datasetid' in dataset;
  const interop = obj(dataset['interop_metas']);
  const def = v1 ? metas : obj(metas['default']);
  const uid = str(dataset['dataset_uid']);
  return {
    api: v1 ? 'v1' : 'v2',
    id,
    ...(uid ? { uid } : {}),
    def,
    dcat: v1 ? obj(interop['dcat'] ?? metas['dcat']) : obj(metas['dcat']),
    inspire: v1 ? obj(interop['inspire'] ?? metas['inspire']) : obj(metas['inspire']),
    dataset,
    features: strList(dataset['features']),
    hasRecords: dataset['has_records'] !== false && !(dataset['has_records'] === undefined && def['records_count'] === 0),
  };
}
