/**
 * The built site as a user gets it: one build, served under a sub-path by a plain static server, installable, and
 * working offline after the first visit; a redeploy shows the "update available" prompt. Also the build's
 * initial-JS budget, measured on this very build.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkInitialJs } from '../src/build/bundle-size.ts';
import { launchChromium, paintedPixels } from './browser.ts';
import { buildSite, removeSite, serveSite, type StaticSite } from './static-site.ts';

let dir = '';
let site: StaticSite;
let browser: Browser;

beforeAll(async () => {
  dir = await buildSite();
  site = await serveSite(dir);
  browser = await launchChromium();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await site?.close();
  if (dir) removeSite(dir);
});

/** What each view shows once its chunk (and what it loads) has arrived and run. */
const VIEW_READY: Record<string, string> = {
  compare: '[data-testid=compare-lane-L3] canvas',
  lab: '[data-testid=instance-info][data-name=ft06]',
  experiments: '[data-testid=experiments-plant]',
  editor: '[data-testid=editor-palette]',
};

async function openSite(context: BrowserContext): Promise<{ page: Page; errors: string[] }> {
  const page = await context.newPage();
  page.setDefaultTimeout(90_000);
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  await page.goto(site.url);
  await page.waitForSelector('[data-testid=dashboard]:not([data-loaded=""])');
  await page.waitForSelector('[data-testid=scene-canvas] canvas');
  return { page, errors };
}

/** Waits until the service worker has precached everything and is active. */
async function serviceWorkerReady(page: Page): Promise<string> {
  return page.evaluate(async () => (await navigator.serviceWorker.ready).active?.scriptURL ?? '');
}

describe('the built site', () => {
  it('keeps the initial JavaScript within the budget', () => {
    const { ok, report } = checkInitialJs(dir);
    console.log(report);
    expect(ok).toBe(true);
  });

  it('runs under a sub-path with relative URLs only, and works offline after the first visit, every view included', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-US' });
    const { page, errors } = await openSite(context);
    // Everything came from under the sub-path; nothing asked for the server's root.
    expect(site.requests.filter((path) => !path.startsWith('/fabtwin/'))).toEqual([]);
    expect(await serviceWorkerReady(page)).toBe(`${site.url}sw.js`);
    const manifest = await page.evaluate(async () => {
      const link = document.querySelector('link[rel=manifest]') as HTMLLinkElement;
      return (await fetch(link.href)).json();
    });
    expect(manifest).toMatchObject({ short_name: 'FabTwin', start_url: './', display: 'standalone' });

    await context.setOffline(true);
    const before = site.requests.length;
    await page.reload();
    await page.waitForSelector('[data-testid=dashboard]:not([data-loaded=""])');
    await page.waitForSelector('[data-testid=scene-canvas] canvas');
    await page.waitForTimeout(1000);
    expect(await paintedPixels(page)).toBeGreaterThan(20_000);
    for (const [view, ready] of Object.entries(VIEW_READY)) {
      await page.click(`[data-testid=view-${view}]`);
      await page.waitForSelector(ready);
    }
    // A job-shop instance that is its own lazily loaded chunk, offline as well.
    await page.click('[data-testid=view-lab]');
    await page.selectOption('[data-testid=instance-select]', 'ta01');
    await page.waitForSelector('[data-testid=instance-info][data-name=ta01]');
    // None of that reached the server: the service worker answered it all. (The browser's own update check for the
    // service worker script bypasses the emulated offline mode; it is not the app's traffic.)
    expect(site.requests.slice(before).filter((path) => !/\/(sw|workbox-[\w-]+)\.js$/.test(path))).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('says when a new release is available, and updates on request', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-US' });
    const { page } = await openSite(context);
    await serviceWorkerReady(page);
    expect(await page.isVisible('[data-testid=update-prompt]')).toBe(false);
    site.serviceWorkerRevision = 'release 2';
    try {
      await page.reload();
      await page.waitForSelector('[data-testid=update-prompt]');
      await page.click('[data-testid=update-reload]');
      // The page reloads under the new service worker, and the prompt is gone.
      await page.waitForFunction(() => !document.querySelector('[data-testid=update-prompt]'));
      await page.waitForSelector('[data-testid=dashboard]:not([data-loaded=""])');
      const active = await page.evaluate(async () => {
        const registration = await navigator.serviceWorker.getRegistration();
        return { waiting: registration?.waiting !== null, controlled: navigator.serviceWorker.controller !== null };
      });
      expect(active).toEqual({ waiting: false, controlled: true });
    } finally {
      site.serviceWorkerRevision = '';
      await context.close();
    }
  });
});
