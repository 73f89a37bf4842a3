import type { Text } from './model.js';

/** Text values from a string or list, trimmed, empties dropped, with an optional language tag. */
export function texts(value: unknown, lang?: string): Text[] {
  const list = Array.isArray(value) ? value : [value];
  const out: Text[] = [];
  for (const item of list) {
    if (typeof item !== 'string' && typeof item !== 'number') continue;
    const v = String(item).trim();
    if (v) out.push(lang ? { value: v, lang } : { value: v });
  }
  return out;
}

/** The value in the preferred language, else the untagged one, else the first. */
export function pickText(values: readonly Text[] | undefined, preferred: readonly string[] = ['fr', 'en']): string | undefined {
  if (!values || values.length === 0) return undefined;
  for (const lang of preferred) {
    const hit = values.find((t) => t.lang?.toLowerCase().split('-')[0] === lang);
    if (hit) return hit.value;
  }
  return (values.find((t) => !t.lang) ?? values[0])?.value;
}

/** Drops duplicate texts (same value, same language). */
export function uniqueTexts(values: readonly Text[]): Text[] {
  const seen = new Set<string>();
  return values.filter((t) => {
    const k = `${t.lang ?? ''}\u0000${t.value}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** Drops duplicates from a list of strings, keeping the first occurrence's order. */
export function unique<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/** Plain text from HTML (ODS descriptions, escaped EML paragraphs): tags dropped, entities decoded. */
export function stripHtml(html: string): string {
  return html
    .replace(/<\s*(br|\/p|\/div|\/li|\/h\d)\s*\/?>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) => {
      if (e[0] === '#') {
        const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
        return Number.isFinite(code) ? String.fromCodePoint(code) : m;
      }
      return ENTITIES[e.toLowerCase()] ?? m;
    })
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** Whether a string is an absolute http(s) URL. */
export function isHttpUrl(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  try {
    const u = new URL(value.trim());
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}
