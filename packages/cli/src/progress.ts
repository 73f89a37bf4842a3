/** What `moisson harvest` has done so far. */
export interface Tally {
  datasets: number;
  errors: number;
  skipped: number;
  pages: number;
  total?: number;
}

/**
 * The progress line on stderr: rewritten in place on a terminal; elsewhere (a log file, CI) one
 * line every `everyPages` pages, so logs stay readable.
 */
export class Progress {
  private readonly tty: boolean;
  private dirty = false;

  constructor(
    private readonly stream: NodeJS.WriteStream = process.stderr,
    private readonly everyPages = 10,
  ) {
    this.tty = Boolean(stream.isTTY);
  }

  static line(t: Tally): string {
    const of = t.total !== undefined ? ` of ${t.total}` : '';
    return `${t.datasets} datasets${of}, ${t.errors} errors, ${t.pages} pages`;
  }

  update(t: Tally): void {
    if (this.tty) {
      this.stream.write(`\r\x1b[2K${Progress.line(t)}`);
      this.dirty = true;
    } else if (t.pages % this.everyPages === 0) {
      this.stream.write(`${Progress.line(t)}\n`);
    }
  }

  /** Ends the in-place line before anything else is written. */
  clear(): void {
    if (this.dirty) this.stream.write('\r\x1b[2K');
    this.dirty = false;
  }
}
