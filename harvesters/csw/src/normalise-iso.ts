import {
  emptyDataset,
  InvalidRecord,
  isHttpUrl,
  normaliseDate,
  resolveDataTheme,
  resolveFrequency,
  uniqueTexts,
  type Concept,
  type Dataset,
  type Identifier,
  type Location,
  type PeriodOfTime,
  type ResourceKind,
} from '@moisson/core';
import { readConstraints } from './iso-constraints.js';
import { readOnlineResources } from './iso-distributions.js';
import { applyParties, metadataContact } from './iso-parties.js';
import { anchorHref, charText, codeValue, freeTexts, freeTextsOf, languageIris, readLanguages, type IsoLanguages } from './iso-text.js';
import { bboxLocation, toNumber } from './spatial.js';
import { at, attr, kid, kids, path, textOf, type XmlElement } from './xml.js';

const INSPIRE_THEMES = 'http://inspire.ec.europa.eu/theme';
const TOPIC_CATEGORY = 'http://inspire.ec.europa.eu/metadata-codelist/TopicCategory';
const RESOURCE_TYPE = 'http://inspire.ec.europa.eu/metadata-codelist/ResourceType';
const UUID = /^(?:urn:uuid:)?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** ISO topic categories with an obvious EU data theme (the others stay ISO-only). */
const TOPIC_DATA_THEME: Record<string, string> = {
  farming: 'AGRI',
  biota: 'ENVI',
  climatologyMeteorologyAtmosphere: 'ENVI',
  economy: 'ECON',
  environment: 'ENVI',
  health: 'HEAL',
  inlandWaters: 'ENVI',
  oceans: 'ENVI',
  planningCadastre: 'REGI',
  society: 'SOCI',
  transportation: 'TRAN',
};

export interface IsoRecord {
  remoteId: string;
  remoteModified?: string;
  dataset: Dataset;
}

/** `gmd:MD_Metadata` / `gmi:MI_Metadata` → DCAT-AP (GeoDCAT-AP mapping, DCAT-AP.md §2.3). */
export function normaliseIso(md: XmlElement): IsoRecord {
  const remoteId = charText(kid(md, 'fileIdentifier'));
  if (!remoteId) throw new InvalidRecord('ISO record without gmd:fileIdentifier');
  const languages = readLanguages(md);
  const identification = at(md, 'identificationInfo', '*');
  const citation = at(identification, 'citation', 'CI_Citation');
  const scope = codeValue(kid(md, 'hierarchyLevel'));
  const isService = scope === 'service' || (!!identification && kids(at(md, 'identificationInfo'), 'SV_ServiceIdentification').length > 0);
  const kind: ResourceKind = isService ? 'DataService' : scope === 'series' ? 'DatasetSeries' : 'Dataset';
  const dataset = emptyDataset(kind);

  dataset.title = freeTexts(kid(citation, 'title'), languages);
  if (dataset.title.length === 0) throw new InvalidRecord('ISO record without a citation title', remoteId);
  dataset.description = freeTexts(kid(identification, 'abstract'), languages);
  readIdentifiers(dataset, citation, remoteId);
  const parent = charText(kid(md, 'parentIdentifier'));
  if (parent) dataset.inSeries = [parent];
  const level = scope ?? 'dataset';
  dataset.type = { uri: `${RESOURCE_TYPE}/${level}`, notation: level };
  const edition = charText(kid(citation, 'edition'));
  if (edition) dataset.version = edition;

  readDates(dataset, citation);
  readKeywords(dataset, identification, languages);
  const topics = path(identification, 'topicCategory').map(codeValue).filter((t): t is string => !!t);
  for (const topic of topics) {
    dataset.themes.push({ uri: `${TOPIC_CATEGORY}/${topic}`, scheme: TOPIC_CATEGORY, notation: topic });
    const code = TOPIC_DATA_THEME[topic];
    const theme = code ? resolveDataTheme(code) : undefined;
    if (theme && !dataset.themes.some((t) => t.uri === theme.uri)) dataset.themes.push({ ...theme, notation: topic });
  }
  applyParties(dataset, [...path(identification, 'pointOfContact', 'CI_ResponsibleParty'), ...path(citation, 'citedResponsibleParty', 'CI_ResponsibleParty')], languages);

  const constraints = readConstraints(identification, languages);
  if (constraints.license) dataset.license = constraints.license;
  if (constraints.rights.length > 0) dataset.rights = constraints.rights;
  if (constraints.accessRights) dataset.accessRights = constraints.accessRights;

  const extents = [...path(identification, 'extent', 'EX_Extent')];
  dataset.spatial = readSpatial(extents);
  dataset.temporal = readTemporal(extents);
  dataset.languages = languageIris(kids(identification, 'language'));
  const frequency = resolveFrequency(codeValue(at(identification, 'resourceMaintenance', 'MD_MaintenanceInformation', 'maintenanceAndUpdateFrequency')));
  if (frequency) dataset.accrualPeriodicity = frequency;
  dataset.provenance = freeTextsOf(path(md, 'dataQualityInfo', 'DQ_DataQuality', 'lineage', 'LI_Lineage', 'statement'), languages);
  dataset.conformsTo = readConformity(md);

  const online = readOnlineResources(md, languages);
  dataset.distributions = online.distributions;
  dataset.landingPages = online.landingPages;
  dataset.pages = online.pages;
  for (const distribution of dataset.distributions) {
    if (dataset.license) distribution.license = dataset.license;
    if (dataset.rights) distribution.rights = dataset.rights;
  }
  if (isService) dataset.service = readService(identification, online.services, dataset);
  readExtras(dataset, md, identification, languages, topics, level, online.declaredFormats);

  const out: IsoRecord = { remoteId, dataset };
  const stamp = normaliseDate(charText(kid(md, 'dateStamp')));
  if (stamp) out.remoteModified = stamp;
  return out;
}

function readIdentifiers(dataset: Dataset, citation: unknown, fileIdentifier: string): void {
  for (const identifier of path(citation, 'identifier', '*')) {
    const codeProp = kid(identifier, 'code');
    const code = charText(codeProp);
    const href = anchorHref(codeProp);
    if (!code && !href) continue;
    const codeSpace = charText(kid(identifier, 'codeSpace'));
    // As the SEMIC XSLT: codeSpace + "/" + code, unless the code is already an IRI.
    const main = href ?? (code && /^(https?|urn):/i.test(code) ? code : codeSpace ? `${codeSpace.replace(/\/+$/, '')}/${code}` : (code as string));
    dataset.identifiers.push(main);
    const other: Identifier = { notation: code ?? main };
    if (/^(https?:\/\/(dx\.)?doi\.org\/)?10\.\d{4,9}\//i.test(code ?? '')) other.scheme = 'doi';
    else if (codeSpace) other.scheme = codeSpace;
    else if (isHttpUrl(main)) other.scheme = 'url';
    dataset.otherIdentifiers.push(other);
  }
  dataset.identifiers = [...new Set(dataset.identifiers)];
  const uri = dataset.identifiers.find((id) => isHttpUrl(id));
  if (uri) dataset.uri = uri;
  dataset.otherIdentifiers.push(UUID.test(fileIdentifier) ? { notation: fileIdentifier, scheme: 'uuid' } : { notation: fileIdentifier });
}

function readDates(dataset: Dataset, citation: unknown): void {
  const byType = new Map<string, string[]>();
  for (const date of path(citation, 'date', 'CI_Date')) {
    const value = normaliseDate(charText(kid(date, 'date')));
    const type = codeValue(kid(date, 'dateType'));
    if (!value || !type) continue;
    byType.set(type, [...(byType.get(type) ?? []), value]);
  }
  const earliest = (values: string[] | undefined) => values?.slice().sort()[0];
  const latest = (values: string[] | undefined) => values?.slice().sort().at(-1);
  const issued = earliest(byType.get('publication')) ?? earliest(byType.get('creation'));
  const modified = latest(byType.get('revision'));
  if (issued) dataset.issued = issued;
  if (modified) dataset.modified = modified;
}

function readKeywords(dataset: Dataset, identification: unknown, languages: IsoLanguages): void {
  for (const block of path(identification, 'descriptiveKeywords', 'MD_Keywords')) {
    const thesaurus = at(block, 'thesaurusName', 'CI_Citation');
    const thesaurusTitle = charText(kid(thesaurus, 'title'));
    const thesaurusHref = anchorHref(kid(thesaurus, 'title')) ?? anchorHref(at(thesaurus, 'identifier', '*', 'code'));
    const inspire = /inspire themes|inspire_themes|inspire\.ec\.europa\.eu\/theme/i.test(`${thesaurusTitle ?? ''} ${thesaurusHref ?? ''}`);
    const scheme = inspire ? INSPIRE_THEMES : (thesaurusHref ?? thesaurusTitle);
    for (const keyword of kids(block, 'keyword')) {
      const labels = freeTexts(keyword, languages);
      const href = anchorHref(keyword);
      if (labels.length === 0 && !href) continue;
      if (!scheme && !href) {
        dataset.keywords.push(...labels);
        continue;
      }
      const concept: Concept = {};
      if (href && isHttpUrl(href)) concept.uri = href;
      if (labels.length > 0) concept.label = labels;
      if (scheme) concept.scheme = scheme;
      if (labels[0]) concept.notation = labels[0].value;
      dataset.themes.push(concept);
    }
  }
  dataset.keywords = uniqueTexts(dataset.keywords);
}

function readSpatial(extents: unknown[]): Location[] {
  const out: Location[] = [];
  for (const box of path(extents, 'geographicElement', 'EX_GeographicBoundingBox')) {
    const value = (name: string) => toNumber(charText(kid(box, name)));
    const location = bboxLocation(value('westBoundLongitude'), value('southBoundLatitude'), value('eastBoundLongitude'), value('northBoundLatitude'));
    if (location) out.push(location);
  }
  for (const description of path(extents, 'geographicElement', 'EX_GeographicDescription', 'geographicIdentifier', '*')) {
    const codeProp = kid(description, 'code');
    const label = charText(codeProp);
    const href = anchorHref(codeProp) ?? (label && isHttpUrl(label) ? label : undefined);
    if (!label && !href) continue;
    const location: Location = {};
    if (href) location.uri = href;
    if (label && label !== href) location.label = [{ value: label }];
    out.push(location);
  }
  return out;
}

function readTemporal(extents: unknown[]): PeriodOfTime[] {
  const out: PeriodOfTime[] = [];
  for (const extent of path(extents, 'temporalElement', '*', 'extent')) {
    for (const period of kids(extent, 'TimePeriod')) {
      const start = normaliseDate(textOf(kid(period, 'beginPosition')) ?? textOf(at(period, 'begin', 'TimeInstant', 'timePosition')));
      const end = normaliseDate(textOf(kid(period, 'endPosition')) ?? textOf(at(period, 'end', 'TimeInstant', 'timePosition')));
      if (!start && !end) continue;
      const time: PeriodOfTime = {};
      if (start) time.start = start;
      if (end) time.end = end;
      out.push(time);
    }
    for (const instant of kids(extent, 'TimeInstant')) {
      const when = normaliseDate(textOf(kid(instant, 'timePosition')));
      if (when) out.push({ start: when, end: when });
    }
  }
  return out;
}

/** Specifications the record declares itself conformant to (`gmd:pass` true). */
function readConformity(md: unknown): string[] {
  const out = new Set<string>();
  for (const result of path(md, 'dataQualityInfo', 'DQ_DataQuality', 'report', '*', 'result', 'DQ_ConformanceResult')) {
    if (charText(kid(result, 'pass')) !== 'true') continue;
    const title = kid(at(result, 'specification', 'CI_Citation'), 'title');
    const spec = anchorHref(title) ?? charText(title);
    if (spec) out.add(spec);
  }
  return [...out];
}

function readService(identification: unknown, links: Dataset['distributions'][number]['accessService'][], dataset: Dataset): Dataset['service'] {
  const endpoints = new Set<string>();
  for (const point of path(identification, 'containsOperations', 'SV_OperationMetadata', 'connectPoint', 'CI_OnlineResource', 'linkage')) {
    const url = charText(point);
    if (url && isHttpUrl(url)) endpoints.add(url);
  }
  const conformsTo = new Set<string>();
  let description: string | undefined;
  for (const link of links) {
    if (!link) continue;
    link.endpointURL.forEach((url) => endpoints.add(url));
    link.conformsTo?.forEach((standard) => conformsTo.add(standard));
    description ??= link.endpointDescription;
  }
  const serviceType = charText(kid(identification, 'serviceType'));
  const service: NonNullable<Dataset['service']> = { endpointURL: [...endpoints], title: dataset.title };
  if (serviceType) service.protocol = serviceType;
  if (conformsTo.size > 0) service.conformsTo = [...conformsTo];
  if (description) service.endpointDescription = description;
  for (const operated of kids(identification, 'operatesOn')) {
    const ref = attr(operated, 'href') ?? attr(operated, 'uuidref');
    if (ref) dataset.relations.push(ref);
  }
  return service;
}

function readExtras(dataset: Dataset, md: unknown, identification: unknown, languages: IsoLanguages, topics: string[], level: string, formats: string[]): void {
  const extras = dataset.extras;
  extras['iso:hierarchyLevel'] = level;
  if (topics.length > 0) extras['iso:topicCategory'] = topics;
  const metadataLanguage = languageIris(kids(md, 'language'))[0];
  if (metadataLanguage) extras['iso:metadataLanguage'] = metadataLanguage;
  const standard = [charText(kid(md, 'metadataStandardName')), charText(kid(md, 'metadataStandardVersion'))].filter(Boolean).join(' ');
  if (standard) extras['iso:metadataStandard'] = standard;
  const contact = metadataContact(md, languages);
  if (contact) extras['iso:metadataContact'] = contact;
  const systems = path(md, 'referenceSystemInfo', 'MD_ReferenceSystem', 'referenceSystemIdentifier', 'RS_Identifier', 'code')
    .map((code) => anchorHref(code) ?? charText(code))
    .filter((code): code is string => !!code);
  if (systems.length > 0) extras['iso:referenceSystem'] = systems;
  if (formats.length > 0) extras['iso:distributionFormat'] = formats;
  const purpose = freeTexts(kid(identification, 'purpose'), languages);
  if (purpose.length > 0) extras['iso:purpose'] = purpose;
}
