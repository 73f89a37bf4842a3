import { AddressGuard, HttpClient } from '@moisson/http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FixtureServer, xml } from '../../../test/support/fixture-server.js';
import { cswHarvester } from '../src/index.js';
import { fixture } from './support.js';

let server: FixtureServer;
const http = () => new HttpClient({ guard: new AddressGuard(['127.0.0.1']), retries: 0, backoffMs: 10 });
beforeEach(async () => {
  server = await new FixtureServer().start();
});
afterEach(async () => {
  await server.stop();
});

describe('detect', () => {
  it('reads GetCapabilities: version, endpoints, output schemas, max records', async () => {
    server.route('/geonetwork/srv/fre/csw', () => xml(fixture('capabilities.xml').replaceAll('__BASE__', server.url)));
    const detection = await cswHarvester.detect(new URL(server.at('/geonetwork/srv/fre/csw?SERVICE=CSW')), http());
    expect(detection).toEqual({
      protocol: 'csw',
      confidence: 1,
      title: 'Catalogue Géo2France',
      url: server.at('/geonetwork/srv/fre/csw-post'),
      details: {
        version: '2.0.2',
        outputSchemas: ['http://www.opengis.net/cat/csw/2.0.2', 'http://www.isotc211.org/2005/gmd'],
        iso: true,
        getRecordsGet: server.at('/geonetwork/srv/fre/csw'),
        getRecordsPost: server.at('/geonetwork/srv/fre/csw-post'),
        maxRecordDefault: 100,
      },
    });
    expect(Object.fromEntries(server.requests[0]!.url.searchParams)).toEqual({ service: 'CSW', request: 'GetCapabilities', acceptVersions: '2.0.2' });
  });

  it('says no to what is not a CSW', async () => {
    server.route('/api/3/action/status_show', () => ({ status: 200, headers: { 'content-type': 'application/json' }, body: '{"success":true}' }));
    server.route('/wms', () => xml('<WMS_Capabilities version="1.3.0"><Service><Name>WMS</Name></Service></WMS_Capabilities>'));
    expect(await cswHarvester.detect(new URL(server.at('/api/3/action/status_show')), http())).toBeNull();
    expect(await cswHarvester.detect(new URL(server.at('/wms')), http())).toBeNull();
    expect(await cswHarvester.detect(new URL(server.at('/missing')), http())).toBeNull();
  });

  it('assembles the harvester', () => {
    expect(cswHarvester.id).toBe('csw');
    expect(cswHarvester.displayName).toBe('OGC CSW');
    expect(cswHarvester.filters.map((f) => f.key)).toEqual(['keyword', 'type', 'bbox', 'q']);
  });
});
