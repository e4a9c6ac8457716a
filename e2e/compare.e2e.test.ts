import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { presetLevels } from '../src/core/experiment/levels.ts';
import { runnable } from '../src/core/models.ts';
import { parseModel } from '../src/core/model/load.ts';
import { appUnderTest, paintedPixels } from './browser.ts';

const app = appUnderTest();
const run = promisify(execFile);

/** Opens the comparison view and collects console errors and uncaught page errors. */
async function open(language = 'en-US'): Promise<{ page: Page; errors: string[] }> {
  const page = await app.browser.newPage({ viewport: { width: 1400, height: 900 }, locale: language, acceptDownloads: true });
  // Software WebGL on a shared 2-core machine can be slow; these are generous limits, not timing assertions.
  page.setDefaultTimeout(120_000);
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(`${app.url}#compare`);
  await page.waitForSelector('[data-testid=compare-view]');
  return { page, errors };
}

/** Painted pixels of each lane's canvas. */
async function paintedPixelsPerLane(page: Page): Promise<number[]> {
  const lanes: number[] = [];
  for (const level of ['L1', 'L2', 'L3']) lanes.push(await paintedPixels(page, `[data-testid=compare-lane-${level}] canvas`));
  return lanes;
}

describe('the paradigm comparison', () => {
  for (const plant of ['3c-machining', 'petrochemical']) {
    it(`runs L1, L2 and L3 of ${plant} side by side: three scenes render and their clocks agree with the shared clock`, async () => {
      const { page, errors } = await open();
      await page.selectOption('[data-testid=compare-plant]', plant);
      for (const level of ['L1', 'L2', 'L3']) await page.waitForSelector(`[data-testid=compare-lane-${level}] canvas`);
      await page.selectOption('[data-testid=compare-speed]', 'Infinity');
      await page.click('[data-testid=compare-play]');
      await page.waitForFunction(() => Number(document.querySelector('[data-testid=compare-clock]')?.getAttribute('data-days')) >= 0.5);
      await page.click('[data-testid=compare-play]'); // pause
      await page.waitForFunction(() => document.querySelector('[data-testid=compare-play]')?.getAttribute('aria-pressed') === 'false');
      await page.waitForTimeout(500); // frames already in flight arrive
      const clocks = await page.evaluate(() => ({
        shared: Number(document.querySelector('[data-testid=compare-clock]')?.getAttribute('data-time')),
        lanes: ['L1', 'L2', 'L3'].map((level) => Number(document.querySelector(`[data-testid=compare-lane-${level}]`)?.getAttribute('data-time'))),
      }));
      expect(clocks.shared).toBeGreaterThan(0);
      expect(clocks.lanes).toEqual([clocks.shared, clocks.shared, clocks.shared]);
      // Each lane shows its own headline KPIs as numbers; L2 and L3 their change against L1 at the same time.
      for (const level of ['L1', 'L2', 'L3']) {
        expect(await page.textContent(`[data-testid=lane-${level}-kpi-efficiency]`)).toMatch(/\d/);
      }
      expect(await page.textContent('[data-testid=lane-L3-change-efficiency]')).toMatch(/^(▲ \+|▼ )?-?\d+\.\d %$/);
      const pixels = await paintedPixelsPerLane(page);
      for (const painted of pixels) expect(painted).toBeGreaterThan(5_000);
      await page.screenshot({ path: `test-results/compare-side-by-side-${plant}.png` });
      expect(errors).toEqual([]);
      await page.close();
    });
  }

  it('keeps the unit labels of the three small scenes apart at 1920x1080: abbreviated, and none overlapping another', async () => {
    const page = await app.browser.newPage({ viewport: { width: 1920, height: 1080 }, locale: 'en-US' });
    page.setDefaultTimeout(120_000);
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${app.url}#compare`);
    await page.waitForSelector('[data-testid=compare-view]');
    for (const level of ['L1', 'L2', 'L3']) await page.waitForSelector(`[data-testid=compare-lane-${level}] canvas`);
    // Until the camera has settled the labels move: wait for two samples of every label's place to agree.
    const visible = () =>
      page.evaluate(() =>
        [...document.querySelectorAll<HTMLElement>('.compare-lane .unit-label')]
          .filter((label) => getComputedStyle(label).visibility !== 'hidden')
          .map((label) => {
            const r = label.getBoundingClientRect();
            const lane = label.closest('[data-level]')!.getAttribute('data-level')!;
            const scene = label.closest('.scene')!.getBoundingClientRect();
            const inside = r.right > scene.left && r.left < scene.right && r.bottom > scene.top && r.top < scene.bottom;
            // The name, without the state symbol and overlay value beside it.
            const text = [...label.childNodes]
              .filter((n) => n.nodeType === Node.TEXT_NODE)
              .map((n) => n.textContent)
              .join('')
              .trim();
            return { lane, text, left: r.left, top: r.top, right: r.right, bottom: r.bottom, inside };
          })
          .filter((label) => label.inside),
      );
    // Settled: the same labels on four reads over 1.5 s (on a loaded machine the frame loop can stall for half a
    // second while the decluttering has not yet run for the final layout, so two equal reads are not enough).
    let labels = await visible();
    for (let same = 0; same < 3;) {
      await page.waitForTimeout(500);
      const again = await visible();
      same = JSON.stringify(again) === JSON.stringify(labels) ? same + 1 : 0;
      labels = again;
    }
    await page.screenshot({ path: 'test-results/compare-labels-1920.png' });
    const overlaps: string[] = [];
    for (let i = 0; i < labels.length; i++) {
      for (let j = i + 1; j < labels.length; j++) {
        const a = labels[i]!;
        const b = labels[j]!;
        if (a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom) overlaps.push(`${a.lane} ${a.text} / ${b.lane} ${b.text}`);
      }
    }
    expect(overlaps).toEqual([]);
    // Decluttered, not emptied: each lane still names most of its units, abbreviated; L2 and L3 name the MES.
    for (const level of ['L1', 'L2', 'L3']) expect(labels.filter((l) => l.lane === level).length, level).toBeGreaterThanOrEqual(6);
    expect(labels.filter((l) => l.lane === 'L1').map((l) => l.text)).toContain('CNC 1');
    for (const level of ['L2', 'L3'])
      expect(
        labels.some((l) => l.lane === level && l.text === 'MES'),
        level,
      ).toBe(true);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('runs to a chosen day and pauses there: each lane equals a headless run of the same seed and level', async () => {
    const { page, errors } = await open();
    await page.selectOption('[data-testid=compare-plant]', '3c-machining');
    await page.fill('[data-testid=compare-seed]', '3');
    await page.waitForSelector('[data-testid=compare-lane-L3] canvas');
    await page.selectOption('[data-testid=compare-speed]', 'Infinity');
    await page.fill('[data-testid=compare-run-to-day]', '2');
    await page.click('[data-testid=compare-run-to]');
    await page.waitForFunction(() => Number(document.querySelector('[data-testid=compare-clock]')?.getAttribute('data-days')) === 2);
    await page.waitForFunction(() => document.querySelector('[data-testid=compare-play]')?.getAttribute('aria-pressed') === 'false');
    const file = 'factory-models/3c-machining.json';
    const model = runnable(parseModel(readFileSync(file, 'utf8'), file));
    const until = 2 * model.unitsPerDay;
    for (const level of ['L1', 'L2', 'L3'] as const) {
      const headless = model.start({ seed: 3, capabilities: presetLevels(model.capabilities, level) });
      headless.sim.runUntil(until);
      const expected = headless.kpis();
      // Bit for bit, metered energy and cost included: reading KPIs every frame does not change them.
      for (const key of ['efficiency', 'defectRate', 'energyUtilization', 'operatingCost', 'developmentCycle']) {
        const shown = await page.getAttribute(`[data-testid=lane-${level}-kpi-${key}]`, 'data-value');
        expect(Number(shown), `${level} ${key}`).toBe(expected[key]);
      }
    }
    expect(errors).toEqual([]);
    await page.close();
  });

  it('fills the KPI table for a short run (2 seeds, 3 days) with CIs and the survey reference, and draws the attribution waterfall', async () => {
    const { page, errors } = await open();
    await page.selectOption('[data-testid=compare-plant]', '3c-machining');
    await page.fill('[data-testid=compare-seedCount]', '2');
    await page.fill('[data-testid=compare-days]', '3');
    await page.click('[data-testid=compare-run]');
    await page.waitForSelector('[data-testid=compare-table]');
    // Every level's mean with its CI half-width, and both changes against L1 with theirs.
    for (const column of ['L1', 'L2', 'L3', 'L1->L2', 'L1->L3']) {
      expect(await page.textContent(`[data-testid="compare-efficiency-${column}"]`), column).toMatch(/\d( %)? ± \d/);
    }
    // The survey reference sits in a column of its own, labelled as reference: +34 % production efficiency.
    expect(await page.textContent('[data-testid=compare-reference-header]')).toBe('Survey reference');
    expect(await page.textContent('[data-testid=compare-efficiency-reference]')).toBe('+34.0 %');
    expect(await page.textContent('[data-testid=compare-defectRate-reference]')).toBe('-29.4 %');
    // The survey's five KPIs first; the plant's others on request.
    expect(await page.locator('[data-testid=compare-table] tbody tr').count()).toBe(5);
    await page.click('[data-testid=compare-all-kpis]');
    expect(await page.locator('[data-testid=compare-table] tbody tr').count()).toBeGreaterThan(20);
    expect(await page.textContent('[data-testid="compare-oee-L1->L3"]')).toMatch(/\d %/);
    expect(await page.locator('[data-testid=delta-chart] [data-testid=reference-mark]').count()).toBe(5);
    expect(await page.locator('[data-testid=delta-chart] [data-testid=delta-bar]').count()).toBeGreaterThan(0);
    // The waterfall: one bar per capability of the plant, the interaction remainder and the total.
    const kinds = await page.$$eval('[data-testid=attribution-chart] [data-testid=attribution-bar]', (bars) =>
      bars.map((bar) => bar.getAttribute('data-kind')),
    );
    expect(kinds.filter((k) => k === 'capability')).toHaveLength(6);
    expect(kinds.filter((k) => k === 'interaction')).toHaveLength(1);
    expect(kinds.at(-1)).toBe('total');
    // The steps end where the total ends: capabilities plus the remainder make the whole change.
    const changes = await page.$$eval('[data-testid=attribution-chart] [data-testid=attribution-bar]', (bars) =>
      bars.map((bar) => Number(bar.getAttribute('data-change'))),
    );
    const total = changes.at(-1)!;
    expect(changes.slice(0, -1).reduce((a, b) => a + b, 0)).toBeCloseTo(total, 6);
    // Learning curves of the L3 controllers: a uPlot canvas.
    await page.waitForSelector('[data-testid=learning-curves] canvas');
    await page.screenshot({ path: 'test-results/compare-table.png' });
    await page.locator('[data-testid=delta-chart]').screenshot({ path: 'test-results/compare-deltas.png' });
    await page.locator('[data-testid=attribution-chart]').screenshot({ path: 'test-results/compare-attribution.png' });
    await page.locator('[data-testid=learning-curves]').screenshot({ path: 'test-results/compare-curves.png' });

    // The table's JSON export is a reproduction record: the CLI replays it to the same numbers the table shows.
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=compare-exports] [data-testid=export-json]')]);
    const file = 'test-results/compare-record.json';
    await download.saveAs(file);
    const record = JSON.parse(readFileSync(file, 'utf8'));
    expect(record.model).toBe('factory-models/3c-machining.json');
    expect(record.seeds).toEqual([1, 2]);
    expect(record.levels).toEqual(['L1', 'L2', 'L3']);
    expect(record.attribution).toBe(true);
    const shown = Number(await page.getAttribute('[data-testid="compare-efficiency-L3"]', 'data-mean'));
    expect(shown).toBe(record.report.levels.L3.kpis.efficiency.mean);
    const change = Number(await page.getAttribute('[data-testid="compare-efficiency-L1->L3"]', 'data-percent'));
    expect(change).toBe(record.report.deltas['L1->L3'].efficiency.percent);
    const [csv] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=compare-exports] [data-testid=export-csv]')]);
    const csvLines = readFileSync((await csv.path())!, 'utf8')
      .trim()
      .split('\n');
    expect(csvLines[0]).toBe(
      'kpi,unit,L1_mean,L1_ci95,L2_mean,L2_ci95,L3_mean,L3_ci95,L1->L2_percent,L1->L2_ci95,L1->L3_percent,L1->L3_ci95,survey_reference_percent',
    );
    expect(csvLines[1]).toMatch(/^efficiency,units\/h,.*,34$/);
    for (const scope of ['compare-exports', 'attribution-chart', 'learning-curves']) {
      const [png] = await Promise.all([page.waitForEvent('download'), page.click(`[data-testid=${scope}] [data-testid=export-png]`)]);
      expect([...readFileSync((await png.path())!).subarray(0, 4)], scope).toEqual([0x89, 0x50, 0x4e, 0x47]); // PNG signature
    }
    const { stdout, stderr } = await run('npx', ['tsx', 'src/cli/sim.ts', '--replay', file, '--format', 'json'], { maxBuffer: 1 << 24 });
    expect(stderr).toContain('replay gives the recorded numbers');
    expect(JSON.parse(stdout).levels).toEqual(record.report.levels);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('runs a capability mix (parallel promotion) beside L1 and L3, in Chinese', async () => {
    const { page, errors } = await open('zh-CN');
    expect(await page.textContent('[data-testid=compare-view] h2')).toBe('范式对比');
    await page.selectOption('[data-testid=compare-plant]', '3c-machining');
    await page.fill('[data-testid=compare-seedCount]', '2');
    // A long run can be cancelled while its progress bar shows.
    await page.fill('[data-testid=compare-days]', '200');
    await page.click('[data-testid=compare-run]');
    await page.waitForSelector('[data-testid=compare-progress]');
    await page.click('[data-testid=compare-cancel]');
    await page.waitForSelector('[data-testid=compare-cancelled]');
    expect(await page.locator('[data-testid=compare-table]').count()).toBe(0);
    await page.fill('[data-testid=compare-days]', '2');
    await page.check('[data-testid=mix-dispatching-L3]');
    await page.check('[data-testid=mix-maintenance-L2]');
    await page.click('[data-testid=run-mix]');
    await page.waitForSelector('[data-testid=mix-table]');
    expect(JSON.parse((await page.getAttribute('[data-testid=mix-table]', 'data-mix'))!)).toEqual({
      dispatching: 'L3',
      maintenance: 'L2',
      quality: 'L1',
      energy: 'L1',
      supply: 'L1',
      newProducts: 'L1',
    });
    expect(await page.textContent('[data-testid=mix-efficiency]')).toMatch(/\d ± \d/);
    const headers = await page.$$eval('[data-testid=mix-table] th', (cells) => cells.map((c) => c.textContent));
    expect(headers).toEqual(['指标', 'L1 数字化', '组合', 'L3 新一代智能', '组合相对 L1']);
    expect(errors).toEqual([]);
    await page.close();
  });
});
