import { normaliseDate, resolveDataTheme, resolveFrequency, resolveLicense, type Agent, type Concept, type ContactPoint, type License, type PeriodOfTime, type Text } from '@moisson/core';
import type { RecordGraph } from './graph.js';
import { DCAT, dcat, dct, foaf, rdf, rdfs, schema, skos, time, VCARD, vcard } from './ns.js';
import type { LiteralTerm, NodeTerm, Term } from './terms.js';

const LABELS = [skos.prefLabel, rdfs.label, dct.title, foaf.name];

/** `mailto:x@y` / `x@y` → `x@y`. */
export function emailOf(value: string | undefined): string | undefined {
  const v = value?.trim().replace(/^mailto:/i, '').split('?')[0];
  return v && /^[^\s@]+@[^\s@]+$/.test(v) ? v : undefined;
}

/** A date literal in any form catalogues write (xsd:date, dateTime, gYear, naive) in DCAT-AP lexical form. */
export function dateOf(terms: readonly Term[]): string | undefined {
  for (const t of terms) {
    if (t.kind !== 'literal') continue;
    const date = normaliseDate(t.value);
    if (date) return date;
  }
  return undefined;
}

/** `foaf:Agent` from an IRI (described or not), a node, or a literal name. */
export function readAgent(graph: RecordGraph, value: Term): Agent | undefined {
  if (value.kind === 'literal') {
    const name = value.value.trim();
    return name ? { name: [value.lang ? { value: name, lang: value.lang } : { value: name }] } : undefined;
  }
  const agent: Agent = { name: graph.texts(value, foaf.name, vcard.fn, vcard['organization-name'], rdfs.label, skos.prefLabel) };
  if (value.kind === 'iri') agent.uri = value.value;
  const email = emailOf(graph.objects(value, foaf.mbox)[0]?.value ?? graph.objects(value, vcard.hasEmail)[0]?.value);
  if (email) agent.email = email;
  const homepage = graph.urls(value, foaf.homepage, foaf.page, vcard.hasURL)[0];
  if (homepage) agent.homepage = homepage;
  const type = graph.nodes(value, dct.type).find((n) => n.kind === 'iri');
  if (type) agent.type = type.value;
  const identifier = graph.value(value, dct.identifier);
  if (identifier) agent.identifier = identifier;
  if (agent.name.length === 0 && !agent.uri && !agent.email) return undefined;
  return agent;
}

/** A vCard value: an IRI (`mailto:`, `tel:`), a literal, or a node with `vcard:value`. */
function vcardValue(graph: RecordGraph, node: NodeTerm, predicate: string): string | undefined {
  for (const o of graph.objects(node, predicate)) {
    if (o.kind === 'bnode') {
      const inner = graph.objects(o, vcard.value)[0] ?? graph.objects(o, rdf.value)[0];
      if (inner?.value.trim()) return inner.value.trim();
    } else if (o.value.trim()) return o.value.trim();
  }
  return undefined;
}

/** `dcat:contactPoint` (`vcard:Kind`): fn, organisation name (both spellings), email, URL, phone, address. */
export function readContactPoint(graph: RecordGraph, value: Term): ContactPoint | undefined {
  if (value.kind === 'literal') {
    const email = emailOf(value.value);
    return email ? { email } : value.value.trim() ? { name: value.value.trim() } : undefined;
  }
  const contact: ContactPoint = {};
  if (value.kind === 'iri' && !/^mailto:/i.test(value.value)) contact.uri = value.value;
  const name = graph.value(value, vcard.fn, foaf.name, rdfs.label);
  if (name) contact.name = name;
  const organisation = graph.value(value, vcard['organization-name'], vcard['organisation-name']);
  if (organisation) contact.organisation = organisation;
  const email = emailOf(vcardValue(graph, value, vcard.hasEmail) ?? graph.objects(value, foaf.mbox)[0]?.value ?? (value.kind === 'iri' ? value.value : undefined));
  if (email) contact.email = email;
  const url = vcardValue(graph, value, vcard.hasURL);
  if (url) contact.url = url;
  const phone = vcardValue(graph, value, vcard.hasTelephone)?.replace(/^tel:/i, '');
  if (phone) contact.phone = phone;
  const address = graph.nodes(value, vcard.hasAddress)[0];
  if (address) {
    const parts = ['street-address', 'postal-code', 'locality', 'region', 'country-name'].map((p) => graph.value(address, VCARD + p)).filter((p): p is string => !!p);
    if (parts.length > 0) contact.address = parts.join(', ');
  }
  return Object.keys(contact).length > 0 ? contact : undefined;
}

/** Labels of a node (prefLabel, label, title), or the literal itself. */
export function labelsOf(graph: RecordGraph, value: Term): Text[] {
  if (value.kind === 'literal') return value.value.trim() ? [value.lang ? { value: value.value.trim(), lang: value.lang } : { value: value.value.trim() }] : [];
  return graph.texts(value, ...LABELS);
}

/** A licence from `dct:license`: IRI (with its label when described), node with a title, or literal. */
export function readLicense(graph: RecordGraph, value: Term): License | undefined {
  const label = labelsOf(graph, value)[0]?.value;
  if (value.kind === 'iri') {
    const resolved = resolveLicense(value.value, label);
    return resolved ? { ...resolved, label: label ?? value.value } : undefined;
  }
  const sameAs = value.kind === 'bnode' ? graph.urls(value, 'http://www.w3.org/2002/07/owl#sameAs', rdfs.seeAlso)[0] : undefined;
  return resolveLicense(label, sameAs);
}

/** A `skos:Concept` from an IRI (its labels when described) or a literal. */
export function readConcept(graph: RecordGraph, value: Term): Concept | undefined {
  const label = labelsOf(graph, value);
  if (value.kind === 'iri') {
    const concept: Concept = { uri: value.value };
    if (label.length > 0) concept.label = label;
    const scheme = graph.urls(value, skos.inScheme)[0];
    if (scheme) concept.scheme = scheme;
    return concept;
  }
  if (label.length === 0) return undefined;
  return { label, notation: label[0]!.value };
}

/** `dcat:theme`: EU data-theme IRIs recognised from IRIs or labels; other schemes kept as they are. */
export function readTheme(graph: RecordGraph, value: Term): Concept | undefined {
  const concept = readConcept(graph, value);
  if (!concept) return undefined;
  const known = resolveDataTheme(concept.uri ?? concept.notation);
  if (!known) return concept;
  return concept.label ? { ...known, label: concept.label } : known;
}

export function readFrequency(graph: RecordGraph, value: Term): Concept | undefined {
  if (value.kind === 'bnode') {
    const label = labelsOf(graph, value)[0]?.value ?? graph.value(value, rdf.value);
    return label ? resolveFrequency(label) : undefined;
  }
  return resolveFrequency(value.value);
}

function instant(graph: RecordGraph, value: Term | undefined): string | undefined {
  if (!value) return undefined;
  if (value.kind === 'literal') return normaliseDate(value.value);
  return dateOf([...graph.objects(value, time.inXSDDate), ...graph.objects(value, time.inXSDDateTime), ...graph.objects(value, time.inXSDDateTimeStamp), ...graph.objects(value, time.inXSDgYear)]);
}

/** `dct:temporal`: dcat:startDate/endDate (2.x, 3), schema:startDate (1.x), time:hasBeginning/hasEnd, or a `start/end` literal. */
export function readPeriod(graph: RecordGraph, value: Term): PeriodOfTime | undefined {
  if (value.kind === 'literal') {
    const text = value.value.trim();
    const [a, b] = text.split('/');
    const start = a ? normaliseDate(a) : undefined;
    const end = b ? normaliseDate(b) : undefined;
    if (start || end) return { ...(start ? { start } : {}), ...(end ? { end } : {}) };
    return text ? { label: text } : undefined;
  }
  const start = dateOf(graph.objectsOfFirst(value, [dcat.startDate, schema.startDate])) ?? instant(graph, graph.objects(value, time.hasBeginning)[0]);
  const end = dateOf(graph.objectsOfFirst(value, [dcat.endDate, schema.endDate])) ?? instant(graph, graph.objects(value, time.hasEnd)[0]);
  if (start || end) return { ...(start ? { start } : {}), ...(end ? { end } : {}) };
  const label = labelsOf(graph, value)[0]?.value;
  return label ? { label } : undefined;
}

/** Rights statements: literals, or nodes with a label. */
export function readTexts(graph: RecordGraph, values: readonly Term[]): Text[] {
  return values.flatMap((v) => labelsOf(graph, v));
}

export function isLiteral(term: Term): term is LiteralTerm {
  return term.kind === 'literal';
}
