import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InvalidRecord, PageFetchError, ProtocolError, SkipRecord, SourceConfigError, type Cursor, type Filter, type Page, type SourceSpec } from '@moisson/core';
import { AddressGuard, HttpClient } from '@moisson/http';
import { oaiHarvester, type OaiConfig, type OaiRecord } from '@moisson/harvester-oai';
import { FixtureServer, xml } from '../../../test/support/fixture-server.js';
import { fixture, fourPageChain, oaiError, serveOai } from './support.js';

let server: FixtureServer;
const http = new HttpClient({ guard: new AddressGuard(['127.0.0.1']), retries: 2, backoffMs: 10 });

beforeEach(async () => {
  server = await new FixtureServer().start();
});
afterEach(async () => {
  await server.stop();
});

function spec(url: string, config: Partial<OaiConfig> = {}, filters: Filter[] = [], modifiedSince?: string): SourceSpec<Partial<OaiConfig>> {
  return { url, filters, config, ...(modifiedSince ? { modifiedSince } : {}) };
}

async function collect(source: SourceSpec<Partial<OaiConfig>>, cursor: Cursor | null = null): Promise<Page<OaiRecord>[]> {
  const pages: Page<OaiRecord>[] = [];
  for await (const page of oaiHarvester.pages(source, cursor, http)) pages.push(page);
  return pages;
}

/** What each sent request asked for, as its query parameters. */
function sent(): Array<Record<string, string>> {
  return server.requests.map((r) => Object.fromEntries(r.url.searchParams));
}

const ctx = { source: { url: 'https://geo.example.fr/geonetwork/srv/eng/oaipmh' }, config: {}, filters: [], harvestedAt: '2025-03-04T12:00:00Z' };

function outcome(raw: OaiRecord): string {
  try {
    return `ok ${oaiHarvester.normalise(raw, ctx).dataset.title[0]?.value}`;
  } catch (error) {
    if (error instanceof SkipRecord) return `skip ${error.reason}`;
    if (error instanceof InvalidRecord) return `invalid ${error.message}`;
    throw error;
  }
}

describe('ListRecords with resumptionToken paging', () => {
  it('reads a four-page chain, sending only verb and resumptionToken after the first request', async () => {
    const base = serveOai(server, fourPageChain());
    const pages = await collect(spec(`${base}?verb=Identify`, { metadataPrefix: 'oai_dc' }));

    expect(sent()).toEqual([
      { verb: 'ListRecords', metadataPrefix: 'oai_dc' },
      { verb: 'ListRecords', resumptionToken: 'oai_dc/2025-03-04/biodiversity/2' },
      { verb: 'ListRecords', resumptionToken: 'oai_dc/2025-03-04/biodiversity/4' },
      { verb: 'ListRecords', resumptionToken: 'oai_dc/2025-03-04/biodiversity/6' },
    ]);
    expect(pages.map((p) => p.records.map((r) => r.remoteId))).toEqual([
      ['oai:geo.example.fr:7f9c2a3e-1b4d-4e2a-9c55-0d1e2f3a4b5c', 'oai:geo.example.fr:0b6e51d2-8f0a-4d1c-a2b3-5e6f7a8b9c0d'],
      ['oai:geo.example.fr:c1d2e3f4-a5b6-4c7d-8e9f-0a1b2c3d4e5f'],
      ['oai:geo.example.fr:9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d', 'oai:geo.example.fr:3e2d1c0b-9a8f-4e7d-b6c5-a4b3c2d1e0f9'],
      ['oai:geo.example.fr:e5f6a7b8-c9d0-4e1f-a2b3-c4d5e6f7a8b9', 'oai:geo.example.fr:f0e1d2c3-b4a5-4968-8776-655443322110'],
    ]);
    expect(pages.map((p) => p.next)).toEqual([
      { metadataPrefix: 'oai_dc', listing: 0, token: 'oai_dc/2025-03-04/biodiversity/2' },
      { metadataPrefix: 'oai_dc', listing: 0, token: 'oai_dc/2025-03-04/biodiversity/4' },
      { metadataPrefix: 'oai_dc', listing: 0, token: 'oai_dc/2025-03-04/biodiversity/6' },
      null,
    ]);
    expect(pages.map((p) => p.total)).toEqual([8, 8, 8, 8]);
    // The deleted header is not a record: the page names it so the runner archives its dataset.
    expect(pages.map((p) => p.deleted)).toEqual([undefined, ['oai:geo.example.fr:5d4c3b2a-1f0e-4d9c-8b7a-6f5e4d3c2b1a'], undefined, undefined]);
    expect(pages.every((p) => p.truncated === undefined && p.errors === undefined)).toBe(true);
    expect(pages[0]?.url).toBe(`${base}?verb=ListRecords&metadataPrefix=oai_dc`);

    expect(pages.flatMap((p) => p.records.map((r) => outcome(r.raw)))).toEqual([
      'ok Inventaire des oiseaux nicheurs du Parc national (2010-2020)',
      'ok Zones humides du bassin versant de la Durance',
      'ok Flore patrimoniale & espèces protégées',
      'invalid OAI record oai:geo.example.fr:9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d (oai_dc): csw:Record without dc:title',
      'ok Suivi des chiroptères en cavités',
      'ok Observations de loutres d\'Europe',
      'ok Limites administratives du parc',
    ]);
  });

  it('keeps each <record> as the repository sent it, with the namespaces it inherits from the envelope', async () => {
    const base = serveOai(server, fourPageChain());
    const pages = await collect(spec(base, { metadataPrefix: 'oai_dc' }));
    const second = pages[1]?.records[0];
    expect(second?.remoteId).toBe('oai:geo.example.fr:c1d2e3f4-a5b6-4c7d-8e9f-0a1b2c3d4e5f');
    expect(second?.original.mediaType).toBe('application/xml');
    expect(second?.original.body.startsWith('<record xmlns="http://www.openarchives.org/OAI/2.0/"')).toBe(true);
    expect(second?.original.body).toContain('<identifier>oai:geo.example.fr:c1d2e3f4-a5b6-4c7d-8e9f-0a1b2c3d4e5f</identifier>');
    expect(second?.original.body.trimEnd().endsWith('</record>')).toBe(true);
    const last = pages[3]?.records[0];
    expect(last?.original.body.startsWith('<record xmlns="http://www.openarchives.org/OAI/2.0/" xmlns:oai_dc="http://www.openarchives.org/OAI/2.0/oai_dc/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/">')).toBe(true);
    expect(last?.raw.metadata).toEqual({
      format: 'dc',
      xml: expect.stringMatching(/^<oai_dc:dc xmlns="http:\/\/www.openarchives.org\/OAI\/2.0\/" xmlns:oai_dc="http:\/\/www.openarchives.org\/OAI\/2.0\/oai_dc\/" xmlns:dc=/),
    });
  });

  it('resumes from a saved cursor with the token alone, asking nothing else first', async () => {
    const base = serveOai(server, fourPageChain());
    const pages = await collect(spec(base), { metadataPrefix: 'oai_dc', listing: 0, token: 'oai_dc/2025-03-04/biodiversity/4' });
    expect(sent()).toEqual([
      { verb: 'ListRecords', resumptionToken: 'oai_dc/2025-03-04/biodiversity/4' },
      { verb: 'ListRecords', resumptionToken: 'oai_dc/2025-03-04/biodiversity/6' },
    ]);
    expect(pages.map((p) => p.records.length)).toEqual([2, 2]);
    expect(pages[1]?.next).toBeNull();
  });

  it('stops as truncated when the repository hands back a token it already gave', async () => {
    const chain = fourPageChain();
    chain.tokens!['oai_dc/2025-03-04/biodiversity/4'] = fixture('oai-dc-page-2.xml');
    const base = serveOai(server, chain);
    const pages = await collect(spec(base, { metadataPrefix: 'oai_dc' }));
    // page 3 (token …/4) names …/4 again: the loop is seen before a fourth request
    expect(pages).toHaveLength(3);
    expect(pages.map((p) => p.truncated)).toEqual([undefined, undefined, `next page link repeats a page already read: ${base}?verb=ListRecords&resumptionToken=oai_dc%2F2025-03-04%2Fbiodiversity%2F4`]);
    expect(pages[2]?.next).toBeNull();
    expect(server.requests).toHaveLength(3);
  });

  it('marks the listing truncated when it ends short of its completeListSize', async () => {
    const chain = fourPageChain();
    chain.tokens!['oai_dc/2025-03-04/biodiversity/6'] = fixture('oai-dc-page-4.xml').replace('completeListSize="8"', 'completeListSize="12"');
    const base = serveOai(server, chain);
    const pages = await collect(spec(base, { metadataPrefix: 'oai_dc' }));
    expect(pages.at(-1)?.truncated).toBe('the remote announced 12 records but the listing ended after 8');
    expect(pages.at(-1)?.next).toBeNull();
  });
});

describe('records without an identifier', () => {
  it('are left out of the page and reported as a page item error', async () => {
    const page = fixture('oai-dc-page-4.xml').replace('<identifier>oai:geo.example.fr:f0e1d2c3-b4a5-4968-8776-655443322110</identifier>', '<identifier>  </identifier>');
    const base = serveOai(server, { first: page });
    const pages = await collect(spec(base, { metadataPrefix: 'oai_dc' }));
    expect(pages[0]?.records.map((r) => r.remoteId)).toEqual(['oai:geo.example.fr:e5f6a7b8-c9d0-4e1f-a2b3-c4d5e6f7a8b9']);
    expect(pages[0]?.errors).toEqual([{ message: '1 <record> element(s) without a header identifier were left out' }]);
  });
});

describe('metadata prefix', () => {
  it('auto picks dcat_ap from ListMetadataFormats and reads RDF/XML records; an empty token element ends the list', async () => {
    const base = serveOai(server, { formats: fixture('list-metadata-formats.xml'), first: fixture('dcat-ap-page.xml') });
    const pages = await collect(spec(base));
    expect(sent()).toEqual([{ verb: 'ListMetadataFormats' }, { verb: 'ListRecords', metadataPrefix: 'dcat_ap' }]);
    expect(pages).toHaveLength(1);
    expect(pages[0]?.next).toBeNull();
    expect(pages[0]?.total).toBe(3);
    expect(pages[0]?.records.map((r) => r.raw.metadata?.format)).toEqual(['dcat', 'dcat']);
    expect(pages[0]?.deleted).toHaveLength(1);
  });

  it('falls back to oai_dc when the repository offers nothing better, and fails clearly when it offers nothing moisson reads', async () => {
    const only = fixture('list-metadata-formats.xml').replace(/<metadataFormat>\s*<metadataPrefix>(iso19139|dcat_ap)<\/metadataPrefix>[\s\S]*?<\/metadataFormat>/g, '');
    const base = serveOai(server, { formats: only, first: fixture('oai-dc-page-4.xml') });
    await collect(spec(base, { metadataPrefix: 'auto' }));
    expect(sent()[1]).toEqual({ verb: 'ListRecords', metadataPrefix: 'oai_dc' });

    serveOai(server, { formats: fixture('list-metadata-formats-unknown.xml') }, '/other');
    const error = await collect(spec(server.at('/other'))).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SourceConfigError);
    expect((error as Error).message).toBe('the repository offers none of the formats moisson reads (dcat_ap, dcat, iso19139, oai_dc); it offers: marc21, mods');
  });
});

describe('set filter and dates', () => {
  it('harvests each included set as its own listing, and drops records of an excluded set and its subsets', async () => {
    const asked: string[] = [];
    const base = serveOai(server, {
      first: ({ set }) => {
        asked.push(set ?? '');
        return set === 'biodiversity' ? fixture('oai-dc-page-1.xml').replace(/<resumptionToken[^>]*>[^<]*<\/resumptionToken>/, '') : fixture('iso19139-page.xml');
      },
    });
    const filters: Filter[] = [
      { key: 'set', value: 'biodiversity', type: 'include' },
      { key: 'set', value: 'habitats', type: 'include' },
      { key: 'set', value: 'biodiversity:birds', type: 'exclude' },
    ];
    const pages = await collect(spec(base, { metadataPrefix: 'oai_dc' }, filters));
    expect(asked).toEqual(['biodiversity', 'habitats']);
    expect(sent().map((q) => q['set'])).toEqual(['biodiversity', 'habitats']);
    expect(pages.map((p) => p.next)).toEqual([{ metadataPrefix: 'oai_dc', listing: 1 }, null]);
    expect(pages[0]?.records.map((r) => r.remoteId)).toEqual(['oai:geo.example.fr:0b6e51d2-8f0a-4d1c-a2b3-5e6f7a8b9c0d']);
    expect(pages[1]?.records).toHaveLength(2);
    expect(pages.map((p) => p.total)).toEqual([undefined, undefined]);
  });

  it('turns modifiedSince into from at second granularity, keeping until', async () => {
    const base = serveOai(server, { identify: fixture('identify.xml'), first: fixture('no-records-match.xml') });
    await collect(spec(base, { metadataPrefix: 'oai_dc', until: '2025-12-31' }, [], '2025-03-01T06:07:08.123Z'));
    expect(sent()).toEqual([{ verb: 'Identify' }, { verb: 'ListRecords', metadataPrefix: 'oai_dc', from: '2025-03-01T06:07:08Z', until: '2025-12-31' }]);
  });

  it('rounds modifiedSince down to the day when the repository has day granularity; a later configured from wins', async () => {
    const base = serveOai(server, { identify: fixture('identify-day.xml'), first: fixture('no-records-match.xml') });
    await collect(spec(base, { metadataPrefix: 'oai_dc' }, [], '2025-03-01T23:59:59Z'));
    await collect(spec(base, { metadataPrefix: 'oai_dc', from: '2025-06-01' }, [], '2025-03-01T23:59:59Z'));
    expect(sent().filter((q) => q['verb'] === 'ListRecords').map((q) => q['from'])).toEqual(['2025-03-01', '2025-06-01']);
  });
});

describe('OAI errors and broken answers', () => {
  it('noRecordsMatch is an empty, complete listing', async () => {
    const base = serveOai(server, { first: fixture('no-records-match.xml') });
    const pages = await collect(spec(base, { metadataPrefix: 'oai_dc', from: '2025-03-01T00:00:00Z' }));
    expect(pages).toEqual([{ url: `${base}?verb=ListRecords&metadataPrefix=oai_dc&from=2025-03-01T00%3A00%3A00Z`, records: [], next: null, total: 0 }]);
  });

  it('badResumptionToken fails the run after the pages already read, with the server words', async () => {
    const chain = fourPageChain();
    chain.tokens!['oai_dc/2025-03-04/biodiversity/4'] = fixture('bad-resumption-token.xml');
    const base = serveOai(server, chain);
    const pages: Page<OaiRecord>[] = [];
    const error = await (async () => {
      for await (const page of oaiHarvester.pages(spec(base, { metadataPrefix: 'oai_dc' }), null, http)) pages.push(page);
    })().catch((e: unknown) => e);
    expect(pages).toHaveLength(2);
    expect(error).toBeInstanceOf(ProtocolError);
    expect((error as ProtocolError).message).toBe(
      `${base}?verb=ListRecords&resumptionToken=oai_dc%2F2025-03-04%2Fbiodiversity%2F4: the repository refused the resumption token (badResumptionToken: The value of the resumptionToken argument is invalid or expired.); the listing must be harvested again from the start`,
    );
  });

  it('any other OAI error fails the run with the code and the server words', async () => {
    const base = serveOai(server, { first: fixture('cannot-disseminate.xml') });
    const error = await collect(spec(base, { metadataPrefix: 'marc21' })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProtocolError);
    expect((error as Error).message).toBe(
      `${base}?verb=ListRecords&metadataPrefix=marc21: the repository answered an OAI-PMH error: cannotDisseminateFormat: The metadata format identified by the value given for the metadataPrefix argument is not supported by the item or by the repository.`,
    );
  });

  it('reads an OAI error sent with an HTTP 4xx status as an OAI error', async () => {
    server.route('/strict', xml(oaiError('badArgument', 'Illegal argument: from'), 400));
    const error = await collect(spec(server.at('/strict'), { metadataPrefix: 'oai_dc', from: '2025-01-01' })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProtocolError);
    expect((error as Error).message).toMatch(/: the repository answered an OAI-PMH error: badArgument: Illegal argument: from$/);
  });

  it('a broken document is a protocol error saying where', async () => {
    const base = serveOai(server, { first: fixture('broken.xml') });
    const error = await collect(spec(base, { metadataPrefix: 'oai_dc' })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProtocolError);
    expect((error as ProtocolError).url).toBe(`${base}?verb=ListRecords&metadataPrefix=oai_dc`);
    expect((error as Error).message).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/oai\?verb=ListRecords&metadataPrefix=oai_dc: not well-formed XML at line 17, column 3: Expected closing tag .record. \(opened in line 6, col 5\) instead of closing tag .ListRecords.\.$/);
  });

  it('refuses a document whose DOCTYPE declares entities, expanding nothing', async () => {
    const base = serveOai(server, { first: fixture('entity-bomb.xml') });
    const error = await collect(spec(base, { metadataPrefix: 'oai_dc' })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProtocolError);
    expect((error as Error).message).toMatch(/refused a document whose DOCTYPE declares entities \(possible entity-expansion bomb\)$/);
  });

  it('an HTML page or another verb is not a listing', async () => {
    server.route('/html', { status: 200, headers: { 'content-type': 'text/html' }, body: '<html><head><title>Login</title></head><body><p>Please sign in</p></body></html>' });
    const error = await collect(spec(server.at('/html'), { metadataPrefix: 'oai_dc' })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProtocolError);
    expect((error as Error).message).toMatch(/: expected an OAI-PMH ListRecords answer, got <html>$/);

    const base = serveOai(server, { first: fixture('identify.xml') }, '/confused');
    const other = await collect(spec(base, { metadataPrefix: 'oai_dc' })).catch((e: unknown) => e);
    expect((other as Error).message).toMatch(/: expected an OAI-PMH ListRecords answer, got an Identify answer$/);
  });

  it('a server error stays a retryable page fetch error', async () => {
    server.route('/down', { status: 503, body: 'maintenance' });
    const error = await collect(spec(server.at('/down'), { metadataPrefix: 'oai_dc' })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PageFetchError);
    expect((error as PageFetchError).retryable).toBe(true);
  });
});
