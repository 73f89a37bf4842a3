import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * The folder of real third-party responses (never copied into the repo): `MOISSON_CORPUS`, or
 * `../shared/fixtures` next to the repository. Undefined (and a note on stderr) when absent.
 */
export function corpusDir(): string | undefined {
  const dir = resolve(repoRoot, process.env.MOISSON_CORPUS ?? join('..', 'shared', 'fixtures'));
  if (existsSync(dir) && statSync(dir).isDirectory()) return dir;
  if (!warned) {
    warned = true;
    process.stderr.write(`corpus: no fixture folder at ${dir} (set MOISSON_CORPUS); corpus tests are skipped\n`);
  }
  return undefined;
}
let warned = false;

/** Every file (recursively) under `<corpus>/<protocol>/`, or [] when there is none. */
export function corpusFiles(protocol: string): string[] {
  const dir = corpusDir();
  if (!dir) return [];
  const root = join(dir, protocol);
  if (!existsSync(root)) return [];
  const out: string[] = [];
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const path = join(d, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (!entry.name.startsWith('.')) out.push(path);
    }
  };
  walk(root);
  return out.sort();
}
