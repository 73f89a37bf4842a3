import type { Checksum, Concept, Identifier, License, Text } from '@moisson/core';
import { GraphBuilder, iri, plain, typed, type Subject } from './graph.js';
import { ADMS, DCT, FOAF, RDFS, SKOS, SPDX, XSD } from './vocab.js';

/**
 * A controlled-vocabulary value: its IRI when known (typed with `rangeClass` and, when labelled,
 * `skos:Concept` + `skos:prefLabel`, which the DCAT-AP Concept shape requires of any concept);
 * without an IRI, a blank node of `rangeClass` carrying the source's label.
 */
export function concept(g: GraphBuilder, subject: Subject, predicate: string, value: Concept | undefined, rangeClass: string): void {
  if (!value) return;
  const labels: Text[] = value.label?.length ? value.label : value.notation ? [{ value: value.notation }] : [];
  const node = iri(value.uri);
  if (node) {
    g.add(subject, predicate, node);
    g.once(node, () => {
      // An unlabelled IRI is not typed skos:Concept: the Concept shape would demand a prefLabel.
      if (rangeClass !== SKOS('Concept')) g.type(node, rangeClass);
      if (labels.length) {
        g.type(node, SKOS('Concept'));
        g.texts(node, SKOS('prefLabel'), labels);
        g.link(node, SKOS('inScheme'), value.scheme);
      }
    }, rangeClass);
    return;
  }
  if (!labels.length) return;
  const blank = g.blank();
  g.add(subject, predicate, blank);
  g.type(blank, rangeClass);
  g.texts(blank, rangeClass === SKOS('Concept') ? SKOS('prefLabel') : RDFS('label'), labels);
}

/** `dct:license`: the IRI typed `dct:LicenseDocument`; without one, a blank licence document with the source's text. */
export function license(g: GraphBuilder, subject: Subject, value: License | undefined): void {
  if (!value) return;
  const node = iri(value.uri);
  if (node) {
    g.add(subject, DCT('license'), node);
    g.once(node, () => {
      g.type(node, DCT('LicenseDocument'));
      if (value.label && value.label !== value.uri) g.add(node, RDFS('label'), plain(value.label));
    });
    return;
  }
  if (!value.label?.trim()) return;
  const blank = g.blank();
  g.add(subject, DCT('license'), blank);
  g.type(blank, DCT('LicenseDocument'));
  g.add(blank, RDFS('label'), plain(value.label));
}

/** Free text that DCAT-AP wants as a resource (`dct:rights`, `dct:provenance`): one labelled blank node per value. */
export function statements(g: GraphBuilder, subject: Subject, predicate: string, values: readonly Text[] | undefined, rangeClass: string): void {
  for (const text of values ?? []) {
    if (!text.value.trim()) continue;
    const node = g.blank();
    g.add(subject, predicate, node);
    g.type(node, rangeClass);
    g.texts(node, RDFS('label'), [text]);
  }
}

/** `dct:rights` (at most one in DCAT-AP): one `dct:RightsStatement` labelled in every language given. */
export function rightsStatement(g: GraphBuilder, subject: Subject, values: readonly Text[] | undefined): void {
  const texts = (values ?? []).filter((t) => t.value.trim());
  if (!texts.length) return;
  const node = g.blank();
  g.add(subject, DCT('rights'), node);
  g.type(node, DCT('RightsStatement'));
  g.texts(node, RDFS('label'), texts);
}

/** `adms:identifier` → `adms:Identifier` with `skos:notation` (typed by its scheme IRI when it has one). */
export function identifier(g: GraphBuilder, subject: Subject, value: Identifier): void {
  if (!value.notation.trim()) return;
  const node = g.blank();
  g.add(subject, ADMS('identifier'), node);
  g.type(node, ADMS('Identifier'));
  // The scheme travels as the notation's datatype, as the ADMS examples do.
  const scheme = iri(value.scheme) ?? iri(SCHEME_DATATYPES[value.scheme?.toLowerCase() ?? '']);
  g.add(node, SKOS('notation'), scheme ? typed(value.notation, scheme.value) : plain(value.notation));
  if (value.creator) {
    const creator = iri(value.creator);
    g.add(node, DCT('creator'), creator ?? plain(value.creator));
  }
}

export function checksum(g: GraphBuilder, subject: Subject, value: Checksum | undefined): void {
  const algorithm = iri(value?.algorithm);
  const hex = value?.value.trim().toLowerCase();
  if (!algorithm || !hex || !/^([0-9a-f]{2})+$/.test(hex)) return;
  const node = g.blank();
  g.add(subject, SPDX('checksum'), node);
  g.type(node, SPDX('Checksum'));
  g.add(node, SPDX('algorithm'), algorithm);
  g.add(node, SPDX('checksumValue'), typed(hex, XSD('hexBinary')));
}

/** Links to IRIs that DCAT-AP types by range (`foaf:Document`, `dct:Standard`, `dct:LinguisticSystem`…). */
export function links(g: GraphBuilder, subject: Subject, predicate: string, values: readonly string[] | undefined, rangeClass?: string): void {
  for (const value of values ?? []) {
    const node = g.link(subject, predicate, value);
    if (node && rangeClass) g.once(node, () => g.type(node, rangeClass), rangeClass);
  }
}

const SCHEME_DATATYPES: Record<string, string> = {
  doi: 'http://purl.org/spar/datacite/doi',
  url: XSD('anyURI'),
  uri: XSD('anyURI'),
};

export const DOCUMENT = FOAF('Document');
