/**
 * The live twin's Connect panel on a plant with its embedded broker (`npm run plant`, MQTT over WebSocket on
 * loopback): connected, the clock and the KPI cards follow the remote plant; losing the broker shows "disconnected"
 * with the last data marked stale; a plant back on the same URL is picked up again by itself.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { appUnderTest } from './browser.ts';
import { startPlant, type PlantProcess } from '../tests/plant/host.ts';
import { freePort } from '../tests/plant/mosquitto.ts';

const app = appUnderTest();

function plantOn(wsPort: number): PlantProcess {
  // An hour of plant time per second; stopped by the test (SIGTERM), or killed after two minutes whatever happens.
  return startPlant(
    ['factory-models/3c-machining.json', '--level', 'L2', '--seed', '1', '--speed', '3600', '--broker-port', '0', '--ws-port', String(wsPort)],
    120_000,
  );
}

async function waitForUrl(plant: PlantProcess): Promise<void> {
  for (let i = 0; i < 600 && !/WebSocket\)/.test(plant.stderr); i++) await new Promise((resolve) => setTimeout(resolve, 100));
  expect(plant.stderr).toMatch(/and ws:\/\/127\.0\.0\.1:\d+ \(WebSocket\)/);
}

async function clock(page: Page): Promise<number> {
  return Number(await page.getAttribute('[data-testid=sim-clock]', 'data-time'));
}

describe('Connect panel', () => {
  it('follows a remote plant over MQTT/WebSocket: clock, KPI cards, inspector and labels follow it; broker lost: disconnected and stale; back by itself', async () => {
    const wsPort = await freePort();
    let plant = plantOn(wsPort);
    const page = await app.browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.setDefaultTimeout(60_000);
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    try {
      await waitForUrl(plant);
      await page.goto(app.url);
      await page.waitForSelector('[data-testid=scene-canvas] canvas');
      await page.fill('[data-testid=connect-url]', `ws://127.0.0.1:${wsPort}`);
      await page.click('[data-testid=connect-button]');
      await page.waitForSelector('[data-testid=connection-status][data-status=connected]');
      await page.waitForSelector('[data-testid=dashboard][data-loaded^="3c-machining/L2/1"]');
      await page.waitForFunction(() => Number(document.querySelector('[data-testid=sim-clock]')?.getAttribute('data-time')) > 0);

      const t1 = await clock(page);
      const kpi1 = await page.textContent('[data-testid=kpi-efficiency] .kpi-value');
      await page.waitForFunction((t) => Number(document.querySelector('[data-testid=sim-clock]')?.getAttribute('data-time')) > t + 2, t1);
      await page.waitForFunction((k) => document.querySelector('[data-testid=kpi-efficiency] .kpi-value')?.textContent !== k, kpi1);
      expect(await clock(page)).toBeGreaterThan(t1);
      expect(await page.textContent('[data-testid=kpi-efficiency] .kpi-value')).toMatch(/\d/);
      expect(await page.locator('[data-testid=connect-stale]').count()).toBe(0);
      // The inspector and the 3D labels show the remote units' states.
      await page.selectOption('[data-testid=unit-select]', '0');
      await page.waitForFunction(() => /Utilisation so far[\d.]+ %/.test(document.querySelector('[data-testid=inspector]')?.textContent ?? ''));
      expect(await page.textContent('[data-testid=inspector]')).toContain('CNC cell 1');
      expect(await page.getAttribute('[data-testid=label-cnc-1] .state-icon', 'data-state')).toMatch(/^(idle|running|setup|blocked|starved|down|maintenance)$/);
      await page.screenshot({ path: 'test-results/connect-following.png' });

      // The plant stops and its embedded broker with it: disconnected, the last data stays, marked stale.
      plant.child.kill('SIGTERM');
      await plant.exited;
      await page.waitForSelector('[data-testid=connection-status][data-status=disconnected]');
      await page.waitForSelector('[data-testid=connect-stale]');
      const frozen = await clock(page);
      expect(frozen).toBeGreaterThan(t1);

      // A plant back on the same URL: the twin reconnects by itself and follows the new run.
      plant = plantOn(wsPort);
      await waitForUrl(plant);
      await page.waitForSelector('[data-testid=connection-status][data-status=connected]', { timeout: 60_000 });
      await page.waitForFunction(() => !document.querySelector('[data-testid=connect-stale]'));
      await page.waitForFunction(() => Number(document.querySelector('[data-testid=sim-clock]')?.getAttribute('data-time')) > 1);
      expect(errors).toEqual([]);
    } finally {
      plant.child.kill('SIGTERM');
      await plant.exited;
      await page.close();
    }
  }, 240_000);
});
