import { describe, expect, it } from 'vitest';
import { appUnderTest, paintedPixels } from './browser.ts';

const app = appUnderTest();

describe('the app shell', () => {
  it('opens each tool in its tab, names it in the URL, and keeps the live twin running behind it', async () => {
    const page = await app.browser.newPage({ viewport: { width: 1280, height: 800 }, locale: 'en-US' });
    page.setDefaultTimeout(90_000);
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(app.url);
    await page.waitForSelector('[data-testid=dashboard][data-loaded="3c-machining/L1/1"]');
    await page.selectOption('[data-testid=speed-select]', '3600');
    await page.click('[data-testid=play-toggle]');

    for (const view of ['compare', 'lab', 'experiments', 'editor']) {
      await page.click(`[data-testid=view-${view}]`);
      await page.waitForSelector(`[data-testid=${view}-view]`);
      expect(new URL(page.url()).hash).toBe(`#${view}`);
      expect(await page.isVisible('[data-testid=scene-canvas]')).toBe(false);
      expect(await page.getAttribute(`[data-testid=view-${view}]`, 'aria-selected')).toBe('true');
    }

    // The twin kept running while hidden: its clock moved on.
    const before = Number(await page.getAttribute('[data-testid=sim-clock]', 'data-time'));
    await page.waitForFunction((t) => Number(document.querySelector('[data-testid=sim-clock]')?.getAttribute('data-time')) > t, before);
    await page.click('[data-testid=view-twin]');
    expect(await page.isVisible('[data-testid=scene-canvas]')).toBe(true);
    // Its scene stopped drawing while hidden and draws again when shown.
    await page.waitForFunction(() => ((document.querySelector('[data-testid=scene-canvas] canvas') as HTMLCanvasElement | null)?.width ?? 0) > 0);
    await page.waitForTimeout(1000);
    expect(await paintedPixels(page)).toBeGreaterThan(20_000);
    expect(new URL(page.url()).hash).toBe('');

    // A link to a tool opens it directly, and the language switch in the header applies there too.
    await page.goto(`${app.url}#lab`);
    await page.waitForSelector('[data-testid=lab-view]');
    await page.selectOption('[data-testid=language-select]', 'zh');
    expect(await page.textContent('[data-testid=view-lab]')).toBe('调度实验室');
    expect(errors).toEqual([]);
    await page.close();
  });
});
