import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { appUnderTest } from './browser.ts';

const app = appUnderTest();

async function newPage(locale = 'en-US'): Promise<{ page: Page; errors: string[] }> {
  const page = await app.browser.newPage({ viewport: { width: 1280, height: 800 }, locale });
  // Software WebGL on a shared 2-core machine can be slow: generous limits, and conditions waited for, never timed.
  page.setDefaultTimeout(120_000);
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  return { page, errors };
}

async function loaded(page: Page, what: string): Promise<void> {
  await page.waitForSelector(`[data-testid=dashboard][data-loaded="${what}"]`);
}

/** Every KPI card's value and change against L1, as displayed. */
async function kpiCards(page: Page): Promise<Record<string, string>> {
  return page.$$eval('.kpi-card', (cards) =>
    Object.fromEntries(
      cards.map((card) => [
        card.getAttribute('data-testid'),
        `${card.querySelector('.kpi-value')?.textContent} | ${card.querySelector('.kpi-change')?.textContent}`,
      ]),
    ),
  );
}

/** The KPI values of the latest frame at full precision (the cards round them), and the L1 baseline beside them. */
async function rawKpis(page: Page): Promise<{ kpis: number[]; baseline: number[] }> {
  // A string, so the test runner does not rewrite the page's dynamic import; Vite serves the app's own module instance.
  return page.evaluate(
    `import('/src/app/store.ts').then(({ live }) => ({ kpis: Array.from(live.kpis), baseline: Array.from(live.baselineKpis) }))`,
  ) as Promise<{ kpis: number[]; baseline: number[] }>;
}

async function simulatedTime(page: Page): Promise<number> {
  return Number(await page.getAttribute('[data-testid=sim-clock]', 'data-time'));
}

/** Waits until the clock shows `time` and the HUD has written the frames after it. */
async function settledAt(page: Page, time: number): Promise<void> {
  await page.waitForFunction((t) => Number(document.querySelector('[data-testid=sim-clock]')?.getAttribute('data-time')) === t, time);
  await page.waitForTimeout(500);
}

/** Clicks Share and returns the link the app shows. */
async function shareLink(page: Page): Promise<string> {
  await page.click('[data-testid=share-link]');
  await page.waitForSelector('[data-testid=share-url]');
  return page.inputValue('[data-testid=share-url]');
}

/** Opens a shared link in a new page and waits until the app says it reproduced the run. */
async function openShared(url: string): Promise<{ page: Page; errors: string[] }> {
  const opened = await newPage();
  await opened.page.goto(url);
  await opened.page.waitForSelector('[data-share-status=reproduced]');
  return opened;
}

describe('shareable scenario links', () => {
  it('reproduce the run: same plant, levels, seed and simulated time, the same KPIs bit for bit (cards and raw values)', async () => {
    const { page, errors } = await newPage();
    await page.goto(app.url);
    await loaded(page, '3c-machining/L1/1');
    await page.selectOption('[data-testid=level-select]', 'L2');
    await loaded(page, '3c-machining/L2/1');
    await page.fill('[data-testid=seed-input]', '3');
    await loaded(page, '3c-machining/L2/3');
    await page.selectOption('[data-testid=capability-quality]', 'L3');
    await page.waitForFunction(() => JSON.parse(document.querySelector('[data-testid=dashboard]')?.getAttribute('data-capabilities') || '{}').quality === 'L3');
    await loaded(page, '3c-machining/L2/3');

    await page.selectOption('[data-testid=speed-select]', 'Infinity');
    await page.click('[data-testid=play-toggle]');
    await page.waitForFunction(() => Number(document.querySelector('[data-testid=sim-clock]')?.getAttribute('data-days')) >= 1.5);
    await page.click('[data-testid=play-toggle]'); // pause wherever the run is
    await page.waitForSelector('[data-testid=play-toggle][aria-pressed=false]');
    await page.waitForTimeout(500); // frames already in flight arrive
    const time = await simulatedTime(page);
    await settledAt(page, time);
    const shared = await kpiCards(page);
    const sharedRaw = await rawKpis(page);
    expect(sharedRaw.baseline.length).toBe(sharedRaw.kpis.length); // L2: the cards' change against L1 is reproduced too
    expect(Object.keys(shared).length).toBeGreaterThan(20);
    expect(shared['kpi-oee']).toMatch(/\d+\.\d+/);

    const url = await shareLink(page);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?s=[A-Za-z0-9_-]+$/);
    expect(await page.getAttribute('[data-testid=share-link]', 'data-url')).toBe(url);

    const opened = await openShared(url);
    await loaded(opened.page, '3c-machining/L2/3');
    await settledAt(opened.page, time);
    expect(await opened.page.inputValue('[data-testid=capability-quality]')).toBe('L3');
    expect(await opened.page.inputValue('[data-testid=seed-input]')).toBe('3');
    expect(await opened.page.inputValue('[data-testid=speed-select]')).toBe('Infinity');
    expect(await opened.page.getAttribute('[data-testid=play-toggle]', 'aria-pressed')).toBe('false');
    expect(await kpiCards(opened.page)).toEqual(shared);
    // Bit for bit, not only as displayed.
    expect(await rawKpis(opened.page)).toEqual(sharedRaw);
    await opened.page.screenshot({ path: 'test-results/share-reproduced.png' });
    expect(errors).toEqual([]);
    expect(opened.errors).toEqual([]);
    await page.close();
    await opened.page.close();
  });

  it('carry the tour and its step: the link opens the tour there, on the same run', async () => {
    const { page, errors } = await newPage();
    await page.goto(app.url);
    await loaded(page, '3c-machining/L1/1');
    await page.selectOption('[data-testid=tour-select]', 'petrochemical');
    await loaded(page, 'petrochemical/L1/1');
    // Step 1 runs to simulated day 2 and pauses there exactly.
    await page.waitForSelector('[data-testid=tour-status][data-ready=true]');
    await settledAt(page, 48);
    const shared = await kpiCards(page);
    const sharedRaw = await rawKpis(page);
    const url = await shareLink(page);

    const opened = await openShared(url);
    await loaded(opened.page, 'petrochemical/L1/1');
    await opened.page.waitForSelector('[data-testid=tour-panel][data-tour=petrochemical][data-step="0"]');
    expect(await opened.page.textContent('[data-testid=tour-step]')).toBe('Step 1 of 9');
    await settledAt(opened.page, 48);
    expect(await kpiCards(opened.page)).toEqual(shared);
    expect(await rawKpis(opened.page)).toEqual(sharedRaw);
    // The tour goes on from there as usual.
    await opened.page.waitForSelector('[data-testid=tour-status][data-ready=true]');
    await opened.page.click('[data-testid=tour-next]');
    expect(await opened.page.textContent('[data-testid=tour-step]')).toBe('Step 2 of 9');
    expect(errors).toEqual([]);
    expect(opened.errors).toEqual([]);
    await page.close();
    await opened.page.close();
  });

  it('carry a model from outside the catalog whole (an edited layout), and reproduce its run', async () => {
    const { page, errors } = await newPage();
    await page.goto(app.url);
    await loaded(page, '3c-machining/L1/1');
    const model = {
      kind: 'flow',
      name: 'Edited queue',
      timeUnit: 'minute',
      warmup: 100,
      defaultDays: 1,
      sources: [{ id: 'arrivals', interarrival: { dist: 'exponential', mean: 1 }, routing: 'main' }],
      stations: [{ id: 'server', servers: 1, serviceTime: { dist: 'exponential', mean: 0.8 } }],
      routings: [{ id: 'main', steps: ['server'], sink: 'done' }],
      sinks: [{ id: 'done' }],
    };
    // A string, so the test runner does not rewrite the page's dynamic imports; Vite serves the app's own modules.
    await page.evaluate(
      `Promise.all([import('/src/app/store.ts'), import('/src/app/engine/client.ts')]).then(([store, client]) => {
        store.useApp.setState({ modelId: 'custom:edited', custom: { id: 'custom:edited', file: 'edited.json', model: ${JSON.stringify(model)} }, seed: 5 });
        client.loadSelected();
        client.send({ type: 'speed', factor: Infinity });
        client.send({ type: 'play', until: 600 });
      })`,
    );
    await loaded(page, 'custom:edited/L1/5');
    await settledAt(page, 600);
    const shared = await kpiCards(page);
    const sharedRaw = await rawKpis(page);
    expect(shared['kpi-throughput']).toMatch(/\d+\.\d+/);
    const url = await shareLink(page);

    const opened = await openShared(url);
    await loaded(opened.page, 'custom:edited/L1/5');
    await settledAt(opened.page, 600);
    expect(await kpiCards(opened.page)).toEqual(shared);
    expect(await rawKpis(opened.page)).toEqual(sharedRaw);
    expect(errors).toEqual([]);
    expect(opened.errors).toEqual([]);
    await page.close();
    await opened.page.close();
  });

  it('a tampered or malformed link says what was wrong and opens the default plant', async () => {
    const { page, errors } = await newPage();
    await page.goto(app.url);
    await loaded(page, '3c-machining/L1/1');
    const url = new URL(await shareLink(page));
    const payload = url.searchParams.get('s')!;
    // One character changed in the middle: the checksum no longer matches.
    const middle = Math.floor(payload.length / 2);
    const tampered = payload.slice(0, middle) + (payload[middle] === 'A' ? 'B' : 'A') + payload.slice(middle + 1);

    await page.goto(`${app.url}?s=${tampered}`);
    await page.waitForSelector('[data-testid=share-error][data-problem=checksum]');
    expect(await page.textContent('[data-testid=share-error]')).toContain('the link was changed or cut short');
    await loaded(page, '3c-machining/L1/1');
    expect(await page.inputValue('[data-testid=plant-select]')).toBe('3c-machining');

    await page.goto(`${app.url}?s=not*a*link`);
    await page.waitForSelector('[data-testid=share-error][data-problem=encoding]');
    expect(await page.textContent('[data-testid=share-error]')).toContain('unexpected character "*" at position 4');
    await loaded(page, '3c-machining/L1/1');
    // Nothing crashed: the twin runs.
    await page.click('[data-testid=play-toggle]');
    await page.waitForFunction(() => Number(document.querySelector('[data-testid=sim-clock]')?.getAttribute('data-time')) > 0);
    expect(errors).toEqual([]);
    await page.close();

    // The message is in the app's language.
    const zh = await newPage('zh-CN');
    await zh.page.goto(`${app.url}?s=${tampered}`);
    await zh.page.waitForSelector('[data-testid=share-error]');
    expect(await zh.page.textContent('[data-testid=share-error]')).toContain('校验和不一致');
    await zh.page.close();
  });
});
