/**
 * The built site for browser tests: `vite build` into a temporary folder, served by a small static server under a
 * sub-path (as GitHub Pages serves a project), to check that one build works there unchanged, offline too.
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { build } from 'vite';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
};

/** Builds the app with the project's config into a fresh temporary folder, returned. */
export async function buildSite(): Promise<string> {
  const outDir = mkdtempSync(join(tmpdir(), 'fabtwin-site-'));
  // Vitest sets NODE_ENV=test, which Vite would keep: React's development build would then be bundled. Build as
  // `npm run build` does.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({
      configFile: new URL('../vite.config.ts', import.meta.url).pathname,
      mode: 'production',
      build: { outDir, emptyOutDir: true },
      logLevel: 'error',
    });
  } finally {
    process.env.NODE_ENV = nodeEnv;
  }
  return outDir;
}

export interface StaticSite {
  /** `http://127.0.0.1:PORT/fabtwin/` */
  url: string;
  /** Appended to `sw.js` as a comment: a changed service worker, as after a redeploy. */
  serviceWorkerRevision: string;
  /** Paths requested so far (for checking what came over the network). */
  requests: string[];
  close(): Promise<void>;
}

/** Serves `dir` under `prefix` (`/fabtwin/`) on a free loopback port; anything outside the prefix is a 404. */
export async function serveSite(dir: string, prefix = '/fabtwin/'): Promise<StaticSite> {
  const site: StaticSite = { url: '', serviceWorkerRevision: '', requests: [], close: async () => {} };
  const server: Server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname);
    site.requests.push(path);
    if (!path.startsWith(prefix)) {
      response.writeHead(404).end('not under the sub-path');
      return;
    }
    const relative = normalize(path.slice(prefix.length) || 'index.html');
    if (relative.startsWith('..')) {
      response.writeHead(403).end();
      return;
    }
    const file = join(dir, relative.endsWith('/') ? `${relative}index.html` : relative);
    let body: Buffer;
    try {
      if (!statSync(file).isFile()) throw new Error('not a file');
      body = readFileSync(file);
    } catch {
      response.writeHead(404).end('not found');
      return;
    }
    if (relative === 'sw.js' && site.serviceWorkerRevision) body = Buffer.concat([body, Buffer.from(`\n// ${site.serviceWorkerRevision}\n`)]);
    response.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-cache' });
    response.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('static server has no address');
  site.url = `http://127.0.0.1:${address.port}${prefix}`;
  site.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return site;
}

export function removeSite(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}
