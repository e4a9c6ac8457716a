/**
 * Browser-test harness: the app served by Vite's dev server on a free loopback port, and Debian's Chromium driven by
 * playwright-core with WebGL on SwiftShader (shared/reference/toolchain.md).
 */
import { existsSync, mkdirSync } from 'node:fs';
import { afterAll, beforeAll } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
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

/**
 * Pixels of a WebGL canvas that differ from its background (the top-left pixel), counted on a 2D copy; 0 when there is
 * no canvas under `selector`. The scenes keep their drawing buffer, so this reads what was last drawn.
 */
export async function paintedPixels(page: Page, selector = '[data-testid=scene-canvas] canvas'): Promise<number> {
  return page.evaluate((selector) => {
    const canvas = document.querySelector(selector) as HTMLCanvasElement | null;
    if (!canvas || canvas.width === 0 || canvas.height === 0) return 0;
    const copy = document.createElement('canvas');
    copy.width = canvas.width;
    copy.height = canvas.height;
    const context = copy.getContext('2d')!;
    context.drawImage(canvas, 0, 0);
    const { data } = context.getImageData(0, 0, copy.width, copy.height);
    const [r0, g0, b0] = [data[0], data[1], data[2]];
    let painted = 0;
    for (let i = 0; i < data.length; i += 4) {
      if (Math.abs(data[i]! - r0!) + Math.abs(data[i + 1]! - g0!) + Math.abs(data[i + 2]! - b0!) > 24) painted++;
    }
    return painted;
  }, selector);
}
