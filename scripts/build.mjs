// Bundles the TypeScript sources into dist/miros.mjs, the file bin/miros runs.
// One bundle keeps Node's start-up short (one module to load) and lets esbuild
// inline `const enum` values across files, which the CPU's hot paths rely on.
import { build } from 'esbuild';

await build({
  entryPoints: ['src/cli/main.ts'],
  outfile: 'dist/miros.mjs',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: 'linked',
  logLevel: 'warning',
});
