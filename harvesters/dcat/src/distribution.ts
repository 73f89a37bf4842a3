import { emptyDistribution, languageIri, resolveFormat, type Checksum, type DataServiceRef, type Distribution } from '@moisson/core';
import type { RecordGraph } from './graph.js';
import { adms, DCAT, dcat, dct, foaf, rdf, rdfs, spdx } from './ns.js';
import type { NodeTerm, Term } from './terms.js';
import { dateOf, readLicense, readTexts } from './values.js';

const IANA = /^https?:\/\/(www\.)?iana\.org\/assignments\/media-types\//i;

/** `dcat:mediaType`: an IANA IRI (http or https) or a literal, as `type/subtype`. */
export function mediaTypeOf(graph: RecordGraph, values: readonly Term[]): string | undefined {
  for (const v of values) {
    const raw = v.kind === 'bnode' ? (graph.value(v, rdf.value, rdfs.label) ?? '') : v.value;
    const media = raw.trim().replace(IANA, '').split(';')[0]!.trim().toLowerCase();
    if (/^[a-z]+\/[a-z0-9.+-]+$/.test(media)) return media;
  }
  return undefined;
}

/** `dct:format` candidates: an IRI (file-type NAL…), a `dct:IMT` node (rdf:value, rdfs:label), a literal. */
function formatCandidates(graph: RecordGraph, values: readonly Term[]): string[] {
  const out: string[] = [];
  for (const v of values) {
    if (v.kind === 'bnode') out.push(...[graph.value(v, rdf.value), graph.value(v, rdfs.label)].filter((x): x is string => !!x));
    else if (v.value.trim()) out.push(v.value.trim());
  }
  return out;
}

/** `dcat:byteSize`: xsd:decimal in DCAT-AP 2 (`1234.0`), nonNegativeInteger in 3. */
export function byteSizeOf(values: readonly Term[]): number | undefined {
  for (const v of values) {
    if (v.kind !== 'literal') continue;
    const n = Number(v.value.trim());
    if (v.value.trim() && Number.isFinite(n) && n >= 0) return Math.round(n);
  }
  return undefined;
}

function checksumOf(graph: RecordGraph, node: NodeTerm): Checksum | undefined {
  for (const c of graph.nodes(node, spdx.checksum)) {
    const algorithm = graph.objects(c, spdx.algorithm)[0]?.value.trim();
    const value = graph.value(c, spdx.checksumValue);
    if (algorithm && value) return { algorithm, value: value.toLowerCase() };
  }
  return undefined;
}

/** A `dcat:DataService` (as a distribution's access service or as a record of its own). */
export function readService(graph: RecordGraph, node: NodeTerm): DataServiceRef {
  const service: DataServiceRef = { endpointURL: graph.urls(node, dcat.endpointURL) };
  if (node.kind === 'iri') service.uri = node.value;
  const title = graph.texts(node, dct.title);
  if (title.length > 0) service.title = title;
  const description = graph.urls(node, dcat.endpointDescription)[0] ?? graph.value(node, dcat.endpointDescription);
  if (description) service.endpointDescription = description;
  const conformsTo = graph.urls(node, dct.conformsTo);
  if (conformsTo.length > 0) service.conformsTo = conformsTo;
  return service;
}

/** `dcat:Distribution` → the model; every mandatory and recommended DCAT-AP property. */
export function readDistribution(graph: RecordGraph, node: NodeTerm): Distribution {
  const d = emptyDistribution();
  if (node.kind === 'iri') d.uri = node.value;
  const id = graph.value(node, dct.identifier);
  if (id) d.remoteId = id;
  d.title = graph.texts(node, dct.title);
  d.description = graph.texts(node, dct.description);
  d.downloadURL = graph.urls(node, dcat.downloadURL);
  d.accessURL = graph.urls(node, dcat.accessURL);
  // DCAT-AP makes accessURL mandatory; feeds that give only a download URL mean the same place.
  if (d.accessURL.length === 0) d.accessURL = [...d.downloadURL];
  const explicitMedia = mediaTypeOf(graph, graph.objects(node, dcat.mediaType));
  const formats = formatCandidates(graph, graph.objects(node, dct.format));
  if (formats.length > 0) {
    const resolved = resolveFormat(...formats, explicitMedia);
    if (resolved.format) d.format = resolved.format;
    const media = explicitMedia ?? resolved.mediaType;
    if (media) d.mediaType = media;
  } else if (explicitMedia) {
    d.mediaType = explicitMedia;
    const resolved = resolveFormat(explicitMedia);
    if (resolved.format) d.format = resolved.format;
  }
  const size = byteSizeOf(graph.objects(node, dcat.byteSize));
  if (size !== undefined) d.byteSize = size;
  const checksum = checksumOf(graph, node);
  if (checksum) d.checksum = checksum;
  const licence = graph.objects(node, dct.license)[0];
  const license = licence ? readLicense(graph, licence) : undefined;
  if (license) d.license = license;
  const rights = readTexts(graph, graph.objects(node, dct.rights));
  if (rights.length > 0) d.rights = rights;
  const issued = dateOf(graph.objects(node, dct.issued));
  if (issued) d.issued = issued;
  const modified = dateOf(graph.objects(node, dct.modified));
  if (modified) d.modified = modified;
  d.languages = graph.objects(node, dct.language).map((l) => languageIri(l.value)).filter((l): l is string => !!l);
  d.conformsTo = graph.urls(node, dct.conformsTo);
  d.pages = graph.urls(node, foaf.page);
  const status = graph.urls(node, adms.status)[0];
  if (status) d.status = status;
  const service = graph.nodes(node, dcat.accessService)[0];
  if (service) d.accessService = readService(graph, service);
  return d;
}
