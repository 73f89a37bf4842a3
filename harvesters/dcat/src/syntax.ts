import type { RdfSyntax } from './config.js';

const BY_MEDIA_TYPE: Record<string, RdfSyntax> = {
  'text/turtle': 'turtle',
  'application/x-turtle': 'turtle',
  'text/n3': 'turtle',
  'text/rdf+n3': 'turtle',
  'application/n-triples': 'ntriples',
  'application/n-quads': 'nquads',
  'application/trig': 'trig',
  'application/rdf+xml': 'rdfxml',
  'application/ld+json': 'jsonld',
  'text/html': 'rdfa',
  'application/xhtml+xml': 'rdfa',
};

const BY_EXTENSION: Record<string, RdfSyntax> = {
  ttl: 'turtle',
  n3: 'turtle',
  nt: 'ntriples',
  nq: 'nquads',
  trig: 'trig',
  rdf: 'rdfxml',
  owl: 'rdfxml',
  xml: 'rdfxml',
  jsonld: 'jsonld',
  json: 'jsonld',
  html: 'rdfa',
  htm: 'rdfa',
};

/** The `Accept` header sent for DCAT documents: the RDF syntaxes, then anything. */
export const RDF_ACCEPT =
  'text/turtle, application/rdf+xml;q=0.9, application/ld+json;q=0.9, application/n-triples;q=0.8, application/xml;q=0.5, application/json;q=0.4, */*;q=0.1';

/**
 * What the first bytes look like: `xml`, `json`, `turtle` (prefixes, brackets: Turtle or
 * TriG), `ntriples` (lines of `<s> <p> o .`), or undefined when they say nothing.
 */
export function sniffSyntax(head: string): RdfSyntax | undefined {
  const text = head.replace(/^\uFEFF/, '').trimStart();
  if (!text) return undefined;
  if (/^<(!DOCTYPE\s+html|html)\b/i.test(text)) return 'rdfa';
  if (text.startsWith('<?xml') || /^<(!--|!DOCTYPE|rdf:RDF|[A-Za-z_][\w.-]*:RDF)\b/.test(text)) return 'rdfxml';
  if (text.startsWith('{') || text.startsWith('[')) return 'jsonld';
  if (/^(@prefix|@base|PREFIX\s|BASE\s)/i.test(text)) return 'turtle';
  const lines = text.split('\n', 6).filter((l) => l.trim() && !l.trim().startsWith('#'));
  if (lines.length > 0 && lines.every((l) => /^(<[^>\s]*>|_:\S+)\s+<[^>\s]*>\s+.+\.\s*$/.test(l.trim()))) return 'ntriples';
  if (/^(<[^>]*>|_:\S+|[A-Za-z][\w-]*:\S*)\s/.test(text)) return 'turtle';
  if (text.startsWith('<')) return 'rdfxml';
  return undefined;
}

/** The family of a syntax, to tell a content type that contradicts the body. */
function family(syntax: RdfSyntax): 'xml' | 'json' | 'text' | 'html' {
  return syntax === 'rdfxml' ? 'xml' : syntax === 'jsonld' ? 'json' : syntax === 'rdfa' ? 'html' : 'text';
}

export interface SyntaxHints {
  /** The source config's `format`: always wins. */
  override?: RdfSyntax;
  contentType?: string;
  url?: string;
  /** The start of the body. */
  head?: string;
}

/**
 * The parser to use: the config override, else the Content-Type when it names an RDF syntax
 * and the body does not plainly contradict it (servers send Turtle as `text/plain` or
 * RDF/XML as `application/json`), else the URL extension, else sniffing the body.
 */
export function chooseSyntax(hints: SyntaxHints): RdfSyntax | undefined {
  if (hints.override) return hints.override;
  const sniffed = hints.head !== undefined ? sniffSyntax(hints.head) : undefined;
  const media = hints.contentType?.split(';')[0]?.trim().toLowerCase();
  const declared = media ? BY_MEDIA_TYPE[media] : undefined;
  // Turtle is a superset of N-Triples: a body with prefixes announced as N-Triples needs it.
  if (declared === 'ntriples' && sniffed === 'turtle') return 'turtle';
  if (declared && (!sniffed || family(sniffed) === family(declared))) return declared;
  const byGenericType = media === 'application/xml' || media === 'text/xml' ? 'rdfxml' : media === 'application/json' ? 'jsonld' : undefined;
  if (byGenericType && (!sniffed || family(sniffed) === family(byGenericType))) return byGenericType;
  const extension = hints.url ? extensionOf(hints.url) : undefined;
  const byExtension = extension ? BY_EXTENSION[extension] : undefined;
  if (byExtension && (!sniffed || family(sniffed) === family(byExtension))) return byExtension;
  return sniffed;
}

function extensionOf(url: string): string | undefined {
  try {
    return /\.([a-z0-9]+)$/i.exec(new URL(url).pathname)?.[1]?.toLowerCase();
  } catch {
    return undefined;
  }
}
