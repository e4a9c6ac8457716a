import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { presetLevels } from '../src/core/experiment/levels.ts';
import { runnable } from '../src/core/models.ts';
import { validateModel } from '../src/core/model/load.ts';
import { appUnderTest } from './browser.ts';

const app = appUnderTest();
const run = promisify(execFile);
const PLANT_FILE = 'factory-models/3c-machining.json';
const HEADLINE = ['efficiency', 'defectRate', 'energyUtilization', 'operatingCost', 'developmentCycle'];

describe("a student's rule plant in the paradigm comparison (#18)", () => {
  it('compares the 3C plant with the lab rule at L1, L2 and L3: the lanes equal headless runs of the rule plant, not of the catalog plant, and the record replays', async () => {
    const page = await app.browser.newPage({ viewport: { width: 1400, height: 1000 }, locale: 'en-US', acceptDownloads: true });
    page.setDefaultTimeout(180_000);
    const errors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${app.url}#lab`);
    await page.waitForSelector('[data-testid=instance-info][data-name=ft06]');
    await page.fill('[data-testid=rule-input]', 'slack');
    await page.waitForSelector('[data-testid=rule-error]', { state: 'detached' });
    await page.click('[data-testid=rule-in-plant]');
    await page.waitForSelector('[data-testid=dashboard][data-loaded^="3c-machining+rule/L1/"]', { timeout: 60_000 });

    await page.click('[data-testid=view-compare]');
    await page.waitForSelector('[data-testid=compare-plant-custom]', { state: 'attached' });
    expect(await page.textContent('[data-testid=compare-plant-custom]')).toContain('3C plant with your rule');
    await page.selectOption('[data-testid=compare-plant]', '3c-machining+rule');
    await page.fill('[data-testid=compare-seed]', '2');
    await page.waitForSelector('[data-testid=compare-lane-L3] canvas');
    await page.selectOption('[data-testid=compare-speed]', 'Infinity');
    // Past the plant's 7-day warm-up, so the survey KPIs have values.
    const days = 8;
    await page.fill('[data-testid=compare-run-to-day]', String(days));
    await page.click('[data-testid=compare-run-to]');
    await page.waitForFunction((d) => Number(document.querySelector('[data-testid=compare-clock]')?.getAttribute('data-days')) === d, days);
    await page.waitForFunction(() => document.querySelector('[data-testid=compare-play]')?.getAttribute('aria-pressed') === 'false');
    // The lanes write the last frame's numbers on a later animation frame (slow with three software-rendered scenes).
    await page.waitForFunction(
      (t) =>
        ['L1', 'L2', 'L3'].every(
          (level) =>
            Number(document.querySelector(`[data-testid=compare-lane-${level}]`)?.getAttribute('data-time')) === t &&
            document.querySelector(`[data-testid=lane-${level}-kpi-efficiency]`)?.getAttribute('data-value') != null,
        ),
      days * 24,
    );

    const plant = JSON.parse(readFileSync(PLANT_FILE, 'utf8')) as Record<string, unknown>;
    const withRule = runnable(validateModel({ ...plant, dispatchRule: { expression: 'slack', highestFirst: false } }, PLANT_FILE));
    const catalogPlant = runnable(validateModel(plant, PLANT_FILE));
    const until = days * withRule.unitsPerDay;
    let differs = 0;
    for (const level of ['L1', 'L2', 'L3'] as const) {
      const headless = (model: typeof withRule) => {
        const r = model.start({ seed: 2, capabilities: presetLevels(model.capabilities, level) });
        r.sim.runUntil(until);
        return r.kpis();
      };
      const expected = headless(withRule);
      const plain = headless(catalogPlant);
      for (const key of HEADLINE) {
        const shown = Number(await page.getAttribute(`[data-testid=lane-${level}-kpi-${key}]`, 'data-value'));
        expect(Number.isFinite(shown), `${level} ${key}`).toBe(true);
        // Bit for bit: the lane runs the rule plant the worker was sent.
        expect(shown, `${level} ${key}`).toBe(expected[key]);
        if (shown !== plain[key]) differs++;
      }
    }
    // The rule changes the plant's dispatching, so the lanes are not the catalog plant's.
    expect(differs).toBeGreaterThan(0);

    // Statistics on the rule plant: the exported record carries the model whole, and the CLI replays it. One
    // replication: the charts must draw without a CI (no NaN in the SVG, which the console would report).
    await page.fill('[data-testid=compare-seedCount]', '1');
    await page.fill('[data-testid=compare-days]', String(days));
    await page.click('[data-testid=compare-run]');
    await page.waitForSelector('[data-testid=compare-table]');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=compare-exports] [data-testid=export-json]')]);
    const file = 'test-results/compare-rule-record.json';
    await download.saveAs(file);
    const record = JSON.parse(readFileSync(file, 'utf8'));
    expect(record.model.content.dispatchRule).toEqual({ expression: 'slack', highestFirst: false });
    expect(record.levels).toEqual(['L1', 'L2', 'L3']);
    const shownL3 = Number(await page.getAttribute('[data-testid="compare-efficiency-L3"]', 'data-mean'));
    expect(shownL3).toBe(record.report.levels.L3.kpis.efficiency.mean);
    const { stdout, stderr } = await run('npx', ['tsx', 'src/cli/sim.ts', '--replay', file, '--format', 'json'], { maxBuffer: 1 << 24 });
    expect(stderr).toContain('replay gives the recorded numbers');
    expect(JSON.parse(stdout).levels).toEqual(record.report.levels);
    await page.screenshot({ path: 'test-results/compare-rule-plant.png' });
    expect(errors).toEqual([]);
    await page.close();
  });
});
