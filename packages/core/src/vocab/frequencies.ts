import type { Concept } from '../model.js';

const NAL = 'http://publications.europa.eu/resource/authority/frequency/';

/** Keys as ISO 19115 MD_MaintenanceFrequencyCode, EML, CKAN/ODS free text (en, fr) write them. */
const TABLE: Array<[string, string[]]> = [
  ['CONT', ['continual', 'continually', 'continuous', 'continue', 'en continu', 'temps réel', 'temps reel', 'real time', 'realtime']],
  ['DAILY', ['daily', 'quotidien', 'quotidienne', 'journalier', 'journalière', 'day', 'p1d']],
  ['WEEKLY', ['weekly', 'hebdomadaire', 'week', 'p1w']],
  ['BIWEEKLY', ['fortnightly', 'biweekly', 'bimensuel', 'bimensuelle', 'p2w']],
  ['MONTHLY', ['monthly', 'mensuel', 'mensuelle', 'month', 'p1m']],
  ['MONTHLY_2', ['semimonthly']],
  ['QUARTERLY', ['quarterly', 'trimestriel', 'trimestrielle', 'p3m']],
  ['ANNUAL_2', ['biannually', 'semestriel', 'semestrielle', 'semiannual', 'p6m']],
  ['ANNUAL', ['annually', 'annual', 'yearly', 'annuel', 'annuelle', 'year', 'p1y']],
  ['BIENNIAL', ['biennially', 'biennial', 'p2y']],
  ['AS_NEEDED', ['asneeded', 'as needed', 'as_needed', 'ponctuel', 'ponctuelle', 'à la demande']],
  ['IRREG', ['irregular', 'irrégulier', 'irreguliere', 'irrégulière', 'irregulier']],
  ['NOT_PLANNED', ['notplanned', 'not planned', 'none', 'aucune', 'never', 'jamais']],
  ['OTHER', ['periodic', 'othermaintenanceperiod', 'other']],
  ['UNKNOWN', ['unknown', 'unkown', 'inconnu', 'inconnue']],
  ['HOURLY', ['hourly', 'horaire', 'pt1h']],
];

const lookup = new Map<string, string>();
for (const [code, keys] of TABLE) {
  lookup.set(code.toLowerCase(), code);
  for (const k of keys) lookup.set(k, code);
}

/** A frequency concept: the NAL IRI when the text is known, the text kept in `notation` always. */
export function resolveFrequency(value: string | undefined | null): Concept | undefined {
  if (!value?.trim()) return undefined;
  const v = value.trim();
  const nal = /\/frequency\/([A-Z_0-9]+)$/.exec(v);
  if (nal?.[1]) return { uri: NAL + nal[1], notation: v };
  const dublinCore = /purl\.org\/cld\/freq\/(\w+)$/.exec(v);
  const code = lookup.get((dublinCore?.[1] ?? v).toLowerCase());
  return code ? { uri: NAL + code, notation: v } : { notation: v, label: [{ value: v }] };
}
