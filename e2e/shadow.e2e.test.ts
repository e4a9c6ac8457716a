/**
 * Shadow mode: connected to a plant at L3 whose CNC cells wear out 3.7 times faster than the model file says
 * (`--set cnc.health.weibullScaleHours=30`), the Shadow panel forecasts shift output with intervals and fills in what
 * was realised, flags the Weibull scale against the model file, and sends maintenance orders the plant accepts.
 */
import { describe, expect, it } from 'vitest';
import { appUnderTest } from './browser.ts';
import { startPlant } from '../tests/plant/host.ts';
import { freePort } from '../tests/plant/mosquitto.ts';

const app = appUnderTest();

describe('Shadow mode', () => {
  it('forecasts, discrepancies and decisions of the twin beside the Connect panel', async () => {
    const wsPort = await freePort();
    // Four hours of plant time per second; stopped by the test, or killed after three minutes whatever happens.
    const plant = startPlant(
      [
        'factory-models/3c-machining.json',
        '--level',
        'L3',
        '--seed',
        '2',
        '--speed',
        '14400',
        '--set',
        'cnc.health.weibullScaleHours=30',
        '--broker-port',
        '0',
        '--ws-port',
        String(wsPort),
      ],
      180_000,
    );
    const page = await app.browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.setDefaultTimeout(90_000);
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    try {
      for (let i = 0; i < 600 && !/WebSocket\)/.test(plant.stderr); i++) await new Promise((resolve) => setTimeout(resolve, 100));
      await page.goto(app.url);
      await page.waitForSelector('[data-testid=scene-canvas] canvas');
      // Headless Chromium prefers light colours: the dark theme first, the light one later.
      await page.selectOption('[data-testid=theme-select]', 'dark');
      await page.waitForFunction(() => document.documentElement.dataset.theme === 'dark');
      await page.fill('[data-testid=connect-url]', `ws://127.0.0.1:${wsPort}`);
      await page.click('[data-testid=connect-button]');
      await page.waitForSelector('[data-testid=shadow-panel]');
      page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
      // A forecast made at mid-shift, then what the shift realised.
      await page.waitForFunction(() => Number(document.querySelector('[data-testid=shadow-forecast-table]')?.getAttribute('data-count')) >= 2);
      const rows = await page.locator('[data-testid=shadow-forecast-table] tr').allTextContents();
      expect(rows[0]).toMatch(/until [\d.]+ h\s*[\d.]+ \[[\d.]+, [\d.]+\]\s*\d+/);
      // The same forecasts as bands on the live KPI chart, beside this shift's output as it arrives and each shift's
      // realised output at its end.
      await page.waitForFunction(() => {
        const chart = document.querySelector('[data-testid=kpi-chart][data-series=shiftOutput] [data-testid=shadow-forecast]');
        return (
          Number(chart?.getAttribute('data-count')) >= 2 && Number(chart?.getAttribute('data-realised')) >= 1 && Number(chart?.getAttribute('data-so-far')) >= 5
        );
      });
      const readBand = () =>
        page.evaluate(() => {
          const chart = document.querySelector('[data-testid=kpi-chart] [data-testid=shadow-forecast]')!;
          const canvas = chart.querySelector('canvas')!;
          const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
          const rgb = (name: string) => {
            const hex = getComputedStyle(document.documentElement).getPropertyValue(name).trim();
            return [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
          };
          // The band's fill: the theme's --info colour at a quarter opacity; the realised line and points: --warn, opaque.
          const [r, g, b] = rgb('--info');
          const [wr, wg, wb] = rgb('--warn');
          let filled = 0;
          let realised = 0;
          for (let i = 0; i < data.length; i += 4) {
            const a = data[i + 3]!;
            if (a > 40 && a < 90 && Math.abs(data[i]! - r!) + Math.abs(data[i + 1]! - g!) + Math.abs(data[i + 2]! - b!) < 40) filled++;
            if (a > 240 && Math.abs(data[i]! - wr!) + Math.abs(data[i + 1]! - wg!) + Math.abs(data[i + 2]! - wb!) < 40) realised++;
          }
          return {
            low: Number(chart.getAttribute('data-low')),
            mean: Number(chart.getAttribute('data-mean')),
            high: Number(chart.getAttribute('data-high')),
            at: Number(chart.getAttribute('data-at')),
            until: Number(chart.getAttribute('data-until')),
            from: Number(chart.getAttribute('data-from') || NaN),
            filled,
            realised,
            legend: document.querySelector('[data-testid=shadow-forecast-legend]')?.textContent ?? '',
            heading: [...document.querySelectorAll('[data-testid=dashboard] h2')].map((h) => h.textContent).join(' | '),
          };
        });
      const band = await readBand();
      expect(Number.isFinite(band.low) && Number.isFinite(band.high)).toBe(true);
      expect(band.low).toBeLessThanOrEqual(band.mean);
      expect(band.mean).toBeLessThanOrEqual(band.high);
      expect(band.high).toBeGreaterThan(band.low);
      // Drawn from the forecast instant (mid-shift: the 3C plant's shifts are 12 h) to the shift end.
      expect(band.until - band.at).toBeGreaterThan(0);
      expect(band.until - band.at).toBeLessThanOrEqual(6.01);
      expect(band.filled).toBeGreaterThan(200);
      expect(band.realised).toBeGreaterThan(50);
      expect(band.legend).toMatch(/realised output this shift.*95 % interval.*realised at the shift end/);
      expect(band.heading).toContain('Shift output: realised and the twin’s forecast');
      await page.locator('[data-testid=kpi-chart]').screenshot({ path: 'test-results/shadow-band.png' });
      // The light theme: the chart is redrawn in its colours (the test reads the variables again), keeping its history.
      await page.selectOption('[data-testid=theme-select]', 'light');
      await page.waitForFunction(() => document.documentElement.dataset.theme === 'light');
      await page.waitForTimeout(600);
      const light = await readBand();
      expect(light.filled).toBeGreaterThan(200);
      expect(light.realised).toBeGreaterThan(50);
      expect(light.from).toBeLessThan(band.at);
      await page.locator('[data-testid=kpi-chart]').screenshot({ path: 'test-results/shadow-band-light.png' });
      await page.waitForFunction(() => Number(document.querySelector('[data-testid=shadow-discrepancies]')?.getAttribute('data-count')) >= 1);
      expect(await page.textContent('[data-testid=shadow-discrepancies]')).toContain('cnc.health.weibullScaleHours');
      await page.waitForFunction(() => Number(document.querySelector('[data-testid=shadow-decisions]')?.getAttribute('data-count')) >= 1);
      expect(await page.textContent('[data-testid=shadow-decisions]')).toMatch(/NCMD Command\/Maintain=cnc-\d/);
      // Each decision sent is in the event log too: time, unit, command, and the reason behind a disclosure.
      await page.waitForSelector('[data-testid=event-log] li[data-kind=twin-decision]');
      const logged = await page.$eval('[data-testid=event-log] li[data-kind=twin-decision]', (li) => ({
        text: li.querySelector('summary')?.textContent ?? '',
        reason: li.querySelector('.event-reason')?.textContent ?? '',
        title: li.getAttribute('title') ?? '',
        unit: li.getAttribute('data-unit') ?? '',
      }));
      expect(logged.text).toMatch(/^day \d+, \d\d:\d\d\s+CNC cell \d: twin sent NCMD Command\/Maintain=cnc-\d$/);
      expect(logged.text).toContain(`Maintain=${logged.unit}`);
      expect(logged.title.length).toBeGreaterThan(10);
      expect(logged.reason).toBe(`why: ${logged.title}`);
      expect(await page.textContent('[data-testid=shadow-decisions]')).toContain(`Maintain=${logged.unit}`);
      // In Chinese.
      await page.selectOption('[data-testid=language-select]', 'zh');
      await page.waitForFunction(() => /孪生体已发送/.test(document.querySelector('[data-testid=event-log] li[data-kind=twin-decision]')?.textContent ?? ''));
      expect(await page.textContent('[data-testid=shadow-forecast-legend]')).toContain('班次产出预测，95 % 区间');
      await page.screenshot({ path: 'test-results/shadow.png' });
      for (let i = 0; i < 50 && !/command accepted/.test(plant.stderr); i++) await new Promise((resolve) => setTimeout(resolve, 100));
      expect(plant.stderr).toMatch(/command accepted at t=[\d.]+: \{"kind":"maintain","unit":"cnc-\d"\}/);
      expect(errors).toEqual([]);
    } catch (error) {
      await page.screenshot({ path: 'test-results/shadow-failed.png' });
      throw new Error(
        `${(error as Error).message}; page errors: ${errors.join(' | ')}; shadow: ${await page.textContent('[data-testid=dashboard]').catch(() => '')}`,
        { cause: error },
      );
    } finally {
      plant.child.kill('SIGTERM');
      await plant.exited;
      await page.close();
    }
  }, 240_000);
});
