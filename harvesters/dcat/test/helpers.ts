import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { NormalisedRecord } from '@moisson/core';
import type { RdfSyntax } from '../src/config.js';
import { DatasetGrouper, type GroupedRecord } from '../src/group.js';
import { normaliseDcat } from '../src/normalise.js';
import { parseTriples } from '../src/parse.js';

export function fixture(name: string): string {
  return readFileSync(fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url)), 'utf8');
}

/** Parse a document and group it the way `pages` does. */
export async function groupDocument(text: string, syntax: RdfSyntax, base: string, window = 200_000): Promise<{ groups: GroupedRecord[]; grouper: DatasetGrouper }> {
  const grouper = new DatasetGrouper(window);
  const groups: GroupedRecord[] = [];
  // Fed in small chunks, as a network stream would arrive.
  const chunks: string[] = [];
  for (let i = 0; i < text.length; i += 256) chunks.push(text.slice(i, i + 256));
  for await (const batch of parseTriples(chunks, syntax, base, { batchSize: 7 })) {
    for (const t of batch) grouper.add(t);
    groups.push(...grouper.ready());
  }
  groups.push(...grouper.finish());
  return { groups, grouper };
}

export const context = (url: string) => ({ source: { url }, config: {}, filters: [], harvestedAt: '2025-01-01T00:00:00.000Z' });

/** Every record of a fixture, normalised (errors kept as values). */
export async function normaliseFixture(name: string, syntax: RdfSyntax, base: string): Promise<Map<string, NormalisedRecord | Error>> {
  const { groups } = await groupDocument(fixture(name), syntax, base);
  const out = new Map<string, NormalisedRecord | Error>();
  groups.forEach((g, i) => {
    try {
      const record = normaliseDcat({ subject: g.subject, kind: g.kind, triples: g.triples }, context(base));
      out.set(record.remoteId, record);
    } catch (error) {
      out.set(`error:${i}`, error as Error);
    }
  });
  return out;
}
