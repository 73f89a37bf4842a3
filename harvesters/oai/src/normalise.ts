import { InvalidRecord, normaliseDate, SkipRecord, type Dataset, type NormaliseContext, type NormalisedRecord, type ProvenanceHop } from '@moisson/core';
import { normaliseDc, normaliseIso, parseXml, UnsafeXml } from '@moisson/harvester-csw';
import { dcatHarvester, type DcatRecord } from '@moisson/harvester-dcat';
import type { OaiConfig } from './config.js';
import type { OaiRecord } from './records.js';
import { getRecordUrl } from './request.js';

type Inner = { dataset: Dataset; chain: ProvenanceHop[] };

/**
 * One OAI-PMH record to DCAT-AP. OAI-PMH only wraps records: the metadata goes to the
 * normaliser of its format (CSW Dublin Core, CSW ISO 19139, DCAT), and the OAI header gives the
 * identity: remote id = header identifier, remote modified = header datestamp, sets kept in
 * `extras['oai:sets']`. Pure. A deleted header throws `SkipRecord`.
 */
export function normaliseOaiRecord(raw: OaiRecord, ctx: NormaliseContext<Partial<OaiConfig>>): NormalisedRecord {
  const id = raw.identifier;
  if (raw.deleted) throw new SkipRecord('deleted at the source', id);
  const inner = normaliseMetadata(raw, ctx);
  if (raw.sets.length > 0) inner.dataset.extras['oai:sets'] = [...raw.sets];
  const out: NormalisedRecord = {
    remoteId: id,
    remoteUrl: getRecordUrl(raw.endpoint, raw.metadataPrefix, id),
    dataset: inner.dataset,
    chain: inner.chain,
  };
  const modified = normaliseDate(raw.datestamp);
  if (modified) out.remoteModified = modified;
  return out;
}

function normaliseMetadata(raw: OaiRecord, ctx: NormaliseContext<Partial<OaiConfig>>): Inner {
  const id = raw.identifier;
  const metadata = raw.metadata;
  const where = `OAI record ${id} (${raw.metadataPrefix})`;
  if (!metadata) throw new InvalidRecord(`${where} has no <metadata>`, id);
  try {
    switch (metadata.format) {
      case 'dc': {
        const element = readXml(metadata.xml);
        // oai_dc does not require dc:identifier (the CSW reader does): the OAI identifier stands in.
        if (!Array.isArray(element['identifier'])) element['identifier'] = [id];
        return { dataset: normaliseDc(element).dataset, chain: [] };
      }
      case 'iso':
        return { dataset: normaliseIso(readXml(metadata.xml)).dataset, chain: [] };
      case 'dcat': {
        const main = mainRecord(metadata.records);
        if (!main) throw new InvalidRecord(`${where}: its RDF describes no dcat:Dataset, dcat:DatasetSeries or dcat:DataService`, id);
        const record = dcatHarvester.normalise(main, { ...ctx, config: {} });
        return { dataset: record.dataset, chain: record.chain };
      }
      case 'unreadable':
        throw new InvalidRecord(`${where}: ${metadata.message}`, id);
      case 'unknown':
        throw new InvalidRecord(`${where}: metadata <${metadata.element}> is not a format moisson reads (oai_dc, dcat/dcat_ap RDF/XML, iso19139)`, id);
    }
  } catch (error) {
    if (error instanceof UnsafeXml) throw new InvalidRecord(`${where}: unreadable metadata: ${error.message}`, id, { cause: error });
    // The sibling normalisers know the inner record, not the OAI identifier: say both.
    if (error instanceof InvalidRecord && error.remoteId !== id) throw new InvalidRecord(`${where}: ${error.message}`, id, { cause: error });
    if (error instanceof SkipRecord && error.remoteId !== id) throw new SkipRecord(`${where}: ${error.reason}`, id);
    throw error;
  }
}

function readXml(xml: string) {
  return parseXml(xml).element;
}

/** The record the OAI record is about: the first dataset, else the first series or service. */
function mainRecord(records: readonly DcatRecord[]): DcatRecord | undefined {
  return records.find((r) => r.kind === 'Dataset') ?? records[0];
}
