/**
 * The first five minutes for a trainer and a newcomer: the first view, what the app remembers, the camera, the
 * light theme, a 1024x768 screen, Chinese mode, and Back/Forward between views. One browser and one dev server for
 * the file; every test opens a fresh context (fresh storage), as a first visit.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { appUnderTest, paintedPixels } from './browser.ts';

const app = appUnderTest();

async function open(options: { width?: number; height?: number; locale?: string; colorScheme?: 'light' | 'dark' } = {}): Promise<{
  context: BrowserContext;
  page: Page;
  errors: string[];
}> {
  const context = await app.browser.newContext({
    viewport: { width: options.width ?? 1280, height: options.height ?? 800 },
    locale: options.locale ?? 'en-US',
    colorScheme: options.colorScheme ?? 'dark',
  });
  const page = await context.newPage();
  page.setDefaultTimeout(90_000);
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  await page.goto(app.url);
  await page.waitForSelector('[data-testid=scene-canvas] canvas');
  return { context, page, errors };
}

async function loaded(page: Page, run: string): Promise<void> {
  await page.waitForSelector(`[data-testid=dashboard][data-loaded="${run}"]`);
}

type CameraStats = { x: number; y: number; z: number; targetX: number; targetY: number; targetZ: number };

async function camera(page: Page): Promise<CameraStats> {
  return page.evaluate(() => ({ ...(window as unknown as { fabtwinCamera: CameraStats }).fabtwinCamera }));
}

function moved(a: CameraStats, b: CameraStats): number {
  return Math.hypot(a.x - b.x, a.y - b.y, a.z - b.z);
}

describe('the first five minutes', () => {
  it('opens on the 3C plant at L1, paused, inviting to the guided tour, which starts from there', async () => {
    const { context, page, errors } = await open();
    await loaded(page, '3c-machining/L1/1');
    expect(await page.inputValue('[data-testid=plant-select]')).toBe('3c-machining');
    expect(await page.inputValue('[data-testid=level-select]')).toBe('L1');
    expect(await page.getAttribute('[data-testid=play-toggle]', 'aria-pressed')).toBe('false');
    const clock = await page.getAttribute('[data-testid=sim-clock]', 'data-time');
    await page.waitForTimeout(1000);
    expect(await page.getAttribute('[data-testid=sim-clock]', 'data-time')).toBe(clock);
    expect(await page.textContent('[data-testid=tour-invitation]')).toContain('Start the guided tour');
    await page.waitForTimeout(500);
    expect(await paintedPixels(page)).toBeGreaterThan(20_000);
    await page.screenshot({ path: 'test-results/first-view.png' });

    await page.click('[data-testid=tour-invitation-start]');
    await page.waitForSelector('[data-testid=tour-panel][data-tour="3c-machining"][data-step="0"]');
    expect(await page.$('[data-testid=tour-invitation]')).toBeNull();
    // Answered once: a reload does not ask again.
    await page.reload();
    await loaded(page, '3c-machining/L1/1');
    expect(await page.$('[data-testid=tour-invitation]')).toBeNull();
    expect(errors).toEqual([]);
    await context.close();
  });

  it('remembers the plant, level, view and language across reloads, and ignores a broken stored entry', async () => {
    const { context, page, errors } = await open();
    await loaded(page, '3c-machining/L1/1');
    await page.click('[data-testid=tour-invitation-dismiss]');
    await page.selectOption('[data-testid=plant-select]', 'petrochemical');
    await loaded(page, 'petrochemical/L1/1');
    await page.selectOption('[data-testid=level-select]', 'L2');
    await loaded(page, 'petrochemical/L2/1');
    await page.selectOption('[data-testid=language-select]', 'zh');
    await page.click('[data-testid=view-compare]');
    await page.waitForSelector('[data-testid=compare-view]');

    // Opened again at the bare address: the same plant, level, language and view.
    await page.goto(app.url);
    await page.waitForSelector('[data-testid=compare-view]');
    expect(new URL(page.url()).hash).toBe('#compare');
    expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');
    await page.click('[data-testid=view-twin]');
    await loaded(page, 'petrochemical/L2/1');

    // A stored entry from elsewhere (unknown plant, bad level, wrong types) changes nothing and breaks nothing.
    await page.evaluate(() =>
      localStorage.setItem('fabtwin.preferences.v1', JSON.stringify({ modelId: 'no-such-plant', level: 'L9', view: 42, language: 'fr' })),
    );
    await page.goto(app.url);
    await loaded(page, '3c-machining/L1/1');
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    await page.evaluate(() => localStorage.setItem('fabtwin.preferences.v1', '{not json'));
    await page.goto(app.url);
    await loaded(page, '3c-machining/L1/1');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('orbits, zooms and flies the camera: drag, wheel, preset buttons and a double-clicked unit', async () => {
    const { context, page, errors } = await open();
    await loaded(page, '3c-machining/L1/1');
    await page.click('[data-testid=tour-invitation-dismiss]');
    await page.waitForFunction(() => 'fabtwinCamera' in window);
    await page.waitForTimeout(500);
    const start = await camera(page);
    const box = (await page.locator('[data-testid=scene-canvas] canvas').boundingBox())!;
    const cx = box.x + box.width / 2;
    const cy = box.y + box.height / 2;

    // Left drag orbits about the target: the camera moves, the target stays.
    await page.mouse.move(cx, cy);
    await page.mouse.down();
    await page.mouse.move(cx + 160, cy + 30, { steps: 8 });
    await page.mouse.up();
    await page.waitForTimeout(800);
    const orbited = await camera(page);
    expect(moved(start, orbited)).toBeGreaterThan(1);
    expect(Math.hypot(orbited.targetX - start.targetX, orbited.targetZ - start.targetZ)).toBeLessThan(0.01);

    // The wheel zooms: closer to the target.
    const distance = (c: CameraStats) => Math.hypot(c.x - c.targetX, c.y - c.targetY, c.z - c.targetZ);
    await page.mouse.move(cx, cy);
    await page.mouse.wheel(0, -600);
    await page.waitForTimeout(800);
    expect(distance(await camera(page))).toBeLessThan(distance(orbited) * 0.95);

    // The first preset button flies back to where the view started.
    const presets = await page.$$eval('[data-testid=camera-presets] button', (nodes) => nodes.map((n) => n.getAttribute('data-testid')!));
    expect(presets.length).toBeGreaterThan(1);
    await page.click(`[data-testid=${presets[0]}]`);
    await page.waitForTimeout(1200);
    expect(moved(start, await camera(page))).toBeLessThan(0.05);
    // Another preset is another view, and its button says it is the chosen one.
    await page.click(`[data-testid=${presets[1]}]`);
    await page.waitForTimeout(1200);
    expect(moved(start, await camera(page))).toBeGreaterThan(1);
    expect(await page.getAttribute(`[data-testid=${presets[1]}]`, 'aria-pressed')).toBe('true');

    // Double-clicking a machine flies to it and opens it in the inspector.
    await page.click(`[data-testid=${presets[0]}]`);
    await page.waitForTimeout(1200);
    const label = (await page.locator('[data-testid=label-cnc-1]').boundingBox())!;
    await page.mouse.dblclick(label.x + label.width / 2, label.y + label.height + 10);
    await page.waitForTimeout(1200);
    const atUnit = await camera(page);
    const chosen = await page.$eval('[data-testid=unit-select]', (node) => (node as HTMLSelectElement).selectedOptions[0]?.textContent ?? '');
    expect(chosen).toMatch(/CNC/i);
    expect(Math.hypot(atUnit.x - atUnit.targetX, atUnit.y - atUnit.targetY, atUnit.z - atUnit.targetZ)).toBeLessThan(distance(start));
    await page.screenshot({ path: 'test-results/camera-fly-to-unit.png' });
    expect(errors).toEqual([]);
    await context.close();
  });

  it('leads the KPI cards with the five survey KPIs, groups the rest, and defines each on hover or focus', async () => {
    const { context, page, errors } = await open();
    await loaded(page, '3c-machining/L1/1');
    await page.click('[data-testid=tour-invitation-dismiss]');
    const lead = await page.$$eval('[data-testid=kpi-lead] .kpi-card', (cards) => cards.map((c) => c.getAttribute('data-testid')));
    expect(lead).toEqual(['kpi-efficiency', 'kpi-energy-utilization', 'kpi-operating-cost', 'kpi-development-cycle', 'kpi-defect-rate']);
    // The groups start closed, so the chart and the event log are in view without scrolling.
    expect(await page.isVisible('[data-testid=kpi-oee-cnc1]')).toBe(false);
    const chart = (await page.locator('[data-testid=dashboard] h2', { hasText: 'Work in process over time' }).boundingBox())!;
    expect(chart.y + chart.height).toBeLessThan(800);
    await page.click('[data-testid=kpi-group-oee] summary');
    await page.waitForSelector('[data-testid=kpi-oee-cnc1]');

    // Keyboard focus shows a card's definition, with the unit; so does hovering another card.
    expect(await page.isVisible('[data-testid=kpi-definition-efficiency]')).toBe(false);
    await page.focus('[data-testid=kpi-efficiency]');
    expect(await page.isVisible('[data-testid=kpi-definition-efficiency]')).toBe(true);
    expect(await page.textContent('[data-testid=kpi-definition-efficiency]')).toMatch(/operating hours.*Unit: units\/h\./);
    await page.hover('[data-testid=kpi-defect-rate]');
    expect(await page.isVisible('[data-testid=kpi-definition-defect-rate]')).toBe(true);
    await page.screenshot({ path: 'test-results/kpi-definition.png' });
    expect(errors).toEqual([]);
    await context.close();
  });
});

