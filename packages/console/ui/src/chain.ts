/** Provenance hops (see `ProvenanceHop` in packages/core/src/provenance.ts), narrowed from the API's JSON. */
export type Role = 'origin' | 'intermediate' | 'source' | 'moisson';

export interface Hop {
  role: Role;
  catalogTitle?: string;
  catalogUrl?: string;
  recordId?: string;
  recordUrl?: string;
  publisher?: string;
  protocol?: string;
  harvestedAt?: string;
  modified?: string;
}

const record = (v: unknown): Record<string, unknown> | undefined =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v : undefined);
const ROLES: Role[] = ['origin', 'intermediate', 'source', 'moisson'];

/** An agent's name in the UI language (Text[] in the model), else the first one. */
function agentName(agent: unknown, lang: string): string | undefined {
  const names = record(agent)?.name;
  if (!Array.isArray(names)) return undefined;
  const texts = names.map(record).filter((t): t is Record<string, unknown> => t !== undefined);
  const hit = texts.find((t) => str(t.lang)?.startsWith(lang)) ?? texts[0];
  return str(hit?.value);
}

export function narrowChain(raw: readonly unknown[], lang: string): Hop[] {
  return raw.flatMap((item, index) => {
    const hop = record(item);
    if (!hop) return [];
    const catalog = record(hop.catalog) ?? {};
    const role = ROLES.find((r) => r === hop.role) ?? (index === 0 ? 'origin' : 'intermediate');
    return [
      {
        role,
        catalogTitle: str(catalog.title),
        catalogUrl: str(catalog.url),
        recordId: str(hop.recordId),
        recordUrl: str(hop.recordUrl),
        publisher: agentName(hop.publisher, lang),
        protocol: str(hop.protocol),
        harvestedAt: str(hop.harvestedAt),
        modified: str(hop.modified),
      },
    ];
  });
}

export interface Duplicate {
  id: string;
  title?: string;
  sourceName?: string;
}

/** The same dataset held by other sources: the API's `origins` (the linked cluster, this dataset included). */
export function narrowDuplicates(detail: Record<string, unknown>): Duplicate[] {
  const list = detail.origins ?? detail.duplicates ?? detail.linked;
  if (!Array.isArray(list)) return [];
  return list.flatMap((item) => {
    const r = record(item);
    const id = r && str(r.id);
    if (!r || !id || id === detail.id) return [];
    return [{ id, title: str(r.title) ?? str(r.remoteId), sourceName: str(record(r.source)?.name) ?? str(r.sourceName) }];
  });
}
