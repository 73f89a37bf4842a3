import type { Lang } from './i18n.js';

export interface Text {
  value: string;
  lang?: string;
}

/** A duration in words short enough for a table cell: "850 ms", "42 s", "3 min 05 s", "2 h 04 min". */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const seconds = Math.floor(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${String(seconds % 60).padStart(2, '0')} s`;
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}

/** How long a run took, or has taken so far. */
export function runDuration(startedAt: string | null, finishedAt: string | null, now: number): number | undefined {
  if (!startedAt) return undefined;
  const end = finishedAt ? Date.parse(finishedAt) : now;
  return end - Date.parse(startedAt);
}

export function formatDate(iso: string | null | undefined, lang: Lang): string {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  // Date-only values ("2023-11-02") stay dates: no midnight in some time zone.
  if (/^\d{4}-\d{2}-\d{2}$/.test(iso)) return date.toLocaleDateString(lang, { timeZone: 'UTC', dateStyle: 'medium' });
  return date.toLocaleString(lang, { dateStyle: 'medium', timeStyle: 'short' });
}

/** The text in the UI language, else the untagged one, else the first. */
export function pickText(texts: readonly Text[] | undefined, lang: Lang): string | undefined {
  if (!texts || texts.length === 0) return undefined;
  return (texts.find((t) => t.lang?.toLowerCase().startsWith(lang)) ?? texts.find((t) => !t.lang) ?? texts[0])?.value;
}

/** JSON pretty-printed when it parses, else the text as it came (XML, Turtle…). */
export function prettyRecord(text: string, mediaType: string): string {
  if (/json/i.test(mediaType) || /^\s*[[{]/.test(text)) {
    try {
      return JSON.stringify(JSON.parse(text), null, 2);
    } catch {
      return text;
    }
  }
  return text;
}
