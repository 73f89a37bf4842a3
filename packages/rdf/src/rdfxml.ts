import type { Quad } from 'n3';
import { PrefixTable } from './names.js';
import { RDF, RDF_TYPE, XSD } from './vocab.js';

// XML 1.0 cannot carry these characters at all, not even as references.
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

function escapeText(value: string): string {
  return value.replace(NOT_XML, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r/g, '&#xD;');
}

function escapeAttribute(value: string): string {
  return escapeText(value).replace(/"/g, '&quot;').replace(/\n/g, '&#xA;').replace(/\t/g, '&#x9;');
}

/** Blank-node labels as `rdf:nodeID` needs them (NCName), one per label. */
class NodeIds {
  private readonly ids = new Map<string, string>();
  get(label: string): string {
    let id = this.ids.get(label);
    if (!id) {
      id = /^[A-Za-z_][A-Za-z0-9_.-]*$/.test(label) ? label : `b${this.ids.size}_${label.replace(/[^A-Za-z0-9_.-]/g, '')}`;
      this.ids.set(label, id);
    }
    return id;
  }
}

function subjectKey(q: Quad): string {
  return `${q.subject.termType === 'BlankNode' ? '_:' : ''}${q.subject.value}`;
}

/**
 * RDF/XML: one node element per subject (typed by its first type when that type has an XML
 * name), properties as child elements with `rdf:resource` / `rdf:nodeID` / text with `xml:lang`
 * or `rdf:datatype`. A predicate whose IRI has no XML name cannot be written in RDF/XML at
 * all; such triples are refused with an error rather than dropped silently.
 */
export function toRdfXml(quads: readonly Quad[]): string {
  const prefixes = new PrefixTable();
  prefixes.qname(RDF_TYPE);
  const ids = new NodeIds();
  const groups = new Map<string, Quad[]>();
  for (const q of quads) {
    const key = subjectKey(q);
    const group = groups.get(key);
    if (group) group.push(q);
    else groups.set(key, [q]);
  }
  const body: string[] = [];
  for (const group of groups.values()) {
    const subject = group[0]!.subject;
    const typeQuad = group.find((q) => q.predicate.value === RDF_TYPE && q.object.termType === 'NamedNode' && prefixes.qname(q.object.value));
    const element = typeQuad ? prefixes.qname(typeQuad.object.value)! : 'rdf:Description';
    const about = subject.termType === 'BlankNode' ? `rdf:nodeID="${ids.get(subject.value)}"` : `rdf:about="${escapeAttribute(subject.value)}"`;
    const lines = [`  <${element} ${about}>`];
    for (const q of group) {
      if (q === typeQuad) continue;
      const name = prefixes.qname(q.predicate.value);
      if (!name) throw new Error(`RDF/XML cannot write predicate <${q.predicate.value}>: its IRI has no XML name`);
      lines.push(`    ${propertyElement(name, q, ids)}`);
    }
    lines.push(`  </${element}>`);
    body.push(lines.join('\n'));
  }
  const namespaces = [...prefixes.used].map(([prefix, ns]) => `\n    xmlns:${prefix}="${escapeAttribute(ns)}"`).join('');
  return `<?xml version="1.0" encoding="utf-8"?>\n<rdf:RDF${namespaces}>\n${body.join('\n')}\n</rdf:RDF>\n`;
}

function propertyElement(name: string, q: Quad, ids: NodeIds): string {
  const o = q.object;
  if (o.termType === 'NamedNode') return `<${name} rdf:resource="${escapeAttribute(o.value)}"/>`;
  if (o.termType === 'BlankNode') return `<${name} rdf:nodeID="${ids.get(o.value)}"/>`;
  if (o.termType !== 'Literal') throw new Error(`RDF/XML cannot write a ${o.termType} object`);
  let attributes = '';
  if (o.language) attributes = ` xml:lang="${escapeAttribute(o.language)}"`;
  else if (o.datatype.value !== XSD('string') && o.datatype.value !== RDF('langString')) attributes = ` rdf:datatype="${escapeAttribute(o.datatype.value)}"`;
  return `<${name}${attributes}>${escapeText(o.value)}</${name}>`;
}
