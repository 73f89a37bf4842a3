import { createHash, randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { canonicalJson, type AnyHarvester, type NormaliseContext, type RemoteRecord } from '@moisson/core';

/** The monorepo root, seen from packages/queue/{src,dist}/. */
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
/** Built code that normalising a record and building its row can run (the console is a web page). */
const CODE_DIRS = ['packages', 'harvesters'];
const SKIPPED_PACKAGES = new Set(['console']);

let fingerprint: string | undefined;

/**
 * A digest of moisson's built code (every `dist/` of the workspace packages) and of the locked
 * dependency versions. It stands for "the normaliser's version" without anyone having to bump
 * one: any new build that changes code makes every record look new once, so a fix in a
 * normaliser reaches every stored dataset on the next harvest. Where the built code cannot be
 * read (a bundle, a test run from sources), it is random per process: records are then only
 * skipped by the process that wrote them, never wrongly.
 */
export function codeFingerprint(): string {
  fingerprint ??= builtCodeFingerprint(ROOT) ?? `random:${randomBytes(16).toString('base64url')}`;
  return fingerprint;
}

/** The digest of a workspace's `package-lock.json` and built `.js`/`.json` files; undefined when there are none. */
export function builtCodeFingerprint(root: string): string | undefined {
  const hash = createHash('sha256');
  let files = 0;
  try {
    hash.update(readFileSync(join(root, 'package-lock.json')));
    for (const group of CODE_DIRS) {
      for (const name of readdirSync(join(root, group)).sort()) {
        if (SKIPPED_PACKAGES.has(name)) continue;
        files += hashTree(hash, join(root, group, name, 'dist'), `${group}/${name}`);
      }
    }
  } catch {
    return undefined;
  }
  return files > 0 ? hash.digest('base64url') : undefined;
}

function hashTree(hash: ReturnType<typeof createHash>, dir: string, label: string): number {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return 0;
  }
  let files = 0;
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files += hashTree(hash, path, `${label}/${entry.name}`);
    else if (entry.name.endsWith('.js') || entry.name.endsWith('.json')) {
      hash.update(`\0${label}/${entry.name}\0`);
      hash.update(readFileSync(path));
      files++;
    }
  }
  return files;
}

/**
 * The digest of everything besides a record's own bytes that its dataset row is built from: the
 * harvester, the source as `normalise` sees it, the catalogue URLs that make a record a loop,
 * and the code (`code`, the built code's fingerprint unless a test stands in another). Input
 * hashes and page body digests both start from it, so a config change or a deploy makes every
 * record and every page look new once.
 */
export function settingsDigest(harvester: AnyHarvester, ctx: NormaliseContext, ownUrls: readonly string[], code: string = codeFingerprint()): Buffer {
  return createHash('sha256').update(canonicalJson({ code, harvester: harvester.id, source: ctx.source, config: ctx.config, filters: ctx.filters, ownUrls })).digest();
}

/**
 * Returns the input hash of a record: what its dataset row would be built from, i.e. the
 * record exactly as the remote sent it and the `settings` (see `settingsDigest`). Equal hashes,
 * equal rows.
 */
export function inputHasher(settings: Buffer): (record: RemoteRecord<unknown>) => string {
  return (record) =>
    createHash('sha256').update(settings).update(record.original.mediaType).update('\n').update(record.original.body).digest('base64url');
}
