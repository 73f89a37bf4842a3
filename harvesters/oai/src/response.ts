import { localName, sliceElements, UnsafeXml } from '@moisson/harvester-csw';
import { attr, kid, kids, parseDocument, textOf, textsOf, XmlError } from './xml.js';

/** One `<error code="…">` of an OAI-PMH answer: the server's code and words. */
export interface OaiError {
  code: string;
  message: string;
}

/** A `<record>` as the listing gave it: its header, its own XML, and its metadata's XML. */
export interface ListedRecord {
  identifier: string;
  datestamp?: string;
  sets: string[];
  deleted: boolean;
  /** The whole `<record>` element, standalone (kept as `original`). */
  xml: string;
  /** The first element inside `<metadata>`, standalone; absent for deleted records. */
  metadata?: { name: string; xml: string };
}

export interface IdentifyInfo {
  repositoryName?: string;
  baseURL?: string;
  protocolVersion?: string;
  earliestDatestamp?: string;
  deletedRecord?: string;
  granularity?: string;
  adminEmails: string[];
}

export interface MetadataFormat {
  metadataPrefix: string;
  schema?: string;
  metadataNamespace?: string;
}

export type OaiResponse =
  | { kind: 'error'; errors: OaiError[] }
  | { kind: 'records'; records: ListedRecord[]; headerless: number; token?: string; total?: number }
  | { kind: 'identify'; identify: IdentifyInfo }
  | { kind: 'formats'; formats: MetadataFormat[] }
  | { kind: 'other'; rootName: string; verb?: string };

const VERBS = ['ListRecords', 'GetRecord', 'Identify', 'ListMetadataFormats', 'ListIdentifiers', 'ListSets'];

/** `<error>` elements as `code: words`, for messages. */
export function describeOaiErrors(errors: readonly OaiError[]): string {
  return errors.map((e) => (e.message ? `${e.code}: ${e.message}` : e.code)).join('; ');
}

/**
 * Reads an OAI-PMH answer. Throws `XmlError` (with line and column) when the document is not
 * well-formed or declares entities.
 */
export function readOaiResponse(text: string): OaiResponse {
  const { name, root } = parseDocument(text);
  if (name !== 'OAI-PMH') return { kind: 'other', rootName: name };
  const errors = kids(root, 'error').map((e) => ({ code: attr(e, 'code') ?? 'unknown', message: textOf(e) ?? '' }));
  if (errors.length > 0) return { kind: 'error', errors };
  const verb = VERBS.find((v) => kids(root, v).length > 0);
  if (verb === 'Identify') return { kind: 'identify', identify: readIdentify(kid(root, 'Identify')) };
  if (verb === 'ListMetadataFormats') return { kind: 'formats', formats: readFormats(kid(root, 'ListMetadataFormats')) };
  if (verb === 'ListRecords' || verb === 'GetRecord') return readRecords(text, kid(root, verb), verb);
  return verb ? { kind: 'other', rootName: name, verb } : { kind: 'other', rootName: name };
}

function readIdentify(node: unknown): IdentifyInfo {
  const out: IdentifyInfo = { adminEmails: textsOf(node, 'adminEmail') };
  for (const field of ['repositoryName', 'baseURL', 'protocolVersion', 'earliestDatestamp', 'deletedRecord', 'granularity'] as const) {
    const value = textOf(kid(node, field));
    if (value) out[field] = value;
  }
  return out;
}

function readFormats(node: unknown): MetadataFormat[] {
  return kids(node, 'metadataFormat').flatMap((format): MetadataFormat[] => {
    const metadataPrefix = textOf(kid(format, 'metadataPrefix'));
    if (!metadataPrefix) return [];
    const out: MetadataFormat = { metadataPrefix };
    const schema = textOf(kid(format, 'schema'));
    if (schema) out.schema = schema;
    const namespace = textOf(kid(format, 'metadataNamespace'));
    if (namespace) out.metadataNamespace = namespace;
    return [out];
  });
}

/** The slicer shared with the CSW harvester, its refusals reported as this harvester's `XmlError`. */
function slice(text: string, wanted: (path: readonly string[]) => boolean): string[] {
  try {
    return sliceElements(text, wanted);
  } catch (error) {
    if (error instanceof UnsafeXml) throw new XmlError(error.message, { cause: error });
    throw error;
  }
}

function readRecords(text: string, listing: unknown, verb: string): OaiResponse {
  const nodes = kids(listing, 'record');
  const slices = slice(text, (p) => p.length === 3 && p[1] === verb && p[2] === 'record');
  if (slices.length !== nodes.length) throw new XmlError(`read ${nodes.length} <record> elements but cut ${slices.length}`);
  const records: ListedRecord[] = [];
  let headerless = 0;
  nodes.forEach((node, index) => {
    const header = kid(node, 'header');
    const identifier = textOf(kid(header, 'identifier'));
    // A record without an identifier cannot be known, updated or deleted: counted, not kept.
    if (!identifier) {
      headerless++;
      return;
    }
    const xml = slices[index] as string;
    const record: ListedRecord = {
      identifier,
      sets: textsOf(header, 'setSpec'),
      deleted: attr(header, 'status') === 'deleted',
      xml,
    };
    const datestamp = textOf(kid(header, 'datestamp'));
    if (datestamp) record.datestamp = datestamp;
    const metadata = slice(xml, (p) => p.length === 3 && p[1] === 'metadata')[0];
    if (metadata) record.metadata = { name: localName(/^<([^\s/>]+)/.exec(metadata)?.[1] ?? ''), xml: metadata };
    records.push(record);
  });
  const out: OaiResponse = { kind: 'records', records, headerless };
  const token = kid(listing, 'resumptionToken');
  if (token !== undefined) {
    const value = textOf(token);
    if (value) out.token = value;
    const total = attr(token, 'completeListSize');
    if (total && /^\d+$/.test(total)) out.total = Number.parseInt(total, 10);
  }
  return out;
}
