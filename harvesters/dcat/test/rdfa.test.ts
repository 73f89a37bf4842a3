import { ProtocolError } from '@moisson/core';
import { AddressGuard, HttpClient } from '@moisson/http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FixtureServer } from '../../../test/support/fixture-server.js';
import { dcatHarvester } from '../src/index.js';
import { chooseSyntax } from '../src/syntax.js';

const http = () => new HttpClient({ guard: new AddressGuard(['127.0.0.1']), retries: 1, backoffMs: 10 });

/** A dataset landing page carrying its DCAT description in RDFa, as some portals publish them. */
const LANDING_PAGE = `<!DOCTYPE html>
<html lang="fr" prefix="dcat: http://www.w3.org/ns/dcat# dct: http://purl.org/dc/terms/ foaf: http://xmlns.com/foaf/0.1/">
<head><title>Arbres d'alignement</title></head>
<body>
  <main about="https://data.ville.example/datasets/arbres" typeof="dcat:Dataset">
    <h1 property="dct:title" lang="fr">Arbres d'alignement</h1>
    <p property="dct:description" lang="fr">Inventaire des arbres d'alignement de la ville.</p>
    <span property="dcat:keyword" lang="fr">arbres</span>
    <div rel="dct:publisher"><div typeof="foaf:Organization"><span property="foaf:name">Ville d'Exemple</span></div></div>
    <div rel="dcat:distribution">
      <div typeof="dcat:Distribution">
        <a rel="dcat:downloadURL dcat:accessURL" href="https://data.ville.example/files/arbres.csv">CSV</a>
        <span property="dct:format">CSV</span>
      </div>
    </div>
  </main>
</body>
</html>`;

describe('DCAT in RDFa (rdflib)', () => {
  let server: FixtureServer;
  beforeEach(async () => {
    server = await new FixtureServer().start();
  });
  afterEach(async () => server.stop());

  it('chooses RDFa for HTML, by content type and by sniffing', () => {
    expect(chooseSyntax({ contentType: 'text/html; charset=utf-8', head: LANDING_PAGE.slice(0, 200) })).toBe('rdfa');
    expect(chooseSyntax({ head: '<html><body></body></html>' })).toBe('rdfa');
  });

  it('reads the dataset described in RDFa on a landing page', async () => {
    server.route('/datasets/arbres', { headers: { 'content-type': 'text/html; charset=utf-8' }, body: LANDING_PAGE });
    const pages = [];
    for await (const page of dcatHarvester.pages({ url: server.at('/datasets/arbres'), filters: [], config: {} }, null, http())) pages.push(page);
    expect(pages.flatMap((p) => p.records.map((r) => r.remoteId))).toEqual(['https://data.ville.example/datasets/arbres']);
    const record = dcatHarvester.normalise(pages[0]!.records[0]!.raw, { source: { url: server.url }, config: {}, filters: [], harvestedAt: '2026-01-01T00:00:00Z' });
    expect(record.dataset.title).toEqual([{ value: "Arbres d'alignement", lang: 'fr' }]);
    expect(record.dataset.keywords).toEqual([{ value: 'arbres', lang: 'fr' }]);
    // The page's lang="fr" applies to every literal in it, as RDFa says.
    expect(record.dataset.publisher?.name).toEqual([{ value: "Ville d'Exemple", lang: 'fr' }]);
    expect(record.dataset.distributions[0]?.downloadURL).toEqual(['https://data.ville.example/files/arbres.csv']);
  });

  it('fails on an HTML page without DCAT, instead of reading it as an empty catalogue', async () => {
    server.route('/maintenance', { headers: { 'content-type': 'text/html' }, body: '<!doctype html><html><body>Maintenance en cours</body></html>' });
    const reading = (async () => {
      for await (const page of dcatHarvester.pages({ url: server.at('/maintenance'), filters: [], config: {} }, null, http())) void page;
    })();
    await expect(reading).rejects.toThrow(ProtocolError);
    await expect(reading).rejects.toThrow(/HTML page without DCAT in RDFa/);
  });
});
