import {
  emptyDataset,
  InvalidRecord,
  languageIri,
  SkipRecord,
  uniqueTexts,
  type Dataset,
  type Identifier,
  type License,
  type NormaliseContext,
  type NormalisedRecord,
  type ResourceKind,
} from '@moisson/core';
import { catalogRecordOf, readChain } from './chain.js';
import type { DcatConfig } from './config.js';
import { readDistribution, readService } from './distribution.js';
import { RecordGraph } from './graph.js';
import { adms, DCAT, dcat, dcatap, dct, foaf, GEODCATAP, owl, prov, skos } from './ns.js';
import { readLocation } from './spatial.js';
import type { NodeTerm, Triple } from './terms.js';
import { dateOf, labelsOf, readAgent, readConcept, readContactPoint, readFrequency, readLicense, readPeriod, readTexts, readTheme } from './values.js';

/** What `pages` hands to `normalise`: one record's triples (plain JSON) and its subject. */
export interface DcatRecord {
  subject: NodeTerm;
  kind: ResourceKind;
  triples: Triple[];
}

/** GeoDCAT-AP role properties, kept as qualified attributions. */
const GEODCAT_ROLES = ['distributor', 'custodian', 'originator', 'principalInvestigator', 'processor', 'resourceProvider', 'user', 'owner'];

function identifiersOf(graph: RecordGraph, root: NodeTerm): Identifier[] {
  return graph.nodes(root, adms.identifier).flatMap((node): Identifier[] => {
    const notation = graph.value(node, skos.notation);
    if (!notation) return [];
    const id: Identifier = { notation };
    const datatype = graph.literals(node, skos.notation).find((l) => l.datatype)?.datatype;
    const scheme = graph.urls(node, dct.type, adms.schemeAgency)[0] ?? graph.value(node, adms.schemaAgency, adms.schemeAgency) ?? datatype;
    if (scheme) id.scheme = scheme;
    const creatorTerm = graph.objects(node, dct.creator)[0];
    const creator = creatorTerm ? (creatorTerm.kind === 'literal' ? creatorTerm.value.trim() : (readAgent(graph, creatorTerm)?.name[0]?.value ?? creatorTerm.value)) : undefined;
    if (creator) id.creator = creator;
    return [id];
  });
}

/** The dataset licence: its own, else the one every distribution agrees on. */
function datasetLicense(graph: RecordGraph, root: NodeTerm, dataset: Dataset): License | undefined {
  const own = graph.objects(root, dct.license)[0];
  if (own) return readLicense(graph, own);
  const licences = dataset.distributions.map((d) => d.license);
  const first = licences[0];
  if (!first || licences.some((l) => !l || (l.uri ?? l.label) !== (first.uri ?? first.label))) return undefined;
  return first;
}

/** One DCAT record (a dataset, series or data service with what it references) → the model. */
export function normaliseDcat(raw: DcatRecord, ctx: NormaliseContext<DcatConfig>): NormalisedRecord {
  const graph = new RecordGraph(raw.triples);
  const root = raw.subject;
  const identifiers = graph.texts(root, dct.identifier).map((t) => t.value);
  const remoteId = root.kind === 'iri' ? root.value : identifiers[0];
  if (!remoteId) throw new InvalidRecord(`a ${raw.kind} blank node has no dct:identifier: nothing stable to know it by`, undefined);
  const title = graph.texts(root, dct.title);
  if (title.length === 0) {
    if (raw.triples.every((t) => t.s.value !== root.value || t.p.endsWith('#type'))) throw new SkipRecord(`${remoteId} is only referenced, not described (a stub)`, remoteId);
    throw new InvalidRecord(`${raw.kind} ${remoteId} has no dct:title`, remoteId);
  }

  const d = emptyDataset(raw.kind);
  if (root.kind === 'iri') d.uri = root.value;
  d.identifiers = identifiers.length > 0 ? identifiers : root.kind === 'iri' ? [root.value] : [];
  d.otherIdentifiers = identifiersOf(graph, root);
  d.title = title;
  d.description = graph.texts(root, dct.description);
  d.keywords = graph.texts(root, dcat.keyword);
  d.themes = graph.objects(root, dcat.theme).map((t) => readTheme(graph, t)).filter((t) => !!t);
  const publisherTerm = graph.objects(root, dct.publisher)[0];
  const publisher = publisherTerm ? readAgent(graph, publisherTerm) : undefined;
  if (publisher) d.publisher = publisher;
  d.creators = graph.objects(root, dct.creator).map((c) => readAgent(graph, c)).filter((a) => !!a);
  d.contactPoints = graph.objects(root, dcat.contactPoint).map((c) => readContactPoint(graph, c)).filter((c) => !!c);
  for (const attribution of graph.nodes(root, prov.qualifiedAttribution)) {
    const agentTerm = graph.objects(attribution, prov.agent)[0];
    const agent = agentTerm ? readAgent(graph, agentTerm) : undefined;
    const role = graph.objects(attribution, dcat.hadRole)[0]?.value;
    if (agent && role) d.attributions.push({ agent, role });
  }
  for (const role of GEODCAT_ROLES) {
    for (const term of graph.objects(root, GEODCATAP + role)) {
      const agent = readAgent(graph, term);
      if (agent) d.attributions.push({ agent, role });
    }
  }
  const rights = readTexts(graph, graph.objects(root, dct.rights));
  if (rights.length > 0) d.rights = rights;
  const accessRights = graph.objects(root, dct.accessRights)[0];
  const accessConcept = accessRights ? readConcept(graph, accessRights) : undefined;
  if (accessConcept) d.accessRights = accessConcept;
  const issued = dateOf(graph.objects(root, dct.issued));
  if (issued) d.issued = issued;
  const modified = dateOf(graph.objects(root, dct.modified));
  if (modified) d.modified = modified;
  d.languages = [...new Set(graph.objects(root, dct.language).map((l) => languageIri(l.value) ?? (l.kind === 'iri' ? l.value : undefined)).filter((l): l is string => !!l))];
  d.landingPages = graph.urls(root, dcat.landingPage);
  d.pages = graph.urls(root, foaf.page);
  const frequency = graph.objects(root, dct.accrualPeriodicity)[0];
  const accrual = frequency ? readFrequency(graph, frequency) : undefined;
  if (accrual) d.accrualPeriodicity = accrual;
  d.spatial = graph.objects(root, dct.spatial).map((s) => (s.kind === 'literal' ? readLocation(graph, s) : readLocation(graph, s))).filter((s) => !!s);
  d.temporal = graph.objects(root, dct.temporal).map((t) => readPeriod(graph, t)).filter((t) => !!t);
  d.conformsTo = graph.urls(root, dct.conformsTo);
  const version = graph.value(root, dcat.version, owl.versionInfo, adms.version);
  if (version) d.version = version;
  d.provenance = uniqueTexts(graph.objects(root, dct.provenance).flatMap((p) => labelsOf(graph, p).concat(p.kind !== 'literal' ? graph.texts(p, dct.description) : [])));
  const type = graph.objects(root, dct.type)[0];
  const typeConcept = type ? readConcept(graph, type) : undefined;
  if (typeConcept) d.type = typeConcept;
  const inSeries = graph.urls(root, dcat.inSeries);
  if (inSeries.length > 0) d.inSeries = inSeries;
  d.relations = graph.urls(root, dct.relation, dct.isReferencedBy, dct.source, dcat.qualifiedRelation);
  if (raw.kind === 'DatasetSeries') d.relations.push(...graph.urls(root, dct.hasPart).filter((u) => !d.relations.includes(u)));
  d.distributions = graph.nodes(root, dcat.distribution).map((n) => readDistribution(graph, n));
  const license = datasetLicense(graph, root, d);
  if (license) d.license = license;
  if (raw.kind === 'DataService') {
    d.service = readService(graph, root);
    const served = graph.urls(root, dcat.servesDataset);
    if (served.length > 0) d.extras['dcat:servesDataset'] = served;
  }
  const legislation = graph.urls(root, dcatap.applicableLegislation);
  if (legislation.length > 0) d.extras['dcatap:applicableLegislation'] = legislation;
  const hvd = graph.urls(root, dcatap.hvdCategory);
  if (hvd.length > 0) d.extras['dcatap:hvdCategory'] = hvd;

  const record = catalogRecordOf(graph, root);
  const recordModified = record ? dateOf(graph.objects(record, dct.modified)) : undefined;
  const recordIssued = record ? dateOf(graph.objects(record, dct.issued)) : undefined;
  if (record) {
    d.extras['dcat:CatalogRecord'] = {
      ...(record.kind === 'iri' ? { uri: record.value } : {}),
      ...(recordIssued ? { issued: recordIssued } : {}),
      ...(recordModified ? { modified: recordModified } : {}),
    };
  }
  const remoteUrl = d.landingPages[0] ?? (root.kind === 'iri' && /^https?:\/\//i.test(root.value) ? root.value : undefined);
  const remoteModified = recordModified ?? d.modified;
  return {
    remoteId,
    ...(remoteUrl ? { remoteUrl } : {}),
    ...(remoteModified ? { remoteModified } : {}),
    dataset: d,
    chain: readChain(graph, root, ctx.source.url),
  };
}
