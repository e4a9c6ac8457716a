import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { appUnderTest, paintedPixels } from './browser.ts';

const app = appUnderTest();

/** Opens the app and collects console errors and uncaught page errors. */
async function open(language = 'en-US'): Promise<{ page: Page; errors: string[] }> {
  const page = await app.browser.newPage({ viewport: { width: 1280, height: 800 }, locale: language });
  // Software WebGL on a shared 2-core machine can be slow; these are generous limits, not timing assertions.
  page.setDefaultTimeout(90_000);
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(app.url);
  await page.waitForSelector('[data-testid=scene-canvas] canvas', { timeout: 60_000 });
  return { page, errors };
}

/** Waits until the worker has loaded this model at this level (the dashboard says so). */
async function loaded(page: Page, modelId: string, level = 'L1', seed = 1): Promise<void> {
  await page.waitForSelector(`[data-testid=dashboard][data-loaded="${modelId}/${level}/${seed}"]`, { timeout: 60_000 });
}

async function simulatedDays(page: Page): Promise<number> {
  return Number(await page.getAttribute('[data-testid=sim-clock]', 'data-days'));
}

describe('the browser twin', () => {
  it('loads with no console errors and renders the scene (pixel check)', async () => {
    const { page, errors } = await open();
    // The first view is the 3C plant at L1 (a trainer's starting point).
    await loaded(page, '3c-machining');
    await page.waitForTimeout(1500);
    expect(await paintedPixels(page)).toBeGreaterThan(20_000);
    await page.screenshot({ path: 'test-results/app-initial.png' });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('runs a simulated day as fast as possible: the clock moves and the KPI cards fill with numbers', async () => {
    const { page, errors } = await open();
    await page.selectOption('[data-testid=plant-select]', 'teaching/tandem5');
    await loaded(page, 'teaching/tandem5');
    await page.selectOption('[data-testid=speed-select]', 'Infinity');
    await page.click('[data-testid=play-toggle]');
    await page.waitForFunction(() => Number(document.querySelector('[data-testid=sim-clock]')?.getAttribute('data-days')) >= 1, null, {
      timeout: 60_000,
    });
    expect(await simulatedDays(page)).toBeGreaterThanOrEqual(1);
    for (const id of ['kpi-throughput', 'kpi-wip', 'kpi-time-in-system', 'kpi-utilization']) {
      const text = (await page.textContent(`[data-testid=${id}]`)) ?? '';
      expect(text, id).toMatch(/\d+\.\d+/);
    }
    // A five-station Jackson line with arrivals every minute on average: throughput near 60 jobs/h.
    const throughput = Number(((await page.textContent('[data-testid=kpi-throughput] .kpi-value span')) ?? '').replace(/,/g, ''));
    expect(throughput).toBeGreaterThan(50);
    expect(throughput).toBeLessThan(70);
    await page.click('[data-testid=play-toggle]'); // pause
    await page.waitForTimeout(500); // frames already in flight arrive
    const paused = await simulatedDays(page);
    await page.waitForTimeout(500);
    expect(await simulatedDays(page)).toBe(paused);
    await page.screenshot({ path: 'test-results/tandem-running.png' });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('switches every visible text between English and Chinese, defaulting to the browser language', async () => {
    const { page } = await open('zh-CN');
    expect(await page.inputValue('[data-testid=language-select]')).toBe('zh');
    expect(await page.textContent('header')).toContain('智能工厂数字孪生');
    await page.selectOption('[data-testid=language-select]', 'en');
    expect(await page.textContent('header')).toContain('Smart-factory digital twin');
    expect(await page.textContent('[data-testid=play-toggle]')).toBe('Play');
    await page.selectOption('[data-testid=language-select]', 'zh');
    expect(await page.textContent('[data-testid=play-toggle]')).toBe('运行');
    expect(await page.textContent('[data-testid=kpi-throughput]')).toContain('产出率');
    await page.close();
  });

  it('inspects a machine chosen in the list, with its live state, queue and utilisation', async () => {
    const { page, errors } = await open();
    await page.selectOption('[data-testid=plant-select]', 'teaching/tandem5');
    await loaded(page, 'teaching/tandem5');
    await page.selectOption('[data-testid=speed-select]', 'Infinity');
    await page.click('[data-testid=play-toggle]');
    await page.waitForFunction(() => Number(document.querySelector('[data-testid=sim-clock]')?.getAttribute('data-days')) >= 0.2);
    await page.selectOption('[data-testid=unit-select]', '3'); // station 4, rho = 0.8
    const text = (await page.textContent('[data-testid=inspector]')) ?? '';
    expect(text).toContain('Station 4');
    await page.selectOption('[data-testid=overlay-select]', 'utilization');
    await page.waitForFunction(() => /\d+ %/.test(document.querySelector('[data-testid=label-s4] .overlay-value')?.textContent ?? ''));
    // The 3D labels carry the state as a symbol too, not by colour alone.
    expect(await page.getAttribute('[data-testid=label-s4] .state-icon', 'data-state')).toMatch(/^(idle|running|blocked|starved|down)$/);
    const utilization = Number(/Utilisation so far([\d.]+) %/.exec(text)?.[1]);
    expect(utilization).toBeGreaterThan(60);
    expect(utilization).toBeLessThan(95);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('?perf shows frame time, JS time per frame, draw calls and worker events/s', async () => {
    const page = await app.browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.setDefaultTimeout(90_000);
    await page.goto(`${app.url}?perf`);
    await loaded(page, '3c-machining');
    await page.selectOption('[data-testid=speed-select]', 'Infinity');
    await page.click('[data-testid=play-toggle]');
    await page.waitForFunction(() => /worker [1-9][\d,]* events\/s/.test(document.querySelector('[data-testid=perf-overlay]')?.textContent ?? ''), null, {
      timeout: 30_000,
    });
    const overlay = (await page.textContent('[data-testid=perf-overlay]')) ?? '';
    expect(overlay).toMatch(/frame [\d.]+ ms/);
    expect(overlay).toMatch(/js [\d.]+ ms\/frame/);
    expect(Number(await page.getAttribute('[data-testid=perf-overlay]', 'data-draw-calls'))).toBeGreaterThan(0);
    await page.close();
  });

  it('runs a per-capability level mix (parallel promotion) and a preset resets it', async () => {
    const { page, errors } = await open();
    await loaded(page, '3c-machining');
    await page.selectOption('[data-testid=capability-dispatching]', 'L3');
    await page.waitForFunction(() =>
      (document.querySelector('[data-testid=dashboard]')?.getAttribute('data-capabilities') ?? '').includes('"dispatching":"L3"'),
    );
    const mix = JSON.parse((await page.getAttribute('[data-testid=dashboard]', 'data-capabilities'))!);
    expect(mix.dispatching).toBe('L3');
    expect(mix.maintenance).toBe('L1');
    await page.selectOption('[data-testid=level-select]', 'L2');
    await loaded(page, '3c-machining', 'L2');
    const preset = JSON.parse((await page.getAttribute('[data-testid=dashboard]', 'data-capabilities'))!);
    expect(new Set(Object.values(preset))).toEqual(new Set(['L2']));
    expect(errors).toEqual([]);
    await page.close();
  });

  it("shows each KPI card's change against L1, from an L1 run of the same seed kept in step", async () => {
    const { page, errors } = await open();
    await loaded(page, '3c-machining');
    expect(await page.textContent('[data-testid=kpi-change-efficiency]')).toBe(''); // L1 has nothing to compare with
    await page.selectOption('[data-testid=level-select]', 'L2');
    await loaded(page, '3c-machining', 'L2');
    await page.selectOption('[data-testid=speed-select]', 'Infinity');
    await page.click('[data-testid=play-toggle]');
    await page.waitForFunction(() => Number(document.querySelector('[data-testid=sim-clock]')?.getAttribute('data-days')) >= 3);
    await page.click('[data-testid=play-toggle]');
    await page.waitForTimeout(500);
    expect(await page.textContent('[data-testid=kpi-change-efficiency]')).toMatch(/^(▲ \+|▼ )?-?\d+\.\d % vs L1$/);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('logs notable events (failures, repairs, maintenance) as they happen', async () => {
    const { page, errors } = await open();
    await loaded(page, '3c-machining');
    await page.selectOption('[data-testid=speed-select]', 'Infinity');
    await page.click('[data-testid=play-toggle]');
    await page.selectOption('[data-testid=unit-select]', '0');
    await page.waitForSelector('[data-testid=event-log] li[data-kind=failure]', { timeout: 120_000 });
    // The inspector plots the selected cell's vibration readings as they come.
    await page.waitForFunction(() => Number(document.querySelector('[data-testid=signal-trend]')?.getAttribute('data-points')) >= 5);
    expect(await page.textContent('[data-testid=unit-energy]')).toMatch(/^[\d,]+(\.\d+)? kWh$/);
    // The decisions taken for the selected cell (dispatching), not mixed into the plant-wide log.
    await page.waitForSelector('[data-testid=unit-decisions] li');
    expect(await page.textContent('[data-testid=unit-decisions]')).toMatch(/lot dispatched \((phone|tablet|laptop)-[a-z]\)/);
    expect(await page.textContent('[data-testid=event-log]')).not.toContain('lot dispatched');
    expect(await page.textContent('[data-testid=event-log]')).toMatch(/CNC cell \d: failure/);
    await page.click('[data-testid=play-toggle]');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('shows the level: no MES at L1, links to the MES at L2, learning controllers at L3', async () => {
    const { page, errors } = await open();
    await loaded(page, '3c-machining');
    expect(await page.$('[data-testid=mes-label]')).toBeNull();
    await page.selectOption('[data-testid=level-select]', 'L2');
    await loaded(page, '3c-machining', 'L2');
    expect(await page.textContent('[data-testid=mes-label]')).toBe('MES (plant-wide data)');
    await page.selectOption('[data-testid=level-select]', 'L3');
    await loaded(page, '3c-machining', 'L3');
    expect(await page.textContent('[data-testid=mes-label]')).toBe('MES + learning controllers');
    // L3 predictions have overlays of their own (values appear once each model has learned).
    const overlays = await page.$$eval('[data-testid=overlay-select] option', (o) => o.map((n) => (n as HTMLOptionElement).value));
    expect(overlays).toEqual(expect.arrayContaining(['prediction:remaining-life', 'prediction:defect-rate']));
    await page.screenshot({ path: 'test-results/3c-machining-L3.png' });
    expect(errors).toEqual([]);
    await page.close();
  });

  it("shows the L3 learners' predictions in the overlay and the inspector, and a CNC cell's tool-wear trend", async () => {
    const { page, errors } = await open();
    await loaded(page, '3c-machining');
    await page.selectOption('[data-testid=level-select]', 'L3');
    await loaded(page, '3c-machining', 'L3');
    await page.selectOption('[data-testid=unit-select]', '0');
    await page.selectOption('[data-testid=overlay-select]', 'prediction:defect-rate');
    expect(await page.textContent('[data-testid=overlay-select] option:checked')).toBe('Overlay: predicted defect rate (L3)');
    await page.selectOption('[data-testid=speed-select]', 'Infinity');
    await page.click('[data-testid=play-toggle]');
    // The quality model predicts once it has seen enough housings: a probability in per cent beside each CNC cell.
    await page.waitForFunction(() => / ▸ \d+\.\d\d %/.test(document.querySelector('[data-testid=label-cnc-1] .overlay-value')?.textContent ?? ''), null, {
      timeout: 180_000,
    });
    // The inspector shows the same prediction for the selected cell, and its tool wear since the last tool change.
    await page.waitForFunction(() => !(document.querySelector('[data-testid=prediction-defect-rate]') as HTMLElement | null)?.hidden);
    expect(await page.textContent('[data-testid=prediction-defect-rate]')).toMatch(/^predicted defect rate \(L3\)\d+\.\d\d %$/);
    await page.waitForFunction(() => Number(document.querySelector('[data-testid=wear-trend]')?.getAttribute('data-points')) >= 5);
    expect(Number(await page.getAttribute('[data-testid=wear-trend]', 'data-latest'))).toBeGreaterThanOrEqual(0);
    // Equipment is drawn by part type (one instanced mesh each), with moving parts driven by the live state.
    const equipment = await page.evaluate(() => (window as unknown as { fabtwinEquipment: { partTypes: number; moving: number } }).fabtwinEquipment);
    expect(equipment.partTypes).toBeGreaterThanOrEqual(15);
    expect(equipment.moving).toBeGreaterThan(0);
    await page.screenshot({ path: 'test-results/3c-machining-L3-running.png' });
    await page.click('[data-testid=play-toggle]');
    // Stations have no tool: no wear trend.
    await page.selectOption('[data-testid=unit-select]', '6');
    expect(await page.$('[data-testid=wear-trend]')).toBeNull();
    // The petrochemical plant's L3 setpoint layer: the temperature it has learned to run the reactor at.
    await page.selectOption('[data-testid=plant-select]', 'petrochemical');
    await loaded(page, 'petrochemical');
    await page.selectOption('[data-testid=level-select]', 'L3');
    await loaded(page, 'petrochemical', 'L3');
    await page.selectOption('[data-testid=overlay-select]', 'prediction:temperature-setpoint');
    await page.waitForFunction(() => / ▸ 1\d\d\.\d °C/.test(document.querySelector('[data-testid=label-reactor] .overlay-value')?.textContent ?? ''));
    await page.selectOption('[data-testid=overlay-select]', 'prediction:feed-setpoint');
    await page.waitForFunction(() => / ▸ \d+\.\d m³\/h/.test(document.querySelector('[data-testid=label-feed-pump] .overlay-value')?.textContent ?? ''));
    // Units the feed setpoint does not concern drop the temperature they showed before.
    await page.waitForFunction(() => document.querySelector('[data-testid=label-reactor] .overlay-value')?.textContent === '');
    // Run into the second day: the product tank's level (drawn from the plant's tank bookkeeping) rises.
    await page.click('[data-testid=play-toggle]');
    await page.waitForFunction(() => Number(document.querySelector('[data-testid=sim-clock]')?.getAttribute('data-days')) >= 1.6);
    await page.click('[data-testid=play-toggle]');
    await page.screenshot({ path: 'test-results/petrochemical-L3-setpoints.png' });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('marks the units a guided tour points at, and drops the marks when the tour ends', async () => {
    const { page, errors } = await open();
    const marked = () => page.evaluate(() => (window as unknown as { fabtwinHighlights: { marked: number } }).fabtwinHighlights.marked);
    await page.selectOption('[data-testid=tour-select]', '3c-machining');
    await loaded(page, '3c-machining');
    await page.waitForSelector('[data-testid=tour-status][data-ready=true]');
    await page.click('[data-testid=tour-next]'); // the step about the CNC cells points at all six
    await page.waitForSelector('[data-testid=label-cnc-1][data-highlighted=true]');
    await page.waitForFunction(() => (window as unknown as { fabtwinHighlights: { marked: number } }).fabtwinHighlights.marked === 6);
    expect(await page.$('[data-testid=label-deburr][data-highlighted]')).toBeNull();
    await page.screenshot({ path: 'test-results/3c-machining-tour-highlight.png' });
    await page.click('[data-testid=tour-exit]');
    await page.waitForFunction(() => (window as unknown as { fabtwinHighlights: { marked: number } }).fabtwinHighlights.marked === 0);
    expect(await marked()).toBe(0);
    expect(await page.$('[data-highlighted]')).toBeNull();
    expect(errors).toEqual([]);
    await page.close();
  });

  it('lays a plant out from its scene file, with labels in the chosen language and camera presets', async () => {
    const { page, errors } = await open();
    await page.selectOption('[data-testid=plant-select]', 'petrochemical');
    await loaded(page, 'petrochemical');
    expect(await page.textContent('.labels')).toContain('Reactor (CSTR)');
    await page.selectOption('[data-testid=overlay-select]', 'signal');
    await page.waitForFunction(() => /\d+\.\d °C/.test(document.querySelector('[data-testid=label-reactor] .overlay-value')?.textContent ?? ''));
    await page.selectOption('[data-testid=language-select]', 'zh');
    expect(await page.textContent('.labels')).toContain('反应釜');
    await page.waitForTimeout(500);
    const overview = await page.screenshot();
    await page.click('[data-testid=camera-reactor]');
    await page.waitForTimeout(800);
    const closeUp = await page.screenshot({ path: 'test-results/petrochemical-reactor-camera.png' });
    expect(Buffer.compare(overview, closeUp)).not.toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('every model in the catalogue loads at every level it offers', async () => {
    const { page, errors } = await open();
    const options = await page.$$eval('[data-testid=plant-select] option', (nodes) => nodes.map((n) => (n as HTMLOptionElement).value));
    expect(options).toContain('teaching/mm1');
    for (const modelId of options) {
      await page.selectOption('[data-testid=plant-select]', modelId);
      await loaded(page, modelId);
      const levels = await page.$$eval('[data-testid=level-select] option:not([disabled])', (nodes) => nodes.map((n) => (n as HTMLOptionElement).value));
      for (const level of levels) {
        await page.selectOption('[data-testid=level-select]', level);
        await loaded(page, modelId, level);
        await page.click('[data-testid=step-button]');
      }
      await page.screenshot({ path: `test-results/model-${modelId.replace(/\//g, '-')}.png`, timeout: 60_000 });
    }
    expect(await page.$('[role=alert]')).toBeNull();
    expect(errors).toEqual([]);
    await page.close();
  });
});
