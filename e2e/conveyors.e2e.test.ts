import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { appUnderTest } from './browser.ts';

const app = appUnderTest();

interface Snapshot {
  parts: number;
  delivered: number;
  positions: number[];
}

async function snapshot(page: Page): Promise<Snapshot> {
  return page.evaluate(() => {
    const c = (window as unknown as { fabtwinConveyors: { parts: number; delivered: number; positions: Float32Array } }).fabtwinConveyors;
    return { parts: c.parts, delivered: c.delivered, positions: Array.from(c.positions) };
  });
}

/** Runs the plant as fast as possible until parts are on its belts; returns two reads of their positions, apart. */
async function partsOnBelts(modelId: string, query = '', minParts = 3): Promise<{ first: Snapshot; second: Snapshot; errors: string[] }> {
  const page = await app.browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.setDefaultTimeout(90_000);
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(`${app.url}${query}`);
  await page.waitForSelector('[data-testid=scene-canvas] canvas', { timeout: 60_000 });
  await page.selectOption('[data-testid=plant-select]', modelId);
  await page.waitForSelector(`[data-testid=dashboard][data-loaded^="${modelId}/"]`, { timeout: 60_000 });
  await page.selectOption('[data-testid=speed-select]', 'Infinity');
  await page.click('[data-testid=play-toggle]');
  await page.waitForFunction((n) => (window as unknown as { fabtwinConveyors: { parts: number } }).fabtwinConveyors.parts >= n, minParts, {
    timeout: 60_000,
  });
  const first = await snapshot(page);
  // Generous wait: software WebGL on two shared cores may draw only a few frames a second. Not a timing assertion.
  await page.waitForFunction(
    (before) => {
      const c = (window as unknown as { fabtwinConveyors: { positions: Float32Array } }).fabtwinConveyors;
      return Array.from(c.positions).some((v, i) => Math.abs(v - before[i]!) > 0.01);
    },
    first.positions,
    { timeout: 60_000 },
  );
  const second = await snapshot(page);
  await page.screenshot({ path: `test-results/conveyors-${modelId.replace(/\//g, '-')}.png` });
  await page.close();
  return { first, second, errors };
}

/** x, z of each part in a snapshot (positions hold x, z, yaw per part). */
function points(s: Snapshot): [number, number][] {
  const out: [number, number][] = [];
  for (let i = 0; i + 2 < s.positions.length && out.length < s.parts; i += 3) out.push([s.positions[i]!, s.positions[i + 1]!]);
  return out;
}

describe('parts on conveyors (matter-js, one instanced mesh)', () => {
  it('tandem line: parts finished by a station ride the belt to the next one, and move', async () => {
    const { first, second, errors } = await partsOnBelts('teaching/tandem5');
    expect(first.parts).toBeGreaterThan(0);
    // The stations stand in a row along x at z = 0 (scenes/teaching/tandem5.json): belts run between them, 0.9 m wide.
    for (const [x, z] of [...points(first), ...points(second)]) {
      expect(Math.abs(z)).toBeLessThan(0.5);
      expect(x).toBeGreaterThan(1);
      expect(x).toBeLessThan(12 + 1.2 + 6 + 0.1);
    }
    expect(second.positions).not.toEqual(first.positions);
    expect(errors).toEqual([]);
  });

  it('3C plant: parts leave the CNC cells, merge on the aisle belt to deburring and move', async () => {
    const { first, second, errors } = await partsOnBelts('3c-machining');
    expect(first.parts).toBeGreaterThan(0);
    // Cells at z = -3 and 3, the aisle belt and the finishing line at z = 0 (scenes/3c-machining.json).
    for (const [x, z] of [...points(first), ...points(second)]) {
      expect(Math.abs(z)).toBeLessThan(1.9);
      expect(x).toBeGreaterThan(-0.6);
      expect(x).toBeLessThan(23.8 + 1.2 + 6 + 0.1);
    }
    expect(second.positions).not.toEqual(first.positions);
    expect(errors).toEqual([]);
  });

  it('petrochemical plant: pipes with animated flow instead of conveyors', async () => {
    const page = await app.browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.setDefaultTimeout(90_000);
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(app.url);
    await page.waitForSelector('[data-testid=scene-canvas] canvas', { timeout: 60_000 });
    await page.selectOption('[data-testid=plant-select]', 'petrochemical');
    await page.waitForSelector('[data-testid=dashboard][data-loaded^="petrochemical/"]', { timeout: 60_000 });
    await page.click('[data-testid=play-toggle]');
    await page.waitForFunction(() => (window as unknown as { fabtwinPipes: { travelled: number } }).fabtwinPipes.travelled > 0.5, null, {
      timeout: 60_000,
    });
    const stats = await page.evaluate(() => ({
      markers: (window as unknown as { fabtwinPipes: { markers: number } }).fabtwinPipes.markers,
      parts: (window as unknown as { fabtwinConveyors: { parts: number } }).fabtwinConveyors.parts,
    }));
    expect(stats.markers).toBeGreaterThan(5);
    expect(stats.parts).toBe(0);
    // The running units' moving parts move too (pump coupling, heater flame, reactor agitator).
    await page.waitForFunction(() => (window as unknown as { fabtwinEquipment: { moving: number } }).fabtwinEquipment.moving >= 3);
    await page.screenshot({ path: 'test-results/pipes-petrochemical.png' });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('?parts=2000 keeps 2,000 parts on the 3C belts (the view benchmark load)', async () => {
    const { first, second } = await partsOnBelts('3c-machining', '?parts=2000', 2000);
    expect(first.parts).toBe(2000);
    expect(second.parts).toBe(2000);
    expect(second.positions).not.toEqual(first.positions);
  });
});
