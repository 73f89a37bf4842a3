import { resolveDataTheme, type Concept, type Text } from '@moisson/core';
import { strList } from './json.js';

/**
 * The themes ODS portals ship by default (English and French labels), which contain commas
 * and so must be matched whole before any splitting, mapped to the EU data themes.
 */
const ODS_DEFAULT_THEMES: Record<string, string> = {
  'administration, government, public finances, citizenship': 'GOVE',
  'administration, gouvernement, finances publiques, citoyenneté': 'GOVE',
  'spatial planning, town planning, buildings, equipment, housing': 'REGI',
  'aménagement du territoire, urbanisme, bâtiments, equipements, logement': 'REGI',
  'aménagement du territoire, urbanisme, bâtiments, équipements, logement': 'REGI',
  'culture, heritage': 'EDUC',
  'culture, patrimoine': 'EDUC',
  'economy, business, sme, economic development, employment': 'ECON',
  'economie, entreprise, pme, développement économique, emploi': 'ECON',
  'économie, entreprise, pme, développement économique, emploi': 'ECON',
  'education, training, research, teaching': 'EDUC',
  'education, formation, recherche, enseignement': 'EDUC',
  'éducation, formation, recherche, enseignement': 'EDUC',
  'sports, leisure': 'EDUC',
  'sports, loisirs': 'EDUC',
  'transport, movements': 'TRAN',
  'transports, déplacements': 'TRAN',
  'accommodation, hospitality industry': 'ECON',
  'hébergement, industrie hôtelière': 'ECON',
  'social services': 'SOCI',
  'services sociaux': 'SOCI',
  'tourism': 'ECON',
  'tourisme': 'ECON',
};

function known(label: string): Concept | undefined {
  const code = ODS_DEFAULT_THEMES[label.toLowerCase().replace(/\s+/g, ' ')];
  return code ? resolveDataTheme(code) : resolveDataTheme(label);
}

/**
 * ODS `theme` (a list, or a comma-joined string on some v1 portals) to concepts: an EU data
 * theme when the label is known, else the portal's label kept as a free concept.
 */
export function themeConcepts(value: unknown, lang?: string): Concept[] {
  const out: Concept[] = [];
  const seen = new Set<string>();
  const push = (label: string) => {
    const theme = known(label);
    const concept: Concept = theme ? { ...theme, label: [label1(label, lang)], notation: label } : { label: [label1(label, lang)], notation: label };
    const key = `${concept.uri ?? ''}|${label.toLowerCase()}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push(concept);
    }
  };
  for (const item of strList(value)) {
    if (known(item) || !item.includes(',')) push(item);
    else for (const part of item.split(',').map((p) => p.trim()).filter(Boolean)) push(part);
  }
  return out;
}

function label1(value: string, lang?: string): Text {
  return lang ? { value, lang } : { value };
}
