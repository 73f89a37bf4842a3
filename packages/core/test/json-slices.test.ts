import { describe, expect, it } from 'vitest';
import { jsonArrayElementTexts } from '@moisson/core';

describe('jsonArrayElementTexts', () => {
  it('gives each element as the document writes it: escapes, number forms and large integers kept', () => {
    const document = `\uFEFF{ "help": "https://x/api/3/action/help_show", "success" : true,
      "result": {"count": 3, "facets": {"res_format": ["CSV", "[not an array]"]},
        "results": [ {"id": "a", "title": "Caf\\u00e9 \\"bar\\" \\\\", "n": 1.50, "big": 12345678901234567890},
          {"id":"b","tags":[{"name":"}{]["}],"empty":{}} ,
          {"id": "c\\\\", "x": null, "y": false, "z": -1e-7}
        ],
        "search_facets": {}}}`;
    const texts = jsonArrayElementTexts(document, ['result', 'results']);
    expect(texts).toEqual([
      '{"id": "a", "title": "Caf\\u00e9 \\"bar\\" \\\\", "n": 1.50, "big": 12345678901234567890}',
      '{"id":"b","tags":[{"name":"}{]["}],"empty":{}}',
      '{"id": "c\\\\", "x": null, "y": false, "z": -1e-7}',
    ]);
    // Each text parses to what the whole document's parse holds.
    const parsed = JSON.parse(document.slice(1)) as { result: { results: unknown[] } };
    expect(texts!.map((t) => JSON.parse(t) as unknown)).toEqual(parsed.result.results);
  });

  it('finds members whose keys are escaped, arrays of scalars and empty arrays, and top-level arrays of a member', () => {
    expect(jsonArrayElementTexts('{"re\\u0073ult": [1, "two", [3], {"4": 4}]}', ['result'])).toEqual(['1', '"two"', '[3]', '{"4": 4}']);
    expect(jsonArrayElementTexts('{"result": []}', ['result'])).toEqual([]);
    expect(jsonArrayElementTexts('{"result":{"results":[ ]}}', ['result', 'results'])).toEqual([]);
  });

  it('is undefined when the path does not lead to an array', () => {
    expect(jsonArrayElementTexts('{"result": {"count": 0}}', ['result', 'results'])).toBeUndefined();
    expect(jsonArrayElementTexts('{"result": {"results": {"a": 1}}}', ['result', 'results'])).toBeUndefined();
    expect(jsonArrayElementTexts('[{"result": []}]', ['result'])).toBeUndefined();
    expect(jsonArrayElementTexts('{"other": [1]}', ['result'])).toBeUndefined();
  });
});
