import {
  emptyDataset,
  emptyDistribution,
  InvalidRecord,
  isHttpUrl,
  languageIri,
  languageTag,
  normaliseDate,
  resolveDataTheme,
  resolveFormat,
  resolveFrequency,
  unique,
  uniqueTexts,
  type Concept,
  type Dataset,
  type Distribution,
  type NormaliseContext,
  type NormalisedRecord,
  type Text,
} from '@moisson/core';
import { all, attr, elements, first, text, textAt, textsAt, type XmlNode } from '../xml/tree.js';
import { coverageOf, readSpatial, readTaxonomic, readTemporal } from './coverage.js';
import { dwcArchive, isDwcArchiveUrl } from '../distributions.js';
import { classifyIdentifier, splitPackageId, uniqueIdentifiers } from './identifiers.js';
import { parseEml, type EmlDocument } from './parse.js';
import { organisationAgent, partyAgent, partyContact, readParties } from './parties.js';
import { readRights } from './rights.js';
import { paragraphs } from './text.js';

/** Thesaurus names that mean "no thesaurus". */
const NO_THESAURUS = /^(n\/?a|none|null|-)?$/i;

/**
 * One EML document (2.0.1 – 2.2.0, GBIF metadata profile) → DCAT-AP. Pure. `remoteId` is the
 * package id without its version suffix; the GBIF and IPT harvesters override it with their
 * own keys. `ctx` is accepted for the harvester contract; nothing in it changes the mapping.
 */
export function normaliseEml(doc: string | Uint8Array | EmlDocument, _ctx?: NormaliseContext<unknown>): NormalisedRecord {
  const eml = typeof doc === 'string' || doc instanceof Uint8Array ? parseEml(doc) : doc;
  const ds = eml.dataset;
  const dataset = emptyDataset();
  const alternate = textsAt(ds, 'alternateIdentifier').map(classifyIdentifier);
  const pkg = eml.packageId ? splitPackageId(eml.packageId) : undefined;
  const remoteId = pkg?.key ?? alternate[0]?.notation;

  dataset.title = titles(ds);
  if (dataset.title.length === 0) throw new InvalidRecord(`the EML dataset has no title${remoteId ? ` (${remoteId})` : ''}`, remoteId);
  if (!remoteId) throw new InvalidRecord(`the EML document has neither a packageId nor an alternateIdentifier: ${dataset.title[0]?.value}`);

  const abstract = first(ds, 'abstract');
  if (abstract) {
    const text = paragraphs(abstract).join('\n\n');
    if (text) dataset.description = [{ value: text }];
  }
  if (pkg) {
    dataset.identifiers = [pkg.key];
    if (pkg.version) dataset.version = pkg.version;
  } else dataset.identifiers = [remoteId];
  const citation = readCitation(eml.root);
  dataset.otherIdentifiers = uniqueIdentifiers([
    ...(pkg ? [classifyIdentifier(pkg.key)] : []),
    ...alternate,
    ...(citation?.identifier ? [classifyIdentifier(citation.identifier)] : []),
  ]);

  readKeywords(ds, dataset);
  readPartiesInto(ds, dataset);

  const rights = readRights(ds);
  if (rights.license) dataset.license = rights.license;
  if (rights.statement) dataset.rights = [{ value: rights.statement }];

  const coverage = coverageOf(ds);
  dataset.spatial = readSpatial(coverage);
  dataset.temporal = readTemporal(coverage);
  const taxonomic = readTaxonomic(coverage);
  if (taxonomic.length > 0) {
    dataset.extras['eml:taxonomicCoverage'] = taxonomic;
    dataset.keywords = uniqueTexts([...dataset.keywords, ...taxonomic.flatMap((t) => t.taxa.map((taxon) => ({ value: taxon.name })))]);
  }

  const issued = normaliseDate(textAt(ds, 'pubDate'));
  if (issued) dataset.issued = issued;
  const dateStamp = normaliseDate(textAt(eml.root, 'additionalMetadata', 'metadata', 'gbif', 'dateStamp'));
  if (dateStamp) dataset.modified = dateStamp;
  dataset.languages = unique(textsAt(ds, 'language').map(languageIri).filter((l): l is string => !!l));
  const frequency = resolveFrequency(textAt(ds, 'maintenance', 'maintenanceUpdateFrequency'));
  if (frequency) dataset.accrualPeriodicity = frequency;
  dataset.provenance = methods(ds);

  const project = readProject(ds);
  if (project) dataset.extras['eml:project'] = project;
  if (citation) dataset.extras['eml:citation'] = citation;
  const bibliography = textsAt(eml.root, 'additionalMetadata', 'metadata', 'gbif', 'bibliography', 'citation');
  if (bibliography.length > 0) dataset.extras['eml:bibliography'] = bibliography;
  if (eml.packageId) dataset.extras['eml:packageId'] = eml.packageId;
  if (eml.emlVersion) dataset.extras['eml:version'] = eml.emlVersion;

  readDistributions(ds, eml.root, dataset);
  const envi = resolveDataTheme('ENVI') as Concept;
  if (!dataset.themes.some((t) => t.uri === envi.uri)) dataset.themes.push(envi);

  const record: NormalisedRecord = { remoteId, dataset, chain: [] };
  const remoteUrl = dataset.landingPages[0] ?? alternate.find((a) => a.scheme === 'url')?.notation;
  if (remoteUrl) record.remoteUrl = remoteUrl;
  if (dataset.modified) record.remoteModified = dataset.modified;
  return record;
}

function langOf(node: XmlNode): string | undefined {
  const raw = attr(node, 'lang');
  return raw ? (languageTag(raw) ?? raw.toLowerCase()) : undefined;
}

function titles(ds: XmlNode): Text[] {
  return uniqueTexts(
    elements(ds, 'title').flatMap((node) => {
      const value = text(node);
      if (!value) return [];
      const lang = langOf(node);
      return [lang ? { value, lang } : { value }];
    }),
  );
}

/** Keyword sets: with a thesaurus the keywords are concepts of that scheme, without one plain keywords. */
function readKeywords(ds: XmlNode, dataset: Dataset): void {
  const keywords: Text[] = [];
  for (const set of elements(ds, 'keywordSet')) {
    const thesaurus = textAt(set, 'keywordThesaurus');
    for (const node of elements(set, 'keyword')) {
      const value = text(node);
      if (!value) continue;
      const lang = langOf(node);
      const label: Text = lang ? { value, lang } : { value };
      if (thesaurus && !NO_THESAURUS.test(thesaurus)) {
        const schemeUrl = /https?:\/\/\S+/.exec(thesaurus)?.[0];
        dataset.themes.push({ label: [label], scheme: schemeUrl ?? thesaurus, notation: value });
      } else keywords.push(label);
    }
  }
  dataset.keywords = uniqueTexts(keywords);
}

/** creator → creators; contact → contact points; publisher → publisher; the others → attributions with their role. */
function readPartiesInto(ds: XmlNode, dataset: Dataset): void {
  const creators = readParties(ds, 'creator');
  dataset.creators = creators.map(partyAgent);
  const contacts = readParties(ds, 'contact');
  dataset.contactPoints = contacts.map((p) => partyContact(p));
  for (const provider of readParties(ds, 'metadataProvider')) dataset.attributions.push({ agent: partyAgent(provider), role: 'metadataProvider' });
  for (const party of readParties(ds, 'associatedParty')) dataset.attributions.push({ agent: partyAgent(party), role: party.role ?? 'associatedParty' });
  for (const person of all(ds, 'project').flatMap((p) => readParties(p, 'personnel'))) {
    dataset.attributions.push({ agent: partyAgent(person), role: person.role ?? 'personnel' });
  }
  const publisher = readParties(ds, 'publisher')[0];
  // Without an EML publisher, the organisation of the first creator (or contact) published it.
  const publisherAgent = publisher ? (organisationAgent(publisher) ?? partyAgent(publisher)) : [...creators, ...contacts].map(organisationAgent).find(Boolean);
  if (publisherAgent) dataset.publisher = publisherAgent;
}

/** `methods`, `sampling` and `qualityControl` paragraphs, as lineage statements. */
function methods(ds: XmlNode): Text[] {
  const out: string[] = [];
  const block = first(ds, 'methods');
  for (const step of elements(block, 'methodStep')) {
    for (const description of elements(step, 'description')) out.push(...paragraphs(description));
  }
  for (const sampling of elements(block, 'sampling')) {
    for (const part of [...elements(sampling, 'studyExtent'), ...elements(sampling, 'samplingDescription')]) out.push(...paragraphs(part));
  }
  for (const quality of elements(block, 'qualityControl')) {
    for (const description of elements(quality, 'description')) out.push(...paragraphs(description));
  }
  return uniqueTexts(out.map((value) => ({ value })));
}

function readProject(ds: XmlNode): Record<string, unknown> | undefined {
  const project = first(ds, 'project');
  if (!project) return undefined;
  const out: Record<string, unknown> = {};
  const id = attr(project, 'id');
  if (id) out['id'] = id;
  const title = textAt(project, 'title');
  if (title) out['title'] = title;
  const personnel = readParties(project, 'personnel').map((p) => ({ name: p.person ?? p.organisation ?? p.position, ...(p.role ? { role: p.role } : {}), ...(p.orcid ? { orcid: p.orcid } : {}) }));
  if (personnel.length > 0) out['personnel'] = personnel;
  for (const part of ['abstract', 'funding'] as const) {
    const node = first(project, part);
    const value = node ? paragraphs(node).join('\n\n') : undefined;
    if (value) out[part] = value;
  }
  const awards = elements(project, 'award').map((award) => ({
    funder: textAt(award, 'funderName'),
    title: textAt(award, 'title'),
    number: textAt(award, 'awardNumber'),
    url: textAt(award, 'awardUrl'),
  }));
  if (awards.length > 0) out['awards'] = awards.map((a) => Object.fromEntries(Object.entries(a).filter(([, v]) => v !== undefined)));
  const studyArea = textAt(project, 'studyAreaDescription', 'descriptor', 'descriptorValue');
  if (studyArea) out['studyArea'] = studyArea;
  return Object.keys(out).length > 0 ? out : undefined;
}

function readCitation(root: XmlNode): { text: string; identifier?: string } | undefined {
  const node = first(root, 'additionalMetadata', 'metadata', 'gbif', 'citation');
  const value = text(node);
  if (!node || !value) return undefined;
  const identifier = attr(node, 'identifier');
  return identifier ? { text: value, identifier } : { text: value };
}

/**
 * `distribution/online/url`: `information` → landing page, `download` (or no function) → a
 * distribution; GBIF `physical` blocks → distributions with their format.
 */
function readDistributions(ds: XmlNode, root: XmlNode, dataset: Dataset): void {
  for (const url of all(ds, 'distribution', 'online', 'url')) {
    const value = text(url);
    if (!value || !isHttpUrl(value)) continue;
    if (attr(url, 'function') === 'information') dataset.landingPages.push(value);
    else dataset.distributions.push(isDwcArchiveUrl(value) ? dwcArchive(value) : download(value, undefined, undefined));
  }
  for (const physical of all(root, 'additionalMetadata', 'metadata', 'gbif', 'physical')) {
    const url = textAt(physical, 'distribution', 'online', 'url');
    if (!url || !isHttpUrl(url)) continue;
    dataset.distributions.push(download(url, textAt(physical, 'objectName'), textAt(physical, 'dataFormat', 'externallyDefinedFormat', 'formatName')));
  }
  dataset.landingPages = unique(dataset.landingPages);
  if (dataset.license) for (const d of dataset.distributions) d.license = dataset.license;
}

function download(url: string, title: string | undefined, formatName: string | undefined): Distribution {
  const distribution = emptyDistribution();
  distribution.accessURL = [url];
  distribution.downloadURL = [url];
  if (title) distribution.title = [{ value: title }];
  const format = resolveFormat(formatName);
  if (format.format) distribution.format = format.format;
  if (format.mediaType) distribution.mediaType = format.mediaType;
  return distribution;
}
