import type { NormalisedRecord } from '@moisson/core';
import { ckanHarvester } from '@moisson/harvester-ckan';
import { normaliseEml } from '@moisson/harvester-gbif';
import { normaliseOds } from '@moisson/harvester-ods';
import { context as ckanContext, packageFixture } from '../../harvesters/ckan/test/fixtures.js';
import { normaliseCswRecord } from '../../harvesters/csw/src/normalise.js';
import { ctx as cswContext, fixture as cswFixture } from '../../harvesters/csw/test/support.js';
import { normaliseFixture } from '../../harvesters/dcat/test/helpers.js';
import { fixture as emlFixture, fixtureBytes as emlBytes } from '../../harvesters/gbif/test/helpers.js';
import { ctx as odsContext, datasetsOf } from '../../harvesters/ods/test/helpers.js';

export interface FixtureRecord {
  label: string;
  protocol: string;
  /** The source the record is harvested from. */
  url: string;
  record: NormalisedRecord;
}

/** Every dataset our harvesters make from our own fixtures, whatever the protocol. */
export async function fixtureRecords(): Promise<FixtureRecord[]> {
  const out: FixtureRecord[] = [];
  const add = (label: string, protocol: string, url: string, record: NormalisedRecord) => out.push({ label, protocol, url, record });
  for (const name of ['package-show-datagov.json', 'package-show-dcat-legacy.json', 'package-show-harvested-spatial.json', 'package-show-scheming-multilingual.json']) {
    add(name, 'ckan', 'https://data.example.ie', ckanHarvester.normalise(packageFixture(name), ckanContext()));
  }
  for (const name of ['geonetwork-iso-record.xml', 'mi-metadata-record.xml', 'series-record.xml', 'service-record.xml', 'dc-record.xml']) {
    add(name, 'csw', cswContext.source.url, normaliseCswRecord({ xml: cswFixture(name) }, cswContext));
  }
  for (const [id, dataset] of datasetsOf('v21-catalog-page.json')) add(`v2.1 ${id}`, 'ods', 'https://data.metropole-exemple.fr', normaliseOds(dataset, odsContext()));
  const dcat: Array<[string, 'rdfxml' | 'turtle' | 'jsonld' | 'ntriples', string]> = [
    ['ckanext-dcat-page-1.rdf', 'rdfxml', 'http://ckan.example.org/catalog.xml?page=1'],
    ['udata-catalog.ttl', 'turtle', 'https://www.data.gouv.fr/catalog.ttl'],
    ['dcat-ap-3.ttl', 'turtle', 'https://data.example.eu/catalog.ttl'],
    ['graph.jsonld', 'jsonld', 'http://data.test.example/catalog.jsonld?page=1'],
    ['catalog.nt', 'ntriples', 'https://nt.example.org/catalog.nt'],
    ['subcatalogs.ttl', 'turtle', 'http://aggregator.example.org/catalog.ttl'],
  ];
  for (const [name, syntax, base] of dcat) {
    for (const [id, result] of await normaliseFixture(name, syntax, base)) if (!(result instanceof Error)) add(`${name} ${id}`, 'dcat', base, result);
  }
  add('ipt-eml-2.1.1-full.xml', 'ipt', 'https://ipt.example.org', normaliseEml(emlBytes('ipt-eml-2.1.1-full.xml')));
  for (const name of ['eml-2.2.0.xml', 'eml-comma-decimals.xml', 'eml-minimal-2.0.1.xml']) add(name, 'ipt', 'https://ipt.example.org', normaliseEml(emlFixture(name)));
  return out;
}
