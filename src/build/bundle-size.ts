/**
 * The initial-JS budget: the JavaScript a browser must fetch before the app's first frame (the 3D view is the first
 * view), measured on a built site. That is the entry chunk of `index.html` and every chunk it imports statically,
 * followed transitively through Vite's manifest (`dist/.vite/manifest.json`); lazily loaded views, tours, charts and
 * the workers are not counted. Sizes are gzip at zlib's default level, as Vite's own build report gives them.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

/**
 * kB (1,000 bytes) of gzip. The issue asked for 250; the vendor floor of this stack is about 257 (three.js's core with
 * WebGLRenderer and its shaders 134, react-dom 68, R3F with its reconciler 55), so the budget sits just above what the
 * app needs today (278.5 kB: 257 of vendors, 21 of the app's shell): more code before the first frame means loading
 * something else later, or raising this number on purpose.
 */
export const INITIAL_JS_BUDGET_KB = 285;

interface ManifestChunk {
  file: string;
  isEntry?: boolean;
  src?: string;
  imports?: string[];
}

export interface InitialChunk {
  file: string;
  bytes: number;
  gzipBytes: number;
}

/** The chunks loaded before the first frame, entry first, with their sizes. */
export function initialChunks(distDir: string): InitialChunk[] {
  const manifest = JSON.parse(readFileSync(join(distDir, '.vite', 'manifest.json'), 'utf8')) as Record<string, ManifestChunk>;
  const entry = manifest['index.html'];
  if (!entry?.isEntry) throw new Error(`${join(distDir, '.vite/manifest.json')}: expected an entry for index.html (build with build.manifest)`);
  const seen = new Set<string>();
  const order: string[] = [];
  const visit = (key: string) => {
    if (seen.has(key)) return;
    seen.add(key);
    const chunk = manifest[key];
    if (!chunk) throw new Error(`manifest: chunk ${key} is imported but not listed`);
    order.push(chunk.file);
    for (const imported of chunk.imports ?? []) visit(imported);
  };
  visit('index.html');
  return order.map((file) => {
    const content = readFileSync(join(distDir, file));
    return { file, bytes: content.length, gzipBytes: gzipSync(content).length };
  });
}

/** A line per chunk and the total against the budget; `ok` false above it. */
export function checkInitialJs(distDir: string, budgetKb = INITIAL_JS_BUDGET_KB): { ok: boolean; totalKb: number; report: string } {
  const chunks = initialChunks(distDir);
  const totalKb = chunks.reduce((sum, c) => sum + c.gzipBytes, 0) / 1000;
  const lines = chunks.map((c) => `  ${c.file.padEnd(44)} ${(c.bytes / 1000).toFixed(1).padStart(8)} kB  gzip ${(c.gzipBytes / 1000).toFixed(1).padStart(6)} kB`);
  const ok = totalKb <= budgetKb;
  lines.push(`initial JS before the first frame: ${totalKb.toFixed(1)} kB gzip (budget ${budgetKb} kB)${ok ? '' : ': OVER BUDGET'}`);
  return { ok, totalKb, report: lines.join('\n') };
}
