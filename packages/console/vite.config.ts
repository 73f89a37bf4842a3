import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/** The console front-end: `ui/` in, `dist/ui/` out, relative asset URLs so any mount prefix works. */
export default defineConfig({
  root: fileURLToPath(new URL('./ui/', import.meta.url)),
  base: './',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: fileURLToPath(new URL('./dist/ui/', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
  },
  logLevel: 'warn',
});
