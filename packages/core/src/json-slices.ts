/**
 * The text of each element of one array inside a JSON document, exactly as the document writes
 * it: a remote record's original is kept byte for byte as its catalogue sent it (escapes,
 * number forms), not as `JSON.stringify` would write it again, and without serialising it again.
 *
 * `path` names the object members leading to the array from the top (`['result', 'results']` for
 * CKAN's `package_search`). The document must already have parsed (`JSON.parse`): this only
 * finds boundaries, it does not validate. Returns undefined when the path does not lead to an array.
 */
export function jsonArrayElementTexts(document: string, path: readonly string[]): string[] | undefined {
  const scanner = new Scanner(document);
  scanner.skipSpace();
  for (const member of path) {
    if (!scanner.enterMember(member)) return undefined;
  }
  return scanner.arrayElements();
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;

class Scanner {
  private at = 0;

  constructor(private readonly text: string) {
    if (text.charCodeAt(0) === 0xfeff) this.at = 1;
  }

  skipSpace(): void {
    const { text } = this;
    for (;;) {
      const c = text.charCodeAt(this.at);
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) this.at++;
      else return;
    }
  }

  /** At an object: moves to the value of its member `name`; false when it is not an object or has none. */
  enterMember(name: string): boolean {
    if (this.text.charCodeAt(this.at) !== OPEN_BRACE) return false;
    this.at++;
    for (;;) {
      this.skipSpace();
      if (this.text.charCodeAt(this.at) !== QUOTE) return false;
      const keyStart = this.at;
      this.skipString();
      const raw = this.text.slice(keyStart + 1, this.at - 1);
      const key = raw.includes('\\') ? (JSON.parse(`"${raw}"`) as string) : raw;
      this.skipSpace();
      if (this.text.charCodeAt(this.at) !== COLON) return false;
      this.at++;
      this.skipSpace();
      if (key === name) return true;
      this.skipValue();
      this.skipSpace();
      if (this.text.charCodeAt(this.at) !== COMMA) return false;
      this.at++;
    }
  }

  /** At an array: the text of each of its elements. */
  arrayElements(): string[] | undefined {
    if (this.text.charCodeAt(this.at) !== OPEN_BRACKET) return undefined;
    this.at++;
    const out: string[] = [];
    this.skipSpace();
    if (this.text.charCodeAt(this.at) === CLOSE_BRACKET) return out;
    for (;;) {
      this.skipSpace();
      const start = this.at;
      this.skipValue();
      out.push(this.text.slice(start, this.at));
      this.skipSpace();
      const c = this.text.charCodeAt(this.at);
      if (c === CLOSE_BRACKET) return out;
      if (c !== COMMA) return undefined;
      this.at++;
    }
  }

  /** Past the string that starts here (at its opening quote). */
  private skipString(): void {
    const { text } = this;
    let end = this.at;
    for (;;) {
      end = text.indexOf('"', end + 1);
      if (end < 0) throw new SyntaxError('unterminated string in a JSON document that was expected to be valid');
      let backslashes = 0;
      while (text.charCodeAt(end - 1 - backslashes) === BACKSLASH) backslashes++;
      if (backslashes % 2 === 0) break;
    }
    this.at = end + 1;
  }

  /** Past the value that starts here: a string, an object or array (whatever they hold), or a literal. */
  private skipValue(): void {
    const { text } = this;
    const first = text.charCodeAt(this.at);
    if (first === QUOTE) return this.skipString();
    if (first !== OPEN_BRACE && first !== OPEN_BRACKET) {
      // A number, true, false or null: up to the next delimiter.
      while (this.at < text.length) {
        const c = text.charCodeAt(this.at);
        if (c === COMMA || c === CLOSE_BRACE || c === CLOSE_BRACKET || c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) return;
        this.at++;
      }
      return;
    }
    let depth = 0;
    while (this.at < text.length) {
      const c = text.charCodeAt(this.at);
      if (c === QUOTE) {
        this.skipString();
        continue;
      }
      if (c === OPEN_BRACE || c === OPEN_BRACKET) depth++;
      else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
        depth--;
        if (depth === 0) {
          this.at++;
          return;
        }
      }
      this.at++;
    }
  }
}
