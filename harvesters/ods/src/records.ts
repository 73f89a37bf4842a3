import { jsonArrayElementTexts, type PageItemError, type RemoteRecord } from '@moisson/core';
import { isObject, str } from './json.js';
import type { OdsDataset } from './types.js';

/** The dataset object of a listing item, unwrapping the v2.0 `{dataset: {...}}` form. */
export function unwrapDataset(item: unknown): OdsDataset | undefined {
  if (!isObject(item)) return undefined;
  const inner = item['dataset'];
  if (isObject(inner) && !('dataset_id' in item) && !('datasetid' in item)) return inner;
  return item;
}

/** `dataset_id` (v2) or `datasetid` (v1). */
export function datasetIdOf(dataset: OdsDataset): string | undefined {
  return str(dataset['dataset_id']) ?? str(dataset['datasetid']);
}

/**
 * Listing items to remote records; an item with no dataset id becomes an item error. `body` and
 * `listing` (the member holding the items) give each dataset's original as the page wrote it;
 * a dataset wrapped in `{dataset: {...}}` (v2.0), or a page whose items cannot be told apart, is
 * serialised again.
 */
export function toRecords(items: readonly unknown[], pageUrl: string, body?: string, listing?: string): { records: RemoteRecord<OdsDataset>[]; errors: PageItemError[] } {
  const records: RemoteRecord<OdsDataset>[] = [];
  const errors: PageItemError[] = [];
  const texts = body !== undefined && listing !== undefined ? jsonArrayElementTexts(body, [listing]) : undefined;
  const asWritten = texts?.length === items.length ? texts : undefined;
  items.forEach((item, index) => {
    const dataset = unwrapDataset(item);
    const id = dataset ? datasetIdOf(dataset) : undefined;
    if (!dataset || !id) {
      errors.push({ message: `item ${index} of ${pageUrl} is not a dataset with a dataset_id` });
      return;
    }
    const text = dataset === item ? asWritten?.[index] : undefined;
    records.push({ remoteId: id, raw: dataset, original: { mediaType: 'application/json', body: text ?? JSON.stringify(dataset) } });
  });
  return { records, errors };
}
