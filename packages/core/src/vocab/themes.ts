import type { Concept } from '../model.js';

const NAL = 'http://publications.europa.eu/resource/authority/data-theme/';

/** EU data-theme codes with English and French labels (and a few common portal labels). */
const TABLE: Array<[string, string[]]> = [
  ['AGRI', ['agriculture, fisheries, forestry and food', 'agriculture', 'agriculture, pêche, sylviculture et alimentation', 'alimentation']],
  ['ECON', ['economy and finance', 'economy', 'économie et finances', 'economie', 'économie', 'finances', 'business']],
  ['EDUC', ['education, culture and sport', 'education', 'éducation, culture et sport', 'culture', 'sport', 'éducation']],
  ['ENER', ['energy', 'énergie', 'energie']],
  ['ENVI', ['environment', 'environnement', 'biodiversity', 'biodiversité', 'climate', 'climat', 'nature']],
  ['GOVE', ['government and public sector', 'government', 'gouvernement et secteur public', 'administration', 'citoyenneté']],
  ['HEAL', ['health', 'santé', 'sante']],
  ['INTR', ['international issues', 'international', 'questions internationales']],
  ['JUST', ['justice, legal system and public safety', 'justice', 'justice, système juridique et sécurité publique', 'sécurité', 'securite']],
  ['REGI', ['regions and cities', 'régions et villes', 'urbanisme', 'aménagement du territoire', 'territoire']],
  ['SOCI', ['population and society', 'population et société', 'population', 'société', 'social', 'solidarité']],
  ['TECH', ['science and technology', 'science et technologie', 'science', 'technologie', 'research']],
  ['TRAN', ['transport', 'transports', 'mobilité', 'mobilite', 'mobility']],
];

const lookup = new Map<string, string>();
for (const [code, labels] of TABLE) {
  lookup.set(code.toLowerCase(), code);
  for (const label of labels) lookup.set(label, code);
}

/** The EU data-theme concept for a label, code or NAL IRI; undefined when unknown. */
export function resolveDataTheme(value: string | undefined | null): Concept | undefined {
  if (!value?.trim()) return undefined;
  const v = value.trim();
  const nal = /\/data-theme\/([A-Z_]+)$/.exec(v);
  const code = nal?.[1] ?? lookup.get(v.toLowerCase());
  return code ? { uri: NAL + code, scheme: 'http://publications.europa.eu/resource/authority/data-theme', notation: v } : undefined;
}
