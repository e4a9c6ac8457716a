/**
 * Browser-test harness: the app served by Vite's dev server on a free loopback port, and Debian's Chromium driven by
 * playwright-core with WebGL on SwiftShader (shared/reference/toolchain.md).
 */
import { existsSync, mkdirSync } from 'node:fs';
import { afterAll, beforeAll } from 'vitest';
import { chromium, type Browser } from 'playwright-core';
import { createServer, type ViteDevServer } from 'vite';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export async function startApp(): Promise<{ server: ViteDevServer; url: string }> {
  const server = await createServer({
    configFile: new URL('../vite.config.ts', import.meta.url).pathname,
    server: { host: '127.0.0.1', port: 0, strictPort: false },
    logLevel: 'error',
  });
  await server.listen();
  const address = server.httpServer?.address();
  if (!address || typeof address === 'string') throw new Error('vite dev server has no address');
  return { server, url: `http://127.0.0.1:${address.port}/` };
}

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}: install Debian's package (apt-get install chromium) or set CHROMIUM_PATH`);
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless=new',
      '--no-sandbox',
      '--use-angle=swiftshader',
      '--enable-unsafe-swiftshader',
      '--ignore-gpu-blocklist',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * Starts the app and Chromium once for the calling test file (beforeAll) and closes both after it (afterAll).
 * Read `url` and `browser` inside tests, after the hooks ran.
 */
export function appUnderTest(): { readonly url: string; readonly browser: Browser } {
  let server: ViteDevServer | undefined;
  let url = '';
  let browser: Browser | undefined;
  beforeAll(async () => {
    ({ server, url } = await startApp());
    browser = await launchChromium();
    mkdirSync('test-results', { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });
  return {
    get url() {
      return url;
    },
    get browser() {
      if (!browser) throw new Error('the browser is not started yet: use it inside a test');
      return browser;
    },
  };
}
