import { pickText, type Detection, type Http } from '@moisson/core';
import { DCAT, DCT, RDF_TYPE } from './ns.js';
import { parseTriples } from './parse.js';
import { chooseSyntax, RDF_ACCEPT } from './syntax.js';
import type { Triple } from './terms.js';

/** Where udata, ckanext-dcat, Opendatasoft and static publishers put their DCAT catalogue. */
export const WELL_KNOWN_PATHS = [
  '/catalog.ttl',
  '/catalog.rdf',
  '/catalog.jsonld',
  '/catalog.xml',
  '/api/1/site/catalog.ttl',
  '/api/1/site/catalog.rdf',
  '/api/1/site/catalog.jsonld',
  '/api/explore/v2.1/catalog/exports/dcat',
];

/** Bytes read before giving up on finding a DCAT class in a document. */
const DETECT_BYTES = 8 * 1024 * 1024;

interface Sighting {
  syntax: string;
  catalogs: number;
  datasets: number;
  title?: string;
}

/** Read the start of a document and look for `dcat:Catalog` / `dcat:Dataset` (any syntax). */
async function sight(url: string, http: Http): Promise<Sighting | undefined> {
  let response;
  try {
    response = await http.stream(url, { accept: RDF_ACCEPT, maxBytes: 1024 * 1024 * 1024 });
  } catch {
    return undefined;
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  // Read enough to sniff; detection never parses a whole dump.
  const iterator = response.body[Symbol.asyncIterator]();
  async function* limited(): AsyncGenerator<Uint8Array> {
    try {
      for (let next = await iterator.next(); !next.done && size < DETECT_BYTES; next = await iterator.next()) {
        size += next.value.byteLength;
        chunks.push(next.value);
        yield next.value;
      }
    } finally {
      await iterator.return?.();
    }
  }
  const headIterator = limited();
  const first = await headIterator.next();
  if (first.done) return undefined;
  const head = new TextDecoder().decode(first.value.subarray(0, 4096));
  const syntax = chooseSyntax({ contentType: response.headers['content-type'], url: response.url, head });
  if (!syntax) return undefined;
  async function* all(): AsyncGenerator<Uint8Array> {
    yield first.value as Uint8Array;
    yield* headIterator;
  }
  const seen: Triple[] = [];
  const catalogSubjects = new Set<string>();
  let catalogs = 0;
  let datasets = 0;
  try {
    for await (const batch of parseTriples(all(), syntax, response.url, { batchSize: 500 })) {
      for (const t of batch) {
        if (t.p === RDF_TYPE && t.o.value === DCAT + 'Catalog') {
          catalogs++;
          catalogSubjects.add(t.s.value);
        }
        else if (t.p === RDF_TYPE && (t.o.value === DCAT + 'Dataset' || t.o.value === DCAT + 'DatasetSeries' || t.o.value === DCAT + 'DataService')) datasets++;
        if (t.p === DCT + 'title' && seen.length < 10_000) seen.push(t);
      }
      if (catalogs + datasets > 0 && datasets >= 1) break;
    }
  } catch {
    // a truncated read or a document that is not RDF: decide on what was seen
  }
  if (catalogs + datasets === 0) return undefined;
  const title = pickText(seen.filter((t) => catalogSubjects.has(t.s.value)).map((t) => (t.o.kind === 'literal' && t.o.lang ? { value: t.o.value, lang: t.o.lang } : { value: t.o.value })));
  return { syntax, catalogs, datasets, ...(title ? { title } : {}) };
}

/**
 * Whether a URL is a DCAT catalogue: the document itself (any RDF syntax with a `dcat:Catalog`
 * or `dcat:Dataset`), else one of the well-known catalogue paths on the same host.
 */
export async function detectDcat(url: URL, http: Http): Promise<Detection | null> {
  const direct = await sight(url.href, http);
  if (direct) {
    return {
      protocol: 'dcat',
      confidence: direct.catalogs > 0 ? 0.95 : 0.85,
      ...(direct.title ? { title: direct.title } : {}),
      details: { syntax: direct.syntax, catalogs: direct.catalogs, datasetsSeen: direct.datasets },
    };
  }
  for (const path of WELL_KNOWN_PATHS) {
    const candidate = new URL(path, url.origin).href;
    if (candidate === url.href) continue;
    const found = await sight(candidate, http);
    if (found) {
      return {
        protocol: 'dcat',
        confidence: 0.8,
        url: candidate,
        ...(found.title ? { title: found.title } : {}),
        details: { syntax: found.syntax, catalogs: found.catalogs, datasetsSeen: found.datasets, wellKnownPath: path },
      };
    }
  }
  return null;
}
