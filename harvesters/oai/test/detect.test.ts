import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AddressGuard, HttpClient } from '@moisson/http';
import { oaiHarvester } from '@moisson/harvester-oai';
import { FixtureServer, json } from '../../../test/support/fixture-server.js';
import { fixture, serveOai } from './support.js';

let server: FixtureServer;
const http = new HttpClient({ guard: new AddressGuard(['127.0.0.1']), retries: 2, backoffMs: 10 });

beforeEach(async () => {
  server = await new FixtureServer().start();
});
afterEach(async () => {
  await server.stop();
});

describe('detect', () => {
  it('reads Identify and ListMetadataFormats from any URL of the repository', async () => {
    const base = serveOai(server, { identify: fixture('identify.xml'), formats: fixture('list-metadata-formats.xml') });
    const detection = await oaiHarvester.detect(new URL(`${base}?verb=ListRecords&metadataPrefix=oai_dc&lang=fr`), http);
    expect(server.requests.map((r) => Object.fromEntries(r.url.searchParams))).toEqual([
      { lang: 'fr', verb: 'Identify' },
      { lang: 'fr', verb: 'ListMetadataFormats' },
    ]);
    expect(detection).toEqual({
      protocol: 'oai',
      confidence: 1,
      url: `${base}?lang=fr`,
      title: 'Géocatalogue régional & SINP',
      details: {
        baseURL: 'https://geo.example.fr/geonetwork/srv/eng/oaipmh',
        protocolVersion: '2.0',
        earliestDatestamp: '2011-05-17T09:12:44Z',
        deletedRecord: 'persistent',
        granularity: 'YYYY-MM-DDThh:mm:ssZ',
        adminEmails: ['catalogue@geo.example.fr'],
        metadataFormats: [
          { metadataPrefix: 'oai_dc', schema: 'http://www.openarchives.org/OAI/2.0/oai_dc.xsd', metadataNamespace: 'http://www.openarchives.org/OAI/2.0/oai_dc/' },
          { metadataPrefix: 'iso19139', schema: 'http://www.isotc211.org/2005/gmd/gmd.xsd', metadataNamespace: 'http://www.isotc211.org/2005/gmd' },
          { metadataPrefix: 'dcat_ap', schema: 'http://www.w3.org/ns/dcat', metadataNamespace: 'http://www.w3.org/ns/dcat#' },
        ],
        metadataPrefix: 'dcat_ap',
      },
    });
  });

  it('still detects when ListMetadataFormats fails', async () => {
    const base = serveOai(server, { identify: fixture('identify-day.xml') });
    const detection = await oaiHarvester.detect(new URL(base), http);
    expect(detection?.title).toBe('Institutional data repository');
    expect(detection?.details).toEqual({
      baseURL: 'https://repo.example.org/oai/request',
      protocolVersion: '2.0',
      earliestDatestamp: '2008-01-01',
      deletedRecord: 'transient',
      granularity: 'YYYY-MM-DD',
      adminEmails: ['repo@example.org'],
    });
  });

  it('answers null for a CKAN API, an HTML page, a 404 or an OAI error', async () => {
    server.route('/api/3/action/status_show', json({ success: true, result: { ckan_version: '2.10.4' } }));
    server.route('/page', { status: 200, headers: { 'content-type': 'text/html' }, body: '<html><body>hello</body></html>' });
    serveOai(server, {}, '/oai');
    for (const path of ['/api/3/action/status_show', '/page', '/missing', '/oai']) {
      expect(await oaiHarvester.detect(new URL(server.at(path)), http)).toBeNull();
    }
  });
});
