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

  it('has a light theme for lit rooms, follows the system by default, and remembers the choice', async () => {
    const { context, page, errors } = await open({ colorScheme: 'light' });
    await loaded(page, '3c-machining/L1/1');
    const look = () =>
      page.evaluate(() => {
        const canvas = document.querySelector('[data-testid=scene-canvas] canvas') as HTMLCanvasElement;
        const copy = document.createElement('canvas');
        copy.width = canvas.width;
        copy.height = canvas.height;
        const context = copy.getContext('2d')!;
        context.drawImage(canvas, 0, 0);
        const [r, g, b] = context.getImageData(2, 2, 1, 1).data;
        const rgb = (css: string) => (css.match(/\d+/g) ?? []).slice(0, 3).map(Number);
        const luminance = ([r, g, b]: number[]) => (0.2126 * r! + 0.7152 * g! + 0.0722 * b!) / 255;
        return {
          theme: document.documentElement.dataset.theme,
          page: luminance(rgb(getComputedStyle(document.documentElement).backgroundColor)),
          text: luminance(rgb(getComputedStyle(document.body).color)),
          card: luminance(rgb(getComputedStyle(document.querySelector('.kpi-card')!).backgroundColor)),
          scene: luminance([r!, g!, b!]),
        };
      });
    await page.waitForTimeout(800);
    const light = await look();
    expect(light.theme).toBe('light');
    expect(light.page).toBeGreaterThan(0.9);
    expect(light.card).toBeGreaterThan(0.9);
    expect(light.text).toBeLessThan(0.2);
    expect(light.scene).toBeGreaterThan(0.8);
    await page.screenshot({ path: 'test-results/light-theme.png' });

    // The lab and the editor in the light theme too: light panels and plots, dark text, as readable as the twin.
    const colours = (pairs: Record<string, [string, 'background' | 'fill' | 'color']>) =>
      page.evaluate((pairs) => {
        const rgb = (css: string) => (css.match(/[\d.]+/g) ?? []).slice(0, 3).map(Number);
        // WCAG relative luminance, so that contrast ratios can be checked too.
        const channel = (c: number) => (c / 255 <= 0.04045 ? c / 255 / 12.92 : ((c / 255 + 0.055) / 1.055) ** 2.4);
        const out: Record<string, number> = {};
        for (const [name, [selector, property]] of Object.entries(pairs)) {
          const element = document.querySelector(selector);
          if (!element) throw new Error(`no ${selector}`);
          const style = getComputedStyle(element);
          const [r, g, b] = rgb(property === 'background' ? style.backgroundColor : property === 'fill' ? style.fill : style.color);
          out[name] = 0.2126 * channel(r!) + 0.7152 * channel(g!) + 0.0722 * channel(b!);
        }
        return out;
      }, pairs);
    const contrast = (a: number, b: number) => (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    await page.click('[data-testid=view-lab]');
    await page.waitForSelector('[data-testid=instance-info][data-name=ft06]');
    await page.click('[data-testid=run-button]');
    await page.waitForSelector('[data-testid=gantt-bar]');
    const lab = await colours({
      view: ['[data-testid=lab-view]', 'color'],
      panel: ['.lab-panel', 'background'],
      heading: ['.lab h3', 'color'],
      control: ['.lab select', 'background'],
      controlText: ['.lab select', 'color'],
      muted: ['.instance-info dt', 'color'],
      plot: ['.gantt-bg', 'fill'],
      row: ['.gantt-row', 'fill'],
      machine: ['.gantt-machine', 'fill'],
      tick: ['.gantt-tick text', 'fill'],
    });
    for (const surface of ['panel', 'control', 'plot', 'row'] as const) expect(lab[surface], surface).toBeGreaterThan(0.75);
    for (const text of ['view', 'heading', 'controlText', 'machine'] as const) expect(lab[text], text).toBeLessThan(0.05);
    expect(contrast(lab.heading!, lab.panel!)).toBeGreaterThan(7);
    expect(contrast(lab.muted!, lab.panel!)).toBeGreaterThan(4.5);
    expect(contrast(lab.tick!, lab.plot!)).toBeGreaterThan(4.5);
    await page.screenshot({ path: 'test-results/light-theme-lab.png' });

    await page.click('[data-testid=view-editor]');
    await page.waitForSelector('[data-testid=editor-canvas]');
    const editor = await colours({
      view: ['[data-testid=editor-view]', 'color'],
      plan: ['.editor-canvas', 'background'],
      palette: ['.editor-palette button', 'background'],
      paletteText: ['.editor-palette button', 'color'],
      heading: ['.editor-palette h3', 'color'],
      field: ['.editor-side', 'color'],
    });
    for (const surface of ['plan', 'palette'] as const) expect(editor[surface], surface).toBeGreaterThan(0.75);
    for (const text of ['view', 'paletteText', 'field'] as const) expect(editor[text], text).toBeLessThan(0.05);
    expect(contrast(editor.heading!, editor.plan!)).toBeGreaterThan(4.5);
    await page.screenshot({ path: 'test-results/light-theme-editor.png' });
    await page.click('[data-testid=view-twin]');

    await page.selectOption('[data-testid=theme-select]', 'dark');
    await page.waitForTimeout(800);
    const dark = await look();
    expect(dark.theme).toBe('dark');
    expect(dark.page).toBeLessThan(0.1);
    expect(dark.scene).toBeLessThan(0.2);
    await page.reload();
    await loaded(page, '3c-machining/L1/1');
    expect(await page.getAttribute('html', 'data-theme')).toBe('dark');

    // Following the system again: the page changes when the system does.
    await page.selectOption('[data-testid=theme-select]', 'system');
    expect(await page.getAttribute('html', 'data-theme')).toBe('light');
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.waitForFunction(() => document.documentElement.dataset.theme === 'dark');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('fits a 1024x768 screen: every header and toolbar control within the viewport, the scene and the KPIs beside it', async () => {
    for (const locale of ['en-US', 'zh-CN']) {
      const { context, page, errors } = await open({ width: 1024, height: 768, locale });
      await loaded(page, '3c-machining/L1/1');
      const outside = await page.$$eval('header button, header select, header [role=tab], .controls button, .controls select, .controls input', (nodes) =>
        nodes
          .map((node) => ({ id: node.getAttribute('data-testid') ?? node.textContent, box: node.getBoundingClientRect() }))
          .filter(({ box }) => box.width === 0 || box.left < 0 || box.right > innerWidth || box.top < 0 || box.bottom > innerHeight)
          .map(({ id }) => id),
      );
      expect(outside, locale).toEqual([]);
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth)).toBe(true);
      const scene = (await page.locator('[data-testid=scene-canvas] canvas').boundingBox())!;
      const kpis = (await page.locator('[data-testid=kpi-lead]').boundingBox())!;
      expect(scene.width).toBeGreaterThan(500);
      expect(scene.height).toBeGreaterThan(300);
      expect(kpis.x).toBeGreaterThanOrEqual(scene.x + scene.width - 1);
      expect(kpis.x + kpis.width).toBeLessThanOrEqual(1024);
      // The whole line is in the picture: every unit's label within the 3D view.
      await page.waitForTimeout(500);
      const cropped = await page.$$eval(
        '.unit-label',
        (labels, view) =>
          labels
            .filter((label) => {
              const box = label.getBoundingClientRect();
              return box.left < view.x || box.right > view.x + view.width || box.top < view.y || box.bottom > view.y + view.height;
            })
            .map((label) => label.getAttribute('data-testid')),
        scene,
      );
      expect(cropped, locale).toEqual([]);
      await page.screenshot({ path: `test-results/1024x768-${locale}.png` });
      expect(errors).toEqual([]);
      await context.close();
    }
  });

  it('speaks Chinese in the header, the KPI cards and the inspector, with a natural clock', async () => {
    const { context, page, errors } = await open({ locale: 'zh-CN' });
    await loaded(page, '3c-machining/L1/1');
    await page.selectOption('[data-testid=unit-select]', '0');
    await page.waitForSelector('[data-testid=inspector]');
    expect(await page.textContent('[data-testid=sim-clock]')).toBe('第 1 天 00:00');
    const texts = await page.evaluate(() => {
      // What a reader sees: text of these parts, without the options of a select that are not chosen.
      const visibleText = (root: Element): string => {
        const copy = root.cloneNode(true) as Element;
        copy.querySelectorAll('option:not([selected])').forEach((o) => o.remove());
        copy.querySelectorAll('select').forEach((select, k) => {
          const original = root.querySelectorAll('select')[k]!;
          select.textContent = original.selectedOptions[0]?.textContent ?? '';
        });
        return copy.textContent ?? '';
      };
      return {
        header: visibleText(document.querySelector('header')!),
        controls: visibleText(document.querySelector('.controls')!),
        kpis: [...document.querySelectorAll('.kpi-card .kpi-name, .kpi-card .kpi-unit, .kpi-group > summary, .kpi-lead-title')]
          .map((n) => n.textContent)
          .join(' '),
        definitions: [...document.querySelectorAll('.kpi-definition')].map((n) => n.textContent).join(' '),
        inspector: visibleText(document.querySelector('[data-testid=inspector]')!),
      };
    });
    // Names of standards and equipment types stay as they are written in Chinese too (OEE, CNC, CMM, MES, L1-L3).
    const allowed = /\b(FabTwin|OEE|CNC|CMM|MES|L[123]|3C|kWh|GJ|mol|K|A|B|h)\b|°C|m³/g;
    for (const [part, text] of Object.entries(texts)) {
      expect(text.length, part).toBeGreaterThan(0);
      expect(text.replace(allowed, '').match(/[A-Za-z]{2,}/g) ?? [], `${part}: ${text}`).toEqual([]);
    }
    expect(texts.controls).toContain('3C 外壳机加工厂');
    expect(texts.kpis).toContain('件/小时');
    expect(texts.kpis).toContain('元/件');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('moves between views with Back and Forward, and with the arrow keys on the tabs', async () => {
    const { context, page, errors } = await open();
    await loaded(page, '3c-machining/L1/1');
    const current = async () => ({
      hash: new URL(page.url()).hash,
      selected: await page.getAttribute('[role=tab][aria-selected=true]', 'data-testid'),
    });
    for (const view of ['compare', 'lab', 'experiments']) {
      await page.click(`[data-testid=view-${view}]`);
      await page.waitForSelector(`[data-testid=${view}-view]`);
    }
    await page.goBack();
    await page.waitForSelector('[data-testid=lab-view]');
    expect(await current()).toEqual({ hash: '#lab', selected: 'view-lab' });
    await page.goBack();
    await page.waitForSelector('[data-testid=compare-view]');
    await page.goForward();
    await page.waitForSelector('[data-testid=lab-view]');
    expect(await current()).toEqual({ hash: '#lab', selected: 'view-lab' });
    await page.goBack();
    await page.goBack();
    await page.waitForFunction(() => !document.querySelector('[data-testid=twin-view], [data-testid=compare-view]') && !location.hash);
    expect(await current()).toEqual({ hash: '', selected: 'view-twin' });
    expect(await page.isVisible('[data-testid=scene-canvas]')).toBe(true);

    // Tabs: one tab stop; the arrow keys, Home and End open the neighbouring, first and last view.
    expect(await page.$$eval('[role=tab]', (tabs) => tabs.map((t) => t.getAttribute('tabindex')))).toEqual(['0', '-1', '-1', '-1', '-1']);
    await page.focus('[data-testid=view-twin]');
    await page.keyboard.press('ArrowRight');
    await page.waitForSelector('[data-testid=compare-view]');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('view-compare');
    await page.keyboard.press('End');
    await page.waitForSelector('[data-testid=editor-view]');
    await page.keyboard.press('ArrowRight');
    await page.waitForFunction(() => !location.hash);
    expect(await current()).toEqual({ hash: '', selected: 'view-twin' });
    // Each tab names its panel, and the panel its tab.
    expect(await page.getAttribute('[data-testid=view-twin]', 'aria-controls')).toBe('panel-twin');
    expect(await page.getAttribute('#panel-twin', 'aria-labelledby')).toBe('tab-twin');
    expect(await page.getAttribute('#panel-twin', 'role')).toBe('tabpanel');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('a view whose chunk fails to load offers Retry, and Retry fetches the chunk again and shows the view', async () => {
    const { context, page } = await open();
    await loaded(page, '3c-machining/L1/1');
    // The lab's own chunk (in the dev server, its module) fails, as offline or after a redeploy removed it.
    let blocked = true;
    const requests: string[] = [];
    await page.route(/\/lab\/LabView[^/]*$|\/LabView-[^/]*\.js/, async (route) => {
      requests.push(route.request().url());
      if (blocked) await route.abort('internetdisconnected');
      else await route.continue();
    });
    const uncaught: string[] = [];
    page.on('pageerror', (error) => uncaught.push(error.message));
    await page.click('[data-testid=view-lab]');
    await page.waitForSelector('[data-testid=view-error-lab]');
    expect(await page.textContent('[data-testid=view-error-lab]')).toMatch(/failed/i);
    expect(await page.$('[data-testid=instance-info]')).toBeNull();
    // The header and the twin's run stay.
    expect(await page.isVisible('[data-testid=view-twin]')).toBe(true);
    const failedRequests = requests.length;
    expect(failedRequests).toBeGreaterThan(0);

    // Still offline: Retry tries again (a new request) and fails again, showing the Retry once more.
    await page.click('[data-testid=view-retry-lab]');
    await expect.poll(() => requests.length, { timeout: 60_000 }).toBeGreaterThan(failedRequests);
    await page.waitForSelector('[data-testid=view-retry-lab]');

    blocked = false;
    await page.click('[data-testid=view-retry-lab]');
    await page.waitForSelector('[data-testid=instance-info][data-name=ft06]');
    expect(await page.$('[data-testid=view-error-lab]')).toBeNull();
    expect(uncaught).toEqual([]);
    await page.screenshot({ path: 'test-results/chunk-retry.png' });
    await context.close();
  });

  it('describes the 3D view in words: a live summary of the plant', async () => {
    const { context, page, errors } = await open();
    await loaded(page, '3c-machining/L1/1');
    expect(await page.getAttribute('.scene', 'aria-describedby')).toBe('scene-summary');
    const summary = () => page.textContent('[data-testid=scene-summary]');
    expect(await summary()).toMatch(
      /^3C housing machining plant at L1 digital, paused\. \d+ units: \d+ working, \d+ idle, \d+ down or in maintenance\. day 1, 00:00\.$/,
    );
    await page.selectOption('[data-testid=speed-select]', '3600');
    await page.click('[data-testid=play-toggle]');
    await page.waitForFunction(() => /running\..*[1-9]\d* working/.test(document.querySelector('[data-testid=scene-summary]')?.textContent ?? ''));
    expect(errors).toEqual([]);
    await context.close();
  });
});
