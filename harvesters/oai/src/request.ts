/**
 * OAI-PMH request URLs. Every request is a GET on the repository's base URL with the protocol
 * arguments in the query string; a resumption request carries ONLY `verb` and
 * `resumptionToken` (OAI-PMH 2.0 §3.5: the token is an exclusive argument).
 */
const PROTOCOL_ARGUMENTS = ['verb', 'metadataPrefix', 'set', 'from', 'until', 'resumptionToken', 'identifier'];

/** The base URL of a repository from any URL of it (`…/oai?verb=Identify` → `…/oai`), other parameters kept. */
export function baseUrl(url: string | URL): string {
  const u = new URL(url);
  for (const key of [...u.searchParams.keys()]) if (PROTOCOL_ARGUMENTS.includes(key)) u.searchParams.delete(key);
  u.hash = '';
  return u.href;
}

function withArguments(base: string, args: Record<string, string | undefined>): string {
  const u = new URL(base);
  for (const [key, value] of Object.entries(args)) if (value !== undefined) u.searchParams.set(key, value);
  return u.href;
}

export function identifyUrl(base: string): string {
  return withArguments(base, { verb: 'Identify' });
}

export function listMetadataFormatsUrl(base: string): string {
  return withArguments(base, { verb: 'ListMetadataFormats' });
}

export interface ListArguments {
  metadataPrefix: string;
  set?: string;
  from?: string;
  until?: string;
}

export function listRecordsUrl(base: string, args: ListArguments): string {
  return withArguments(base, { verb: 'ListRecords', metadataPrefix: args.metadataPrefix, set: args.set, from: args.from, until: args.until });
}

export function resumeUrl(base: string, token: string): string {
  return withArguments(base, { verb: 'ListRecords', resumptionToken: token });
}

/** Where one record can be read at the source. */
export function getRecordUrl(base: string, metadataPrefix: string, identifier: string): string {
  return withArguments(base, { verb: 'GetRecord', metadataPrefix, identifier });
}
