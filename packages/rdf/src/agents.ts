import type { Agent, ContactPoint, QualifiedAttribution, Text } from '@moisson/core';
import { GraphBuilder, iri, namedNode, plain, type Subject } from './graph.js';
import { DOCUMENT } from './values.js';
import { DCAT, DCT, FOAF, PROV, RESPONSIBLE_PARTY_ROLE, SKOS, VCARD } from './vocab.js';

/** `foaf:name` is mandatory: an agent with no name falls back to its identifier, homepage or e-mail. */
function agentNames(agent: Agent): Text[] {
  const names = agent.name.filter((t) => t.value.trim());
  if (names.length) return names;
  const fallback = agent.identifier ?? agent.homepage ?? agent.email;
  return fallback ? [{ value: fallback }] : [];
}

/** A `foaf:Agent` node (its IRI when known, described once per document), or undefined when nothing names it. */
export function agent(g: GraphBuilder, value: Agent | undefined): Subject | undefined {
  if (!value) return undefined;
  const names = agentNames(value);
  if (!names.length) return undefined;
  const node = iri(value.uri) ?? g.blank();
  g.once(node, () => {
    g.type(node, FOAF('Agent'));
    g.texts(node, FOAF('name'), names);
    if (value.email) g.link(node, FOAF('mbox'), mailto(value.email));
    const homepage = g.link(node, FOAF('homepage'), value.homepage);
    if (homepage) g.type(homepage, DOCUMENT);
    g.link(node, DCT('type'), value.type);
    if (value.identifier) g.add(node, DCT('identifier'), plain(value.identifier));
  }, 'agent');
  return node;
}

export function agentLink(g: GraphBuilder, subject: Subject, predicate: string, value: Agent | undefined): void {
  const node = agent(g, value);
  if (node) g.add(subject, predicate, node);
}

export function mailto(email: string): string {
  const address = email.trim().replace(/^mailto:/i, '');
  return `mailto:${encodeURI(address)}`;
}

/** `dcat:contactPoint` → `vcard:Kind` (e-mail as a `mailto:` IRI, as DCAT-AP asks). */
export function contactPoint(g: GraphBuilder, subject: Subject, value: ContactPoint): void {
  if (!value.name && !value.organisation && !value.email && !value.url && !value.phone) return;
  const node = iri(value.uri) ?? g.blank();
  g.add(subject, DCAT('contactPoint'), node);
  g.once(node, () => {
    g.type(node, VCARD('Kind'));
    if (value.name) g.add(node, VCARD('fn'), plain(value.name));
    if (value.organisation) g.add(node, VCARD('organization-name'), plain(value.organisation));
    if (value.email) g.link(node, VCARD('hasEmail'), mailto(value.email));
    g.link(node, VCARD('hasURL'), value.url);
    if (value.phone) g.link(node, VCARD('hasTelephone'), `tel:${value.phone.replace(/[^+\d]/g, '')}`);
    if (value.address) {
      const address = g.blank();
      g.add(node, VCARD('hasAddress'), address);
      g.type(address, VCARD('Address'));
      g.add(address, VCARD('street-address'), plain(value.address));
    }
  }, 'contact');
}

const ISO_ROLE_CODES = new Set([
  'resourceProvider', 'custodian', 'owner', 'user', 'distributor', 'originator', 'pointOfContact',
  'principalInvestigator', 'processor', 'publisher', 'author',
]);

/** A role as an IRI: given, or an ISO 19115 role code in the INSPIRE register, or a labelled blank `dcat:Role`. */
export function role(g: GraphBuilder, value: string): Subject {
  const given = iri(value);
  if (given) return given;
  const code = [...ISO_ROLE_CODES].find((c) => c.toLowerCase() === value.trim().toLowerCase());
  if (code) return namedNode(RESPONSIBLE_PARTY_ROLE + code);
  const node = g.blank();
  g.type(node, DCAT('Role'), SKOS('Concept'));
  g.add(node, SKOS('prefLabel'), plain(value));
  return node;
}

/** `prov:qualifiedAttribution` → `prov:Attribution` with `prov:agent` and `dcat:hadRole`. */
export function attribution(g: GraphBuilder, subject: Subject, value: QualifiedAttribution): void {
  const who = agent(g, value.agent);
  if (!who) return;
  const node = g.blank();
  g.add(subject, PROV('qualifiedAttribution'), node);
  g.type(node, PROV('Attribution'));
  g.add(node, PROV('agent'), who);
  if (value.role.trim()) g.add(node, DCAT('hadRole'), role(g, value.role));
}
