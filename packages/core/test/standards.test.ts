import { describe, expect, it } from 'vitest';
import { PROTOCOL_STANDARDS, protocolOfStandard } from '../src/index.js';

describe('protocolOfStandard', () => {
  it('reads back every protocol from its standard, moisson as the DCAT it exposes', () => {
    const back = Object.fromEntries(Object.entries(PROTOCOL_STANDARDS).map(([protocol, iri]) => [protocol, protocolOfStandard(iri)]));
    expect(back).toEqual({ dcat: 'dcat', 'dcat-ap': 'dcat-ap', ckan: 'ckan', ods: 'ods', csw: 'csw', iso19139: 'iso19139', eml: 'eml', oai: 'oai', moisson: 'dcat' });
  });

  it('recognises the standards other catalogues write, and nothing else', () => {
    expect(protocolOfStandard('http://www.isotc211.org/2005/gmd/')).toBe('iso19139');
    expect(protocolOfStandard('https://semiceu.github.io/DCAT-AP/releases/2.1.1/')).toBe('dcat');
    expect(protocolOfStandard('http://www.opengis.net/cat/csw/3.0')).toBe('csw');
    expect(protocolOfStandard('https://example.org/some-profile')).toBeUndefined();
  });
});
