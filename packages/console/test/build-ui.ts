import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

/**
 * Builds the front-end from its current sources into a temporary folder, so a test never serves
 * a stale `dist/ui` and test files never race on the same output folder.
 */
export async function buildConsoleUi(): Promise<{ root: string; remove: () => Promise<void> }> {
  const root = await mkdtemp(join(tmpdir(), 'moisson-console-'));
  await build({
    configFile: fileURLToPath(new URL('../vite.config.ts', import.meta.url)),
    build: { outDir: root, emptyOutDir: true, sourcemap: false },
    logLevel: 'silent',
  });
  return { root, remove: () => rm(root, { recursive: true, force: true }) };
}
