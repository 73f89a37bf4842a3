import type { Agent, ContactPoint, QualifiedAttribution } from '@moisson/core';
import { str, strList, type JsonObject } from './json.js';

export function agent(name: string): Agent {
  return { name: [{ value: name }] };
}

function email(value: unknown): string | undefined {
  const v = str(value)?.replace(/^mailto:/i, '');
  return v && /^[^\s@]+@[^\s@]+$/.test(v) ? v : undefined;
}

/** `dcat.contact_name` / `contact_email` and `inspire.contact_*` as contact points (no empty ones). */
export function contactPoints(dcat: JsonObject, inspire: JsonObject): ContactPoint[] {
  const out: ContactPoint[] = [];
  const dcatContact = compact({ name: str(dcat['contact_name']), email: email(dcat['contact_email']) });
  if (dcatContact) out.push(dcatContact);
  const inspireContact = compact({
    name: str(inspire['contact_individual_name']) ?? str(inspire['contact_name']),
    organisation: str(inspire['contact_organisation_name']) ?? str(inspire['contact_organization']),
    email: email(inspire['contact_email']),
    address: str(inspire['contact_address']),
  });
  if (inspireContact && !out.some((c) => c.email === inspireContact.email && c.name === inspireContact.name)) out.push(inspireContact);
  return out;
}

function compact(contact: ContactPoint): ContactPoint | undefined {
  const entries = Object.entries(contact).filter(([, v]) => v !== undefined);
  return entries.length ? (Object.fromEntries(entries) as ContactPoint) : undefined;
}

/** `dcat.creator` names (one string, a list, or `;`-separated). */
export function creators(dcat: JsonObject): Agent[] {
  return names(dcat['creator']).map(agent);
}

/**
 * `dcat.contributor` (role `contributor`) and `default.attributions`, the credit lines of the
 * sources a dataset reuses (role `originator`, ISO CI_RoleCode: they produced the data).
 */
export function attributions(def: JsonObject, dcat: JsonObject): QualifiedAttribution[] {
  return [
    ...names(dcat['contributor']).map((n) => ({ agent: agent(n), role: 'contributor' })),
    ...strList(def['attributions']).map((n) => ({ agent: agent(n), role: 'originator' })),
  ];
}

function names(value: unknown): string[] {
  return [...new Set(strList(value).flatMap((v) => v.split(';').map((p) => p.trim()).filter(Boolean)))];
}
