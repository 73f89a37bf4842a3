import type { Agent, ContactPoint } from '@moisson/core';
import { all, attr, elements, first, text, textAt, textsAt, type XmlNode } from '../xml/tree.js';

/** One EML `ResponsibleParty` (creator, contact, metadataProvider, associatedParty, personnel…). */
export interface EmlParty {
  person?: string;
  organisation?: string;
  position?: string;
  email?: string;
  url?: string;
  phone?: string;
  address?: string;
  /** ORCID IRI, or another directory's id as `directory:id`. */
  orcid?: string;
  otherId?: string;
  role?: string;
}

const ORCID = /(\d{4}-\d{4}-\d{4}-\d{3}[\dX])/i;

/** Reads a party; undefined when it names nobody. */
export function readParty(node: XmlNode): EmlParty | undefined {
  const given = textsAt(node, 'individualName', 'givenName').join(' ');
  const sur = textAt(node, 'individualName', 'surName');
  const person = [given, sur].filter(Boolean).join(' ').trim() || undefined;
  const organisation = textAt(node, 'organizationName');
  const position = textAt(node, 'positionName');
  if (!person && !organisation && !position) return undefined;
  const party: EmlParty = {};
  if (person) party.person = person;
  if (organisation) party.organisation = organisation;
  if (position) party.position = position;
  const email = textAt(node, 'electronicMailAddress')?.replace(/^mailto:/i, '');
  if (email) party.email = email;
  const url = textAt(node, 'onlineUrl');
  if (url) party.url = url;
  const phone = textAt(node, 'phone');
  if (phone) party.phone = phone;
  const address = first(node, 'address');
  if (address) {
    const line = elements(address).map(text).filter(Boolean).join(', ');
    if (line) party.address = line;
  }
  for (const userId of all(node, 'userId')) {
    const value = text(userId);
    if (!value) continue;
    const directory = attr(userId, 'directory') ?? '';
    const orcid = ORCID.exec(value)?.[1];
    if (orcid && (/orcid/i.test(directory) || /orcid\.org/i.test(value))) party.orcid ??= `https://orcid.org/${orcid.toUpperCase()}`;
    else party.otherId ??= directory ? `${directory.replace(/\/+$/, '')}/${value}` : value;
  }
  const role = textAt(node, 'role');
  if (role) party.role = role;
  return party;
}

/** Every party under the given element names, in document order. */
export function readParties(dataset: XmlNode, name: string): EmlParty[] {
  return elements(dataset, name)
    .map(readParty)
    .filter((p): p is EmlParty => p !== undefined);
}

/** A `foaf:Agent`: the person when there is one, else the organisation, else the position. */
export function partyAgent(party: EmlParty): Agent {
  const name = party.person ?? party.organisation ?? party.position ?? '';
  const agent: Agent = { name: [{ value: name }] };
  if (party.orcid) agent.uri = party.orcid;
  if (party.email) agent.email = party.email;
  if (party.url) agent.homepage = party.url;
  if (party.otherId) agent.identifier = party.otherId;
  return agent;
}

/** An organisation as an agent (publisher), when the party names one. */
export function organisationAgent(party: EmlParty): Agent | undefined {
  if (!party.organisation) return undefined;
  const agent: Agent = { name: [{ value: party.organisation }] };
  if (!party.person && party.email) agent.email = party.email;
  if (party.url) agent.homepage = party.url;
  return agent;
}

/** A `vcard:Kind` contact point. */
export function partyContact(party: EmlParty, role?: string): ContactPoint {
  const contact: ContactPoint = {};
  const name = party.person ?? party.position;
  if (name) contact.name = name;
  if (party.organisation) contact.organisation = party.organisation;
  if (party.email) contact.email = party.email;
  if (party.url) contact.url = party.url;
  if (party.phone) contact.phone = party.phone;
  if (party.address) contact.address = party.address;
  if (party.orcid) contact.uri = party.orcid;
  if (role) contact.role = role;
  return contact;
}
