import { InvalidRecord, type NormaliseContext, type NormalisedRecord } from '@moisson/core';
import { CSW_SCHEMA, ISO_SCHEMA, type CswConfig } from './config.js';
import { normaliseDc } from './normalise-dc.js';
import { normaliseIso } from './normalise-iso.js';
import { parseXml, UnsafeXml } from './xml.js';

/** A raw CSW record: its own XML, as sliced out of the GetRecords response. */
export interface CswRecord {
  xml: string;
}

const ISO_ROOTS = new Set(['MD_Metadata', 'MI_Metadata']);
const DC_ROOTS = new Set(['Record', 'SummaryRecord', 'BriefRecord']);

/** Where a person or program can read one record on the source: a GetRecordById URL. */
export function getRecordByIdUrl(endpoint: string, id: string, outputSchema: string): string {
  const url = new URL(endpoint);
  for (const key of [...url.searchParams.keys()]) {
    if (/^(service|version|request|id|outputschema|elementsetname)$/i.test(key)) url.searchParams.delete(key);
  }
  url.searchParams.set('service', 'CSW');
  url.searchParams.set('version', '2.0.2');
  url.searchParams.set('request', 'GetRecordById');
  url.searchParams.set('id', id);
  url.searchParams.set('elementSetName', 'full');
  url.searchParams.set('outputSchema', outputSchema);
  return url.href;
}

/**
 * One CSW record to DCAT-AP, whichever schema it is in. Pure. The record names no earlier
 * catalogue (GeoNetwork copies carry no marker), so the chain stays empty: no invented hops.
 */
export function normaliseCswRecord(raw: CswRecord, ctx: NormaliseContext<Partial<CswConfig>>): NormalisedRecord {
  let root: ReturnType<typeof parseXml>;
  try {
    root = parseXml(raw.xml);
  } catch (error) {
    if (error instanceof UnsafeXml) throw new InvalidRecord(`unreadable CSW record: ${error.message}`, undefined, { cause: error });
    throw error;
  }
  const iso = ISO_ROOTS.has(root.name);
  if (!iso && !DC_ROOTS.has(root.name)) throw new InvalidRecord(`unsupported CSW record element <${root.name}>`);
  const result = iso ? normaliseIso(root.element) : normaliseDc(root.element);
  const out: NormalisedRecord = {
    remoteId: result.remoteId,
    remoteUrl: getRecordByIdUrl(ctx.source.url, result.remoteId, iso ? ISO_SCHEMA : CSW_SCHEMA),
    dataset: result.dataset,
    chain: [],
  };
  if (result.remoteModified) out.remoteModified = result.remoteModified;
  return out;
}
