// Compiles the `fabtwin` command (src/cli/fabtwin.ts) to build/cli/ with esbuild: ESM for Node 20, dependencies left as
// imports of node_modules, one chunk per subcommand (loaded on demand, so `--help` stays fast). Run by `npm run
// build:cli` and by `prepare` (so `npm ci` / `npm install` of a clone, and a global install, get a runnable bin).
// The output sits two folders below the repository root, as the sources do, so their `../..` paths (data/, models)
// resolve the same.
import { build } from 'esbuild';
import { chmodSync, rmSync } from 'node:fs';

const outdir = new URL('../build/cli/', import.meta.url).pathname;
rmSync(outdir, { recursive: true, force: true });
await build({
  entryPoints: {
    fabtwin: new URL('../src/cli/fabtwin.ts', import.meta.url).pathname,
    // The experiment pool's threads load this file (src/node/pool/experiment-pool.ts looks for it beside itself).
    'pool-worker': new URL('../src/node/pool/pool-worker.ts', import.meta.url).pathname,
  },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  banner: { js: '#!/usr/bin/env node' },
  outExtension: { '.js': '.js' },
  // In the same folder as the entry: the sources' `../..` paths must resolve to the repository root from here.
  chunkNames: '[name]-[hash]',
  logLevel: 'warning',
});
chmodSync(`${outdir}fabtwin.js`, 0o755);
