import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  resolve: {
    // Tests run against the TypeScript sources, so a test never sees a stale build.
    alias: {
      '@moisson/core': src('./packages/core/src/index.ts'),
      '@moisson/http': src('./packages/http/src/index.ts'),
      '@moisson/store': src('./packages/store/src/index.ts'),
      '@moisson/rdf': src('./packages/rdf/src/index.ts'),
      '@moisson/queue': src('./packages/queue/src/index.ts'),
      '@moisson/api': src('./packages/api/src/index.ts'),
      '@moisson/console': src('./packages/console/src/index.ts'),
      '@moisson/registry': src('./packages/registry/src/index.ts'),
      '@moisson/harvester-ckan': src('./harvesters/ckan/src/index.ts'),
      '@moisson/harvester-csw': src('./harvesters/csw/src/index.ts'),
      '@moisson/harvester-ods': src('./harvesters/ods/src/index.ts'),
      '@moisson/harvester-dcat': src('./harvesters/dcat/src/index.ts'),
      '@moisson/harvester-oai': src('./harvesters/oai/src/index.ts'),
      '@moisson/harvester-gbif': src('./harvesters/gbif/src/index.ts'),
    },
  },
  test: {
    include: ['packages/*/test/**/*.test.ts', 'harvesters/*/test/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
