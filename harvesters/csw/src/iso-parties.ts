import { isHttpUrl, pickText, type Agent, type ContactPoint, type Dataset, type QualifiedAttribution } from '@moisson/core';
import { anchorHref, charText, codeValue, freeTexts, type IsoLanguages } from './iso-text.js';
import { at, kid, path } from './xml.js';

/** One CI_ResponsibleParty, read once, shaped as both an agent and a contact point. */
interface Party {
  role: string;
  agent?: Agent;
  contact: ContactPoint;
}

function readParty(party: unknown, languages: IsoLanguages): Party {
  const organisationProp = kid(party, 'organisationName');
  const organisation = freeTexts(organisationProp, languages).map((t) => ({ ...t }));
  const individual = charText(kid(party, 'individualName'));
  const info = at(party, 'contactInfo', 'CI_Contact');
  const address = at(info, 'address', 'CI_Address');
  const email = charText(kid(address, 'electronicMailAddress'))?.replace(/^mailto:/i, '');
  const phone = charText(at(info, 'phone', 'CI_Telephone', 'voice'));
  const linkage = charText(at(info, 'onlineResource', 'CI_OnlineResource', 'linkage'));
  const url = linkage && isHttpUrl(linkage) ? linkage : undefined;
  const lines = [
    ...path(address, 'deliveryPoint').map(charText),
    [charText(kid(address, 'postalCode')), charText(kid(address, 'city'))].filter(Boolean).join(' '),
    charText(kid(address, 'administrativeArea')),
    charText(kid(address, 'country')),
  ].filter((line): line is string => !!line);
  const orgName = pickText(organisation);
  const contact: ContactPoint = {};
  if (individual) contact.name = individual;
  if (orgName) contact.organisation = orgName;
  if (email) contact.email = email;
  if (url) contact.url = url;
  if (phone) contact.phone = phone;
  if (lines.length > 0) contact.address = lines.join(', ');
  const role = codeValue(kid(party, 'role')) ?? 'pointOfContact';
  // Agent names never carry invented language tags: the organisation name is a name, not prose.
  const names = organisation.length > 0 ? [{ value: orgName as string }] : individual ? [{ value: individual }] : [];
  let agent: Agent | undefined;
  if (names.length > 0) {
    agent = { name: names };
    const uri = anchorHref(organisationProp);
    if (uri && isHttpUrl(uri)) agent.uri = uri;
    if (email) agent.email = email;
    if (url) agent.homepage = url;
  }
  return agent ? { role, agent, contact } : { role, contact };
}

/**
 * Responsible parties by role (GeoDCAT-AP): publisher → `publisher` (the first), pointOfContact →
 * contact points, author → creators, every other role (and extra publishers) → attributions.
 */
export function applyParties(dataset: Dataset, parties: unknown[], languages: IsoLanguages): void {
  const attributions: QualifiedAttribution[] = [];
  for (const node of parties) {
    const party = readParty(node, languages);
    switch (party.role) {
      case 'pointOfContact':
        if (Object.keys(party.contact).length > 0) dataset.contactPoints.push(party.contact);
        break;
      case 'publisher':
        if (!party.agent) break;
        if (!dataset.publisher) dataset.publisher = party.agent;
        else attributions.push({ agent: party.agent, role: party.role });
        break;
      case 'author':
        if (party.agent) dataset.creators.push(party.agent);
        break;
      default:
        if (party.agent) attributions.push({ agent: party.agent, role: party.role });
    }
  }
  dataset.attributions.push(...attributions);
}

/** The metadata contact (`gmd:contact`): who answers for the record itself. */
export function metadataContact(md: unknown, languages: IsoLanguages): ContactPoint | undefined {
  const node = at(md, 'contact', 'CI_ResponsibleParty');
  if (!node) return undefined;
  const { contact, role } = readParty(node, languages);
  if (Object.keys(contact).length === 0) return undefined;
  return role === 'pointOfContact' ? contact : { ...contact, role };
}
