import { describe, expect, it } from 'vitest';
import { InvalidRecord } from '@moisson/core';
import { decodeXmlBytes, normaliseEml, parseEml } from '@moisson/harvester-gbif';
import { fixture, fixtureBytes } from './helpers.js';

const NAL = 'http://publications.europa.eu/resource/authority/';

describe('normaliseEml: IPT EML 2.1.1, GBIF profile, every block', () => {
  const record = normaliseEml(fixtureBytes('ipt-eml-2.1.1-full.xml'));
  const d = record.dataset;

  it('keys the record by the package id without its version, keeps the version and every identifier', () => {
    expect(record.remoteId).toBe('5d2a1c3e-8f4b-4c6d-9e0a-7b8c9d0e1f2a');
    expect(d.identifiers).toEqual(['5d2a1c3e-8f4b-4c6d-9e0a-7b8c9d0e1f2a']);
    expect(d.version).toBe('2.3');
    expect(d.otherIdentifiers).toEqual([
      { notation: '5d2a1c3e-8f4b-4c6d-9e0a-7b8c9d0e1f2a', scheme: 'uuid' },
      { notation: 'https://doi.org/10.15468/ab12cd', scheme: 'doi' },
      { notation: 'https://ipt.parc-exemple.fr/ipt/resource?r=odonates_vanoise', scheme: 'url' },
    ]);
    expect(d.extras['eml:packageId']).toBe('5d2a1c3e-8f4b-4c6d-9e0a-7b8c9d0e1f2a/v2.3');
    expect(d.extras['eml:version']).toBe('2.1.1');
  });

  it('reads titles with their languages and flattens the DocBook abstract, escaped HTML cleaned', () => {
    expect(d.title).toEqual([
      { value: 'Inventaire des odonates du Parc national de la Vanoise (2004-2019)', lang: 'fr' },
      { value: 'Dragonfly inventory of the Vanoise National Park (2004-2019)', lang: 'en' },
    ]);
    expect(d.description).toEqual([
      {
        value:
          "Données d'observation des libellules (Odonata) collectées par les agents du parc\net les bénévoles.\n\n" +
          'Chaque observation est géoréférencée au point GPS ; voir le protocole.',
      },
    ]);
  });

  it('turns thesaurus keywords into concepts of their scheme, the others and the taxa into keywords, and adds ENVI', () => {
    expect(d.themes).toEqual([
      { label: [{ value: 'Occurrence' }], scheme: 'http://rs.gbif.org/vocabulary/gbif/dataset_type_2015-07-10.xml', notation: 'Occurrence' },
      { label: [{ value: 'Observation' }], scheme: 'http://rs.gbif.org/vocabulary/gbif/dataset_subtype.xml', notation: 'Observation' },
      { uri: `${NAL}data-theme/ENVI`, scheme: `${NAL}data-theme`, notation: 'ENVI' },
    ]);
    expect(d.keywords.map((k) => k.value)).toEqual(['libellules', 'zones humides', 'Alpes', 'Odonata', 'Aeshna caerulea']);
    expect(d.extras['eml:taxonomicCoverage']).toEqual([
      {
        description: 'Odonates de France métropolitaine',
        taxa: [
          { name: 'Odonata', rank: 'order', commonName: 'Libellules et demoiselles' },
          { name: 'Aeshna caerulea', rank: 'species' },
        ],
      },
    ]);
  });

  it('maps creators (ORCID IRIs), the contact, the publisher and the other parties with their roles', () => {
    expect(d.creators).toEqual([
      {
        name: [{ value: 'Claire Dupont-Moreau' }],
        uri: 'https://orcid.org/0000-0002-1825-0097',
        email: 'claire.dupont@vanoise-parcnational.fr',
        homepage: 'https://www.vanoise-parcnational.fr',
      },
      { name: [{ value: "Société française d'odonatologie" }], email: 'contact@sfonat.fr' },
    ]);
    expect(d.contactPoints).toEqual([
      {
        name: 'Claire Dupont-Moreau',
        organisation: 'Parc national de la Vanoise',
        email: 'claire.dupont@vanoise-parcnational.fr',
        phone: '+33 4 79 62 30 54',
        address: 'Chambéry, FR',
      },
    ]);
    // No <publisher>: the first creator's organisation published it.
    expect(d.publisher).toEqual({ name: [{ value: 'Parc national de la Vanoise' }], homepage: 'https://www.vanoise-parcnational.fr' });
    expect(d.attributions.map((a) => [a.agent.name[0]?.value, a.role, a.agent.uri])).toEqual([
      ['Marc Lefèvre', 'metadataProvider', undefined],
      ['Julie Martin', 'principalInvestigator', 'https://orcid.org/0000-0001-5109-3700'],
      ['Office français de la biodiversité', 'custodianSteward', undefined],
      ['Paul Girard', 'pointOfContact', undefined],
    ]);
  });

  it('resolves the CC-BY ulink to the EU licence IRI, keeps the statement, and licenses every distribution', () => {
    const license = { uri: `${NAL}licence/CC_BY_4_0`, label: 'Creative Commons Attribution (CC-BY) 4.0 License' };
    expect(d.license).toEqual(license);
    expect(d.rights).toEqual([{ value: 'Ce travail est sous licence Creative Commons Attribution (CC-BY) 4.0 License.' }]);
    expect(d.distributions.map((x) => x.license)).toEqual([license, license]);
  });

  it('reads coverage: bbox with polygon and label, a range and a single year', () => {
    expect(d.spatial).toEqual([
      {
        label: [{ value: 'Parc national de la Vanoise, Savoie, France' }],
        bbox: [6.5, 45.2, 7.2, 45.6],
        geometry: { type: 'Polygon', coordinates: [[[6.5, 45.2], [7.2, 45.2], [7.2, 45.6], [6.5, 45.6], [6.5, 45.2]]] },
      },
    ]);
    expect(d.temporal).toEqual([
      { start: '2004-05-01', end: '2019-09-30' },
      { start: '2021', end: '2021' },
    ]);
  });

  it('reads dates, language, frequency, methods, project, citation and distributions', () => {
    expect(d.issued).toBe('2020-03-17');
    expect(d.modified).toBe('2020-03-17T08:12:44.301Z');
    expect(record.remoteModified).toBe('2020-03-17T08:12:44.301Z');
    expect(d.languages).toEqual([`${NAL}language/FRA`]);
    expect(d.accrualPeriodicity).toEqual({ uri: `${NAL}frequency/ANNUAL`, notation: 'annually' });
    expect(d.provenance.map((p) => p.value)).toEqual([
      'Prospection à vue et capture au filet, identification sur place.',
      'Zones humides du cœur de parc entre 1200 et 2800 m.',
      'Transects de 100 m parcourus trois fois par saison.',
      'Validation par le référent régional de la SFO.',
    ]);
    expect(d.extras['eml:project']).toEqual({
      title: "Suivi des zones humides d'altitude",
      personnel: [{ name: 'Paul Girard', role: 'pointOfContact' }],
      funding: "Agence de l'eau Rhône Méditerranée Corse",
      studyArea: 'Étages subalpin et alpin',
    });
    expect(d.extras['eml:citation']).toEqual({
      text: 'Parc national de la Vanoise (2020). Inventaire des odonates du Parc national de la Vanoise (2004-2019). Version 2.3. Occurrence dataset https://doi.org/10.15468/ab12cd',
      identifier: 'https://doi.org/10.15468/ab12cd',
    });
    expect(d.landingPages).toEqual(['https://www.vanoise-parcnational.fr/fr/odonates']);
    expect(record.remoteUrl).toBe('https://www.vanoise-parcnational.fr/fr/odonates');
    expect(d.distributions.map((x) => [x.downloadURL[0], x.format?.uri, x.mediaType, x.conformsTo])).toEqual([
      ['https://ipt.parc-exemple.fr/ipt/archive.do?r=odonates_vanoise', `${NAL}file-type/ZIP`, 'application/zip', ['http://rs.tdwg.org/dwc/text/']],
      ['https://www.vanoise-parcnational.fr/data/odonates_vanoise.csv', `${NAL}file-type/CSV`, 'text/csv', []],
    ]);
    expect(record.chain).toEqual([]);
  });
});

describe('normaliseEml: EML 2.2.0', () => {
  const record = normaliseEml(fixture('eml-2.2.0.xml'));
  const d = record.dataset;

  it('reads the licensed block (CC-BY-NC), the publisher element, a GBIF key and a doi: identifier', () => {
    expect(d.license).toEqual({ uri: `${NAL}licence/CC_BYNC_4_0`, label: 'Creative Commons Attribution Non Commercial 4.0 International' });
    expect(d.publisher).toEqual({ name: [{ value: 'Pyrenean Bat Group' }], homepage: 'https://batgroup.example.org' });
    expect(d.otherIdentifiers).toEqual([
      { notation: 'b1c2d3e4-0000-4a5b-8c9d-112233445566', scheme: 'uuid' },
      { notation: '0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0', scheme: 'gbif', creator: 'GBIF' },
      { notation: 'https://doi.org/10.15468/xy99zz', scheme: 'doi' },
    ]);
    expect(d.extras['eml:version']).toBe('2.2.0');
  });

  it('flattens sections and lists, nested classifications, a mailto: email and the "unkown" frequency', () => {
    expect(d.description[0]?.value).toBe(
      'Context\n\nWinter counts of hibernating bats in 42 caves.\n\nCounts are made once a year.\n\nDisturbance is kept to a minimum.',
    );
    expect(d.keywords.map((k) => k.value)).toEqual(['Chiroptera', 'caves', 'Rhinolophus ferrumequinum']);
    expect(d.creators[0]).toEqual({ name: [{ value: 'Iñaki Etxeberria' }], uri: 'https://orcid.org/0000-0003-1419-204X', email: 'inaki@batgroup.example.org' });
    expect(d.attributions[1]).toEqual({ agent: { name: [{ value: 'Garcia' }], identifier: 'http://www.researcherid.com/rid/A-1234-2010' }, role: 'fieldObserver' });
    expect(d.accrualPeriodicity).toEqual({ uri: `${NAL}frequency/UNKNOWN`, notation: 'unkown' });
    expect(d.contactPoints).toEqual([{ name: 'Data manager', email: 'data@batgroup.example.org' }]);
    // "N/A" is no description: the location has only its box.
    expect(d.spatial[0]?.label).toBeUndefined();
    expect(d.spatial[0]?.bbox).toEqual([-1.8, 42.3, 3.3, 43.4]);
    expect(d.issued).toBe('2023');
    expect(d.extras['eml:project']).toEqual({
      id: 'PBG-2019-01',
      title: 'Pyrenean cave bats',
      personnel: [{ name: 'Iñaki Etxeberria', role: 'principalInvestigator', orcid: 'https://orcid.org/0000-0003-1419-204X' }],
      awards: [{ funder: 'Fundación Biodiversidad', title: 'Cave bat monitoring', number: 'FB-2019-77' }],
    });
  });
});

describe('normaliseEml: coordinates and dates as real files write them', () => {
  const d = normaliseEml(fixture('eml-comma-decimals.xml')).dataset;

  it('reads comma decimals, makes a point of a degenerate box, keeps only the label of an impossible box', () => {
    expect(d.spatial).toEqual([
      {
        label: [{ value: 'Bas-Rhin et Haut-Rhin' }],
        bbox: [6.84, 47.42, 8.23, 49.08],
        geometry: { type: 'Polygon', coordinates: [[[6.84, 47.42], [8.23, 47.42], [8.23, 49.08], [6.84, 49.08], [6.84, 47.42]]] },
      },
      { label: [{ value: 'Station du Grand Ballon' }], geometry: { type: 'Point', coordinates: [7.098, 47.901] }, centroid: [7.098, 47.901] },
      { label: [{ value: 'Coordonnées erronées' }] },
    ]);
  });

  it('keeps an open-ended range as its start and the words, reads a French date, plain-text CC0, a French frequency', () => {
    expect(d.temporal).toEqual([{ start: '1998', label: '1998 / en cours' }]);
    expect(d.issued).toBe('2019-05-12');
    expect(d.license).toEqual({ uri: `${NAL}licence/CC0`, label: 'Public Domain (CC0 1.0)' });
    expect(d.accrualPeriodicity?.uri).toBe(`${NAL}frequency/MONTHLY`);
    expect(d.languages).toEqual([`${NAL}language/FRA`]);
  });
});

describe('normaliseEml: encodings', () => {
  const title = 'Käfer der Schwäbischen Alb – Sammlung Müller';

  it('reads UTF-16 with a BOM', () => {
    const record = normaliseEml(fixtureBytes('eml-utf16-bom.xml'));
    expect(record.remoteId).toBe('c0ffee00-1111-4222-8333-444455556666');
    expect(record.dataset.title).toEqual([{ value: title, lang: 'de' }]);
    expect(record.dataset.description[0]?.value).toBe('Belege aus den Jahren 1950–1990, überwiegend Carabidae.');
  });

  it('reads UTF-16 without a BOM', () => {
    const withBom = fixtureBytes('eml-utf16-bom.xml');
    expect(normaliseEml(withBom.subarray(2)).dataset.title[0]?.value).toBe(title);
    const bigEndian = Buffer.from(withBom.subarray(2));
    bigEndian.swap16();
    expect(decodeXmlBytes(bigEndian)).toBe(decodeXmlBytes(withBom));
  });

  it('reads UTF-8 bytes declared ISO-8859-1, and Windows-1252 bytes declared UTF-8', () => {
    expect(normaliseEml(fixtureBytes('eml-declared-latin1-is-utf8.xml')).dataset.title[0]?.value).toBe(title);
    expect(normaliseEml(fixtureBytes('eml-declared-utf8-is-cp1252.xml')).dataset.title[0]?.value).toBe('Käfer der Schwäbischen Alb - Sammlung Müller');
  });
});

describe('normaliseEml: minimal and broken documents', () => {
  it('normalises a minimal EML 2.0.1 with a bare-text abstract and no publisher', () => {
    const record = normaliseEml(fixture('eml-minimal-2.0.1.xml'));
    expect(record.remoteId).toBe('knb-lter-xyz.12.3');
    expect(record.dataset.title).toEqual([{ value: 'Soil arthropods, plot 4' }]);
    expect(record.dataset.description).toEqual([{ value: 'Pitfall traps emptied weekly. Plain text abstract & no paragraphs, 3 < 5.' }]);
    expect(record.dataset.publisher).toBeUndefined();
    expect(record.dataset.creators).toEqual([{ name: [{ value: 'Nguyen' }] }]);
    expect(record.dataset.extras['eml:version']).toBe('2.0.1');
  });

  it('refuses a truncated document with the parser position', () => {
    const truncated = fixture('eml-minimal-2.0.1.xml').replace('</dataset>\n</eml:eml>', '');
    expect(() => normaliseEml(truncated)).toThrow(InvalidRecord);
    expect(() => normaliseEml(truncated)).toThrow(/the EML document cannot be read: not well-formed XML at line \d+, column \d+/);
  });

  it('refuses a DOCTYPE declaring entities without expanding them', () => {
    const bomb = `<?xml version="1.0"?><!DOCTYPE eml [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]><eml packageId="x"><dataset><title>&b;</title></dataset></eml>`;
    expect(() => normaliseEml(bomb)).toThrow(/DOCTYPE declares entities/);
  });

  it('refuses documents that are not EML, have no dataset, or no title, saying which', () => {
    expect(() => parseEml('<html><body><h1>502 Bad Gateway</h1></body></html>', 'https://ipt.example.org/eml.do?r=x')).toThrow(
      'not an EML document: the root element is <html> (https://ipt.example.org/eml.do?r=x): 502 Bad Gateway',
    );
    expect(() => normaliseEml('<eml:eml xmlns:eml="eml://ecoinformatics.org/eml-2.1.1" packageId="p1"><citation/></eml:eml>')).toThrow(/has no <dataset>/);
    expect(() => normaliseEml('<eml packageId="p2"><dataset><title> </title></dataset></eml>')).toThrow('the EML dataset has no title (p2)');
    expect(() => normaliseEml('<eml><dataset><title>T</title></dataset></eml>')).toThrow(/neither a packageId nor an alternateIdentifier/);
  });
});
