import { isHttpUrl, texts, type Agent, type ContactPoint, type QualifiedAttribution } from '@moisson/core';
import type { PackageFields } from './extras.js';
import { isObject, parseJsonText, str, type JsonObject } from './json.js';
import type { CkanPackage } from './types.js';

/**
 * Parties of a CKAN package. ckanext-dcat writes them as `publisher_*`, `creator_*`,
 * `contact_*` extras (legacy profiles) or as scheming subfields `publisher: [{name, email…}]`;
 * CKAN core has the organisation and `maintainer`/`author` (+ `_email`).
 */
export interface Parties {
  publisher?: Agent;
  creators: Agent[];
  contactPoints: ContactPoint[];
  attributions: QualifiedAttribution[];
}

function email(value: unknown): string | undefined {
  const v = str(value)?.replace(/^mailto:/i, '');
  return v && /^[^@\s]+@[^@\s]+$/.test(v) ? v : undefined;
}

/** Scheming repeating subfields (`[{…}]`, a dict, or either JSON-encoded). */
function subfields(value: unknown): JsonObject[] {
  const v = typeof value === 'string' ? parseJsonText(value) : value;
  if (Array.isArray(v)) return v.filter(isObject);
  return isObject(v) ? [v] : [];
}

function agentFrom(fields: { name?: string; uri?: string; email?: unknown; url?: unknown; type?: string; identifier?: string }): Agent | undefined {
  if (!fields.name) return undefined;
  const agent: Agent = { name: texts(fields.name) };
  if (fields.uri && isHttpUrl(fields.uri)) agent.uri = fields.uri;
  const mail = email(fields.email);
  if (mail) agent.email = mail;
  const homepage = str(fields.url);
  if (homepage && isHttpUrl(homepage)) agent.homepage = homepage;
  if (fields.type) agent.type = fields.type;
  if (fields.identifier) agent.identifier = fields.identifier;
  return agent;
}

/** An agent from `<prefix>_name`, `<prefix>_email`… extras or a scheming `<prefix>` subfield. */
function prefixedAgent(fields: PackageFields, prefix: 'publisher' | 'creator'): Agent | undefined {
  const sub = subfields(fields.value(prefix))[0];
  if (sub) {
    return agentFrom({ name: str(sub['name']), uri: str(sub['uri']), email: sub['email'], url: sub['url'], type: str(sub['type']), identifier: str(sub['identifier']) });
  }
  return agentFrom({
    name: fields.text(`${prefix}_name`),
    uri: fields.text(`${prefix}_uri`),
    email: fields.text(`${prefix}_email`),
    url: fields.text(`${prefix}_url`),
    type: fields.text(`${prefix}_type`),
    identifier: fields.text(`${prefix}_identifier`),
  });
}

/** The owning organisation as an agent: `{site}/organization/{name}`, its id as identifier. */
export function organisationAgent(pkg: CkanPackage, site: string): Agent | undefined {
  const org = pkg['organization'];
  if (!isObject(org)) return undefined;
  const name = str(org['name']);
  const agent = agentFrom({
    name: str(org['title']) ?? str(org['display_name']) ?? name,
    email: org['email'] ?? org['contact_email'],
    url: org['homepage'] ?? org['website'] ?? org['url'],
    identifier: str(org['id']),
  });
  if (agent && name) agent.uri = `${site}/organization/${encodeURIComponent(name)}`;
  return agent;
}

function contact(name: string | undefined, mail: unknown, extra: Partial<ContactPoint> = {}): ContactPoint | undefined {
  const point: ContactPoint = { ...extra };
  if (name) point.name = name;
  const m = email(mail);
  if (m) point.email = m;
  return point.name || point.email ? point : undefined;
}

function contactPoints(fields: PackageFields, pkg: CkanPackage): ContactPoint[] {
  const scheming = subfields(fields.value('contact'))
    .map((c) => {
      const uri = str(c['uri']);
      return contact(str(c['name']), c['email'], uri && isHttpUrl(uri) ? { uri } : {});
    })
    .filter((c): c is ContactPoint => c !== undefined);
  if (scheming.length) return scheming;
  const uri = fields.text('contact_uri');
  const fromExtras = contact(fields.text('contact_name', 'contact-name'), fields.text('contact_email', 'contact-email'), uri && isHttpUrl(uri) ? { uri } : {});
  if (fromExtras) return [fromExtras];
  // Fallback order of ckanext-dcat: maintainer, then author.
  const maintainer = contact(str(pkg['maintainer']), pkg['maintainer_email']);
  if (maintainer) return [maintainer];
  const author = contact(str(pkg['author']), pkg['author_email']);
  if (author) return [author];
  return responsibleParties(fields)
    .filter((p) => p.roles.includes('pointOfContact'))
    .map((p) => ({ organisation: p.name }));
}

/** ckanext-spatial's `responsible-party`: `[{"name": "…", "roles": ["pointOfContact", "owner"]}]`. */
function responsibleParties(fields: PackageFields): Array<{ name: string; roles: string[] }> {
  return subfields(fields.value('responsible-party')).flatMap((p) => {
    const name = str(p['name']);
    const roles = Array.isArray(p['roles']) ? p['roles'].map(str).filter((r): r is string => !!r) : [];
    return name ? [{ name, roles }] : [];
  });
}

export function readParties(fields: PackageFields, pkg: CkanPackage, site: string): Parties {
  const organisation = organisationAgent(pkg, site);
  const declared = prefixedAgent(fields, 'publisher') ?? dataGovPublisher(fields);
  const creators: Agent[] = [];
  const creator = prefixedAgent(fields, 'creator');
  if (creator) creators.push(creator);
  else {
    const author = agentFrom({ name: str(pkg['author']), email: pkg['author_email'] });
    if (author) creators.push(author);
  }
  const attributions: QualifiedAttribution[] = [];
  // The publisher the record names wins; the CKAN organisation that holds it is then the distributor.
  if (declared && organisation) attributions.push({ agent: organisation, role: 'distributor' });
  for (const party of responsibleParties(fields)) {
    for (const role of party.roles) if (role !== 'pointOfContact') attributions.push({ agent: { name: texts(party.name) }, role });
  }
  const publisher = declared ?? organisation;
  return { ...(publisher ? { publisher } : {}), creators, contactPoints: contactPoints(fields, pkg), attributions };
}

/** catalog.data.gov (ckanext-datajson) keeps the publisher as a plain `publisher` extra. */
function dataGovPublisher(fields: PackageFields): Agent | undefined {
  const value = fields.value('publisher');
  return typeof value === 'string' && !value.trim().startsWith('[') && !value.trim().startsWith('{') ? agentFrom({ name: value.trim() }) : undefined;
}
