import { describe, expect, it } from 'vitest';
import { appUnderTest } from './browser.ts';

const app = appUnderTest();

interface VehicleSnapshot {
  drawn: number;
  frames: number;
  positions: number[];
  travelled: number;
  byState: number[];
}

declare const window: { fabtwinVehicles?: { drawn: number; frames: number; positions: Float32Array; travelled: number; byState: number[] } };

describe('AGVs in the 3D view (#19)', () => {
  it("draws the AGV line's vehicles moving between the cells, painted by state; a plant without a fleet loads none", async () => {
    const page = await app.browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.setDefaultTimeout(90_000);
    const errors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(app.url);
    await page.waitForSelector('[data-testid=scene-canvas] canvas', { timeout: 60_000 });
    await page.waitForSelector('[data-testid=dashboard][data-loaded^="3c-machining/"]', { timeout: 60_000 });
    // The 3C plant has no fleet: the vehicles' module is not even loaded, so it draws nothing more.
    await page.waitForTimeout(1000);
    expect(await page.evaluate(() => window.fabtwinVehicles === undefined)).toBe(true);

    await page.selectOption('[data-testid=plant-select]', 'teaching/agv-line');
    await page.waitForSelector('[data-testid=dashboard][data-loaded^="teaching/agv-line/"]', { timeout: 60_000 });
    await page.click('[data-testid=play-toggle]');
    await page.waitForFunction(() => (window.fabtwinVehicles?.travelled ?? 0) > 1, null, { timeout: 60_000 });
    const snapshot = () =>
      page.evaluate(() => {
        const v = window.fabtwinVehicles!;
        return { drawn: v.drawn, frames: v.frames, positions: Array.from(v.positions), travelled: v.travelled, byState: [...v.byState] };
      });
    const first: VehicleSnapshot = await snapshot();
    expect(first.drawn).toBe(2);
    expect(first.positions).toHaveLength(4);
    // Generous wait: software WebGL on two shared cores may draw only a few frames a second. Not a timing assertion.
    await page.waitForFunction((before) => Array.from(window.fabtwinVehicles!.positions).some((v, i) => Math.abs(v - before[i]!) > 0.05), first.positions);
    const second: VehicleSnapshot = await snapshot();
    expect(second.frames).toBeGreaterThan(first.frames);
    expect(second.travelled).toBeGreaterThan(first.travelled);
    for (const v of second.positions) expect(Number.isFinite(v)).toBe(true);
    // Over a while, vehicles are seen both driving empty (state 1) and carrying a job (state 2).
    await page.waitForFunction(
      () => {
        const w = window as unknown as { seen?: Set<number>; fabtwinVehicles: { byState: number[] } };
        w.seen ??= new Set();
        w.fabtwinVehicles.byState.forEach((n, state) => n > 0 && w.seen!.add(state));
        return w.seen.has(1) && w.seen.has(2);
      },
      null,
      { polling: 50 },
    );
    await page.screenshot({ path: 'test-results/vehicles-agv-line.png' });
    expect(errors).toEqual([]);
    await page.close();
  });
});
