import type { License } from '../model.js';

/**
 * Licences as sources write them (CKAN ids, titles, URLs, ODS free text, SPDX ids) mapped to
 * one canonical IRI each. The EU licence NAL is used where it has the licence; Etalab's
 * Licence Ouverte keeps its own URL (data.gouv.fr does the same).
 */
const EU = 'http://publications.europa.eu/resource/authority/licence/';

interface Entry {
  uri: string;
  keys: string[];
}

const ENTRIES: Entry[] = [
  { uri: EU + 'CC0', keys: ['cc0', 'cc-zero', 'cc0-1.0', 'cc0 1.0', 'creative commons cc zero license (cc-zero)', 'public domain dedication', 'https://creativecommons.org/publicdomain/zero/1.0/', 'http://creativecommons.org/publicdomain/zero/1.0/legalcode'] },
  { uri: EU + 'CC_BY_4_0', keys: ['cc-by', 'cc-by-4.0', 'cc by 4.0', 'cc-by 4.0', 'creative commons attribution', 'creative commons attribution 4.0', 'creative commons attribution (cc-by) 4.0', 'attribution 4.0 international', 'https://creativecommons.org/licenses/by/4.0/', 'http://creativecommons.org/licenses/by/4.0/legalcode'] },
  { uri: EU + 'CC_BYSA_4_0', keys: ['cc-by-sa', 'cc-by-sa-4.0', 'cc by-sa 4.0', 'creative commons attribution share-alike', 'creative commons attribution share-alike 4.0', 'https://creativecommons.org/licenses/by-sa/4.0/'] },
  { uri: EU + 'CC_BYNC_4_0', keys: ['cc-nc', 'cc-by-nc', 'cc-by-nc-4.0', 'cc by-nc 4.0', 'creative commons non-commercial (any)', 'creative commons attribution non commercial (cc-by-nc) 4.0 license', 'https://creativecommons.org/licenses/by-nc/4.0/'] },
  { uri: EU + 'CC_BYND_4_0', keys: ['cc-by-nd', 'cc-by-nd-4.0', 'https://creativecommons.org/licenses/by-nd/4.0/'] },
  { uri: EU + 'CC_BY_3_0', keys: ['cc-by-3.0', 'cc by 3.0', 'https://creativecommons.org/licenses/by/3.0/'] },
  { uri: EU + 'ODC_BY', keys: ['odc-by', 'open data commons attribution license', 'https://opendatacommons.org/licenses/by/'] },
  { uri: EU + 'ODC_PDDL', keys: ['odc-pddl', 'pddl', 'open data commons public domain dedication and license (pddl)', 'https://opendatacommons.org/licenses/pddl/'] },
  { uri: EU + 'ODC_ODBL', keys: ['odc-odbl', 'odbl', 'odbl-1.0', 'open database license (odbl)', 'open data commons open database license (odbl)', 'licence odbl', 'https://opendatacommons.org/licenses/odbl/', 'http://opendatacommons.org/licenses/odbl/1.0/'] },
  { uri: 'https://www.etalab.gouv.fr/licence-ouverte-open-licence', keys: ['fr-lo', 'lov2', 'licence ouverte', 'licence ouverte / open licence', 'licence ouverte (etalab)', 'licence ouverte v2.0', 'licence ouverte v2.0 (etalab)', 'licence ouverte / open licence version 2.0', 'open licence', 'etalab-2.0', 'etalab 2.0', 'https://www.etalab.gouv.fr/licence-ouverte-open-licence', 'https://www.etalab.gouv.fr/wp-content/uploads/2017/04/etalab-licence-ouverte-v2.0.pdf', 'https://www.etalab.gouv.fr/wp-content/uploads/2014/05/licence-ouverte-open-licence.pdf', 'http://www.data.gouv.fr/licence-ouverte-open-licence/'] },
  { uri: 'http://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/', keys: ['uk-ogl', 'ogl-uk-3.0', 'open government licence', 'open government licence (ogl)', 'open government licence v3.0'] },
  { uri: EU + 'GPL_3_0', keys: ['gpl-3.0', 'gnu-gpl-3.0'] },
  { uri: EU + 'MIT', keys: ['mit'] },
  { uri: EU + 'APACHE_2_0', keys: ['apache-2.0'] },
  { uri: EU + 'DL_DE_BY_2_0', keys: ['dl-de-by-2.0', 'dl-by-de/2.0', 'datenlizenz deutschland namensnennung 2.0', 'https://www.govdata.de/dl-de/by-2-0'] },
  { uri: EU + 'DL_DE_ZERO_2_0', keys: ['dl-de-zero-2.0', 'dl-zero-de/2.0', 'https://www.govdata.de/dl-de/zero-2-0'] },
  { uri: EU + 'PDM_1_0', keys: ['other-pd', 'public domain', 'domaine public', 'pdm', 'https://creativecommons.org/publicdomain/mark/1.0/'] },
];

const byKey = new Map<string, string>();
for (const entry of ENTRIES) {
  byKey.set(normaliseKey(entry.uri), entry.uri);
  for (const key of entry.keys) byKey.set(normaliseKey(key), entry.uri);
}

function normaliseKey(value: string): string {
  return value
    .trim()
    .toLowerCase()
    .replace(/^https?:\/\//, '')
    .replace(/^www\./, '')
    .replace(/\/(legalcode(\.[a-z-]+)?)?$/, '')
    .replace(/\s+/g, ' ');
}

/**
 * A licence from whatever the source gave (id, title, URL). The source's text is always kept
 * in `label`; `uri` is the canonical IRI when the licence is known, or the source's own URL.
 */
export function resolveLicense(...candidates: Array<string | undefined | null>): License | undefined {
  const given = candidates.map((c) => c?.trim()).filter((c): c is string => !!c);
  if (given.length === 0) return undefined;
  for (const candidate of given) {
    const uri = byKey.get(normaliseKey(candidate));
    if (uri) return { uri, label: given[0] };
  }
  const url = given.find((c) => /^https?:\/\//i.test(c));
  return url ? { uri: url, label: given[0] } : { label: given[0] };
}

/** Whether a licence IRI is an open licence (used by the quality score). */
export function isOpenLicense(uri: string | undefined): boolean {
  if (!uri) return false;
  return !/BYNC|BYND|NC_|ND_/.test(uri);
}
