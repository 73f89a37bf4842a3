import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readCswResponse } from '@moisson/harvester-csw';
import { cswId, getRecordsPage, getRecordsPageBytes, isoRecord } from '../bench/generate/csw.js';

const fixture = readFileSync(new URL('../harvesters/csw/test/fixtures/geonetwork-iso-record.xml', import.meta.url), 'utf8').replace(/^<\?xml[^>]*\?>\s*/, '');

describe('the generated CSW catalogue (bench/generate/csw.ts)', () => {
  it('serves the GeoNetwork fixture record with only its id, title, resource identifier and DOI made unique', () => {
    const record = isoRecord(4242);
    expect(record).toContain(`<gco:CharacterString>${cswId(4242)}</gco:CharacterString>`);
    expect(record).toContain('ZNIEFF de type 1, secteur 4242');
    expect(record).toContain('>znieff1_hdf_4242<');
    expect(record).toContain('zenodo.1238809');
    const back = record
      .replaceAll(cswId(4242), '4b1c8a5e-2f0d-4d8e-9c6a-3f0e1a2b7c91')
      .replaceAll('ZNIEFF de type 1, secteur 4242', "Zones naturelles d'intérêt écologique, faunistique et floristique (ZNIEFF) de type 1")
      .replace('>znieff1_hdf_4242<', '>znieff1_hdf<')
      .replaceAll('zenodo.1238809', 'zenodo.1234567');
    expect(back).toBe(fixture);
    expect(isoRecord(4243)).not.toBe(record);
  });

  it('sends as bytes exactly the page it describes as text, with GeoNetwork paging', () => {
    const text = getRecordsPage(250, 201, 100);
    expect(getRecordsPageBytes(250, 201, 100).equals(Buffer.from(text, 'utf8'))).toBe(true);
    const page = readCswResponse(text);
    if (page.kind !== 'results') throw new Error(`not a GetRecords answer: ${page.kind}`);
    expect(page.records.map((r) => r.remoteId)).toEqual(Array.from({ length: 50 }, (_, n) => cswId(200 + n)));
    expect([page.matched, page.returned, page.nextRecord]).toEqual([250, 50, 0]);
    expect(readCswResponse(getRecordsPage(250, 101, 100))).toMatchObject({ returned: 100, nextRecord: 201 });
  });
});
