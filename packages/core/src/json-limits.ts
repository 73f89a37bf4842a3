import { LimitExceeded, ProtocolError } from './errors.js';

export interface JsonLimits {
  /** Largest text accepted, in UTF-16 code units (≈ bytes for JSON). @defaultValue 50 MiB */
  maxLength?: number;
  /** Deepest nesting of arrays and objects accepted. @defaultValue 64 */
  maxDepth?: number;
}

/**
 * `JSON.parse` for remote payloads: refuses text over `maxLength` and nesting deeper than
 * `maxDepth` before parsing (a 100 000-deep `[[[[…` makes recursive consumers overflow the
 * stack), and reports unparsable text as a `ProtocolError` saying where, with what came instead
 * (an HTML page, a truncated answer).
 */
export function parseJsonLimited(text: string, url: string, limits: JsonLimits = {}): unknown {
  const maxLength = limits.maxLength ?? 50 * 1024 * 1024;
  const maxDepth = limits.maxDepth ?? 64;
  if (text.length > maxLength) throw new LimitExceeded(`JSON of ${text.length} characters is over the ${maxLength}-character limit`, url);
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > maxDepth) throw new LimitExceeded(`JSON nested deeper than ${maxDepth} levels`, url);
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  try {
    return JSON.parse(text.replace(/^\uFEFF/, '')) as unknown;
  } catch (cause) {
    const start = text.trimStart().slice(0, 1);
    const what = start === '<' ? 'an HTML or XML page' : text.trim() === '' ? 'an empty body' : 'JSON that does not parse (truncated?)';
    throw new ProtocolError(`${url} answered ${what} where JSON was expected`, url, { cause });
  }
}
