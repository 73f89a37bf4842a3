/** The media types the API can answer a dataset or catalogue read with. */
export const RDF_MEDIA_TYPES = ['text/turtle', 'application/n-triples', 'application/rdf+xml', 'application/ld+json'] as const;
export type RdfMediaType = (typeof RDF_MEDIA_TYPES)[number];
export type OutputMediaType = RdfMediaType | 'application/json';

const ALIASES: Record<string, OutputMediaType> = {
  'text/turtle': 'text/turtle',
  'application/x-turtle': 'text/turtle',
  'application/turtle': 'text/turtle',
  'application/n-triples': 'application/n-triples',
  'text/plain': 'application/n-triples',
  'application/rdf+xml': 'application/rdf+xml',
  'application/xml': 'application/rdf+xml',
  'text/xml': 'application/rdf+xml',
  'application/ld+json': 'application/ld+json',
  'application/json': 'application/json',
};

/** `?format=` values browsers use (also the `/catalog.ttl` style extensions). */
const FORMATS: Record<string, OutputMediaType> = {
  ttl: 'text/turtle',
  turtle: 'text/turtle',
  nt: 'application/n-triples',
  ntriples: 'application/n-triples',
  'n-triples': 'application/n-triples',
  rdf: 'application/rdf+xml',
  xml: 'application/rdf+xml',
  rdfxml: 'application/rdf+xml',
  'rdf+xml': 'application/rdf+xml',
  jsonld: 'application/ld+json',
  'json-ld': 'application/ld+json',
  json: 'application/json',
};

interface Range {
  type: string;
  q: number;
  order: number;
}

function parseAccept(header: string): Range[] {
  return header
    .split(',')
    .map((part, order) => {
      const [type = '', ...params] = part.split(';').map((s) => s.trim());
      const qParam = params.find((p) => /^q=/i.test(p));
      const q = qParam ? Number(qParam.slice(2)) : 1;
      return { type: type.toLowerCase(), q: Number.isFinite(q) ? q : 0, order };
    })
    .filter((r) => r.type && r.q > 0)
    .sort((a, b) => b.q - a.q || a.order - b.order);
}

/**
 * The representation to answer with: an explicit `?format=` wins (browsers cannot set Accept),
 * else the most preferred Accept range we can produce, else JSON (also for `*` + `/*`).
 */
export function negotiate(acceptHeader: string | undefined, formatParam?: string): OutputMediaType {
  const format = formatParam?.trim().toLowerCase().replace(/^\./, '');
  if (format && FORMATS[format]) return FORMATS[format];
  for (const range of parseAccept(acceptHeader ?? '')) {
    const match = ALIASES[range.type];
    if (match) return match;
    if (range.type === '*/*' || range.type === 'application/*') return 'application/json';
    if (range.type === 'text/*') return 'text/turtle';
  }
  return 'application/json';
}
