import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { Writable } from 'node:stream';

/** Where datasets go, one at a time: nothing is held once written. */
export interface DatasetSink {
  write(value: unknown): Promise<void>;
  /** Writes the closing bytes (for a JSON array, `]`) and closes a file. */
  end(): Promise<void>;
}

/** Writes with backpressure: waits for `drain` when the stream's buffer is full. */
async function put(stream: Writable, text: string): Promise<void> {
  if (!stream.write(text)) await once(stream, 'drain');
}

async function close(stream: Writable, isFile: boolean): Promise<void> {
  if (!isFile) return;
  stream.end();
  await once(stream, 'finish');
}

/** `[` first item `,` next item … `]`: a JSON array written as items come. */
export function jsonArraySink(stream: Writable, isFile: boolean): DatasetSink {
  let count = 0;
  return {
    async write(value) {
      await put(stream, `${count++ === 0 ? '[\n' : ',\n'}${JSON.stringify(value, null, 2)}`);
    },
    async end() {
      await put(stream, count === 0 ? '[]\n' : '\n]\n');
      await close(stream, isFile);
    },
  };
}

/** One JSON object per line. */
export function ndjsonSink(stream: Writable, isFile: boolean): DatasetSink {
  return {
    write: (value) => put(stream, `${JSON.stringify(value)}\n`),
    end: () => close(stream, isFile),
  };
}

/**
 * Gives the blank nodes of one dataset's document names of their own (`_:b0` → `_:d7.b0`):
 * each document numbers them from zero, and in one shared `@graph` equal labels would merge
 * nodes of different datasets.
 */
export function relabelBlankNodes(value: unknown, prefix: string): unknown {
  if (typeof value === 'string') return value.startsWith('_:') ? `_:${prefix}.${value.slice(2)}` : value;
  if (Array.isArray(value)) return value.map((item) => relabelBlankNodes(item, prefix));
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    out[key] = key === '@id' || typeof item === 'object' ? relabelBlankNodes(item, prefix) : item;
  }
  return out;
}

/**
 * One JSON-LD document whose `@graph` grows as datasets come. The context is written first, so
 * it holds every prefix the serialiser may use (a superset of what each dataset needs: the
 * expansion is the same).
 */
export function jsonLdSink(stream: Writable, isFile: boolean, context: Record<string, string>): DatasetSink {
  let count = 0;
  let documents = 0;
  return {
    async write(value) {
      const nodes = (value as { '@graph'?: unknown[] })['@graph'] ?? [value];
      const prefix = `d${documents++}`;
      for (const node of nodes.map((n) => relabelBlankNodes(n, prefix))) {
        await put(stream, `${count++ === 0 ? `{\n"@context": ${JSON.stringify(context)},\n"@graph": [\n` : ',\n'}${JSON.stringify(node)}`);
      }
    },
    async end() {
      await put(stream, count === 0 ? `{"@context": ${JSON.stringify(context)}, "@graph": []}\n` : '\n]\n}\n');
      await close(stream, isFile);
    },
  };
}

/** The output stream: a file (created or truncated) or stdout. */
export async function openOutput(path: string | undefined): Promise<{ stream: Writable; isFile: boolean }> {
  if (!path) {
    // `moisson harvest … | head` closes the pipe early: that is the reader's choice, not an error.
    process.stdout.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') process.exit(0);
      throw error;
    });
    return { stream: process.stdout, isFile: false };
  }
  const stream = createWriteStream(path);
  await once(stream, 'open');
  return { stream, isFile: true };
}
