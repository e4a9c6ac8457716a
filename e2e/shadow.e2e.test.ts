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
      await page.fill('[data-testid=connect-url]', `ws://127.0.0.1:${wsPort}`);
      await page.click('[data-testid=connect-button]');
      await page.waitForSelector('[data-testid=shadow-panel]');
      page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
      // A forecast made at mid-shift, then what the shift realised.
      await page.waitForFunction(() => Number(document.querySelector('[data-testid=shadow-forecast]')?.getAttribute('data-count')) >= 2);
      const rows = await page.locator('[data-testid=shadow-forecast] tr').allTextContents();
      expect(rows[0]).toMatch(/until [\d.]+ h\s*[\d.]+ \[[\d.]+, [\d.]+\]\s*\d+/);
      // The same forecasts as a band on the forecast chart, with the realised values beside them.
      await page.waitForFunction(() => {
        const chart = document.querySelector('[data-testid=shadow-forecast-band]');
        return Number(chart?.getAttribute('data-bands')) >= 2 && Number(chart?.getAttribute('data-realised')) >= 1;
      });
      const band = await page.evaluate(() => {
        const chart = document.querySelector('[data-testid=shadow-forecast-band]')!;
        const canvas = chart.querySelector('canvas')!;
        const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
        // The band's fill: the theme's --info colour at a quarter opacity (uPlot draws it on its own canvas).
        const info = getComputedStyle(document.documentElement).getPropertyValue('--info').trim();
        const [r, g, b] = [1, 3, 5].map((i) => parseInt(info.slice(i, i + 2), 16));
        let filled = 0;
        for (let i = 0; i < data.length; i += 4) {
          if (data[i + 3]! > 40 && data[i + 3]! < 90 && Math.abs(data[i]! - r!) + Math.abs(data[i + 1]! - g!) + Math.abs(data[i + 2]! - b!) < 40) filled++;
        }
        return {
          low: Number(chart.getAttribute('data-low')),
          mean: Number(chart.getAttribute('data-mean')),
          high: Number(chart.getAttribute('data-high')),
          filled,
          legend: document.querySelector('[data-testid=shadow-forecast-legend]')?.textContent ?? '',
        };
      });
      expect(Number.isFinite(band.low) && Number.isFinite(band.high)).toBe(true);
      expect(band.low).toBeLessThanOrEqual(band.mean);
      expect(band.mean).toBeLessThanOrEqual(band.high);
      expect(band.high).toBeGreaterThan(band.low);
      expect(band.filled).toBeGreaterThan(200);
      expect(band.legend).toMatch(/95 % interval.*realised/);
      await page.locator('[data-testid=shadow-panel]').screenshot({ path: 'test-results/shadow-band.png' });
      await page.waitForFunction(() => Number(document.querySelector('[data-testid=shadow-discrepancies]')?.getAttribute('data-count')) >= 1);
      expect(await page.textContent('[data-testid=shadow-discrepancies]')).toContain('cnc.health.weibullScaleHours');
      await page.waitForFunction(() => Number(document.querySelector('[data-testid=shadow-decisions]')?.getAttribute('data-count')) >= 1);
      expect(await page.textContent('[data-testid=shadow-decisions]')).toMatch(/NCMD Command\/Maintain=cnc-\d/);
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
