import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { FlowSimulation } from '../src/core/flow/flow-simulation.ts';
import type { FlowModel } from '../src/core/model/flow-model.ts';
import { validateModel } from '../src/core/model/load.ts';
import { appUnderTest } from './browser.ts';

const app = appUnderTest();

async function clickPlan(page: Page, x: number, z: number): Promise<void> {
  const at = await page.evaluate(
    ([x, z]) => {
      const svg = document.querySelector('[data-testid=editor-canvas]') as SVGSVGElement;
      const point = new DOMPoint(x, z).matrixTransform(svg.getScreenCTM()!);
      return { x: point.x, y: point.y };
    },
    [x, z] as const,
  );
  await page.mouse.click(at.x, at.y);
}

describe('the AGV fleet in the editor', () => {
  it("gives the line's AGV route a fleet, and the exported layout runs with it", async () => {
    const page = await app.browser.newPage({ viewport: { width: 1400, height: 900 }, locale: 'en-US', acceptDownloads: true });
    page.setDefaultTimeout(90_000);
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${app.url}#editor`);
    await page.waitForSelector('[data-testid=editor-canvas]');
    for (const [kind, x] of [
      ['source', 0],
      ['cnc', 5],
      ['cnc', 11],
      ['sink', 16],
    ] as const) {
      await page.click(`[data-testid=palette-${kind}]`);
      await clickPlan(page, x, 0);
    }
    await page.click('[data-testid=palette-conveyor]');
    await page.click('[data-testid=editor-unit-source-1] rect');
    await page.click('[data-testid=editor-unit-cnc-1] rect');
    await page.keyboard.press('Escape');
    await page.click('[data-testid=palette-agv]');
    await page.click('[data-testid=editor-unit-cnc-1] rect');
    await page.click('[data-testid=editor-unit-cnc-2] rect');
    await page.keyboard.press('Escape');
    await page.click('[data-testid=palette-conveyor]');
    await page.click('[data-testid=editor-unit-cnc-2] rect');
    await page.click('[data-testid=editor-unit-sink-1] rect');
    await page.keyboard.press('Escape');
    await clickPlan(page, 8, 8); // nothing selected: the line settings and the fleet show
    await page.check('[data-testid=fleet-enabled]');
    await page.fill('[data-testid=fleet-vehicles]', '2');
    await page.press('[data-testid=fleet-vehicles]', 'Enter');
    await page.fill('[data-testid=fleet-vehicles]', '0');
    await page.press('[data-testid=fleet-vehicles]', 'Enter');
    expect(await page.getAttribute('[data-testid=fleet-vehicles]', 'aria-invalid')).toBe('true');
    await page.fill('[data-testid=fleet-vehicles]', '2');
    await page.press('[data-testid=fleet-vehicles]', 'Enter');
    await page.selectOption('[data-testid=fleet-dispatching]', 'fcfs');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=export-layout]')]);
    const file = 'test-results/fleet-layout.json';
    await download.saveAs(file);
    const model = validateModel(JSON.parse(readFileSync(file, 'utf8')), file) as FlowModel;
    expect(model.fleets).toEqual([{ id: 'agv-fleet', vehicles: 2, speed: 60, loadTime: 0.5, unloadTime: 0.5, dispatching: 'fcfs' }]);
    expect(model.conveyors.find((c) => c.kind === 'agv')!.fleet).toBe('agv-fleet');
    const run = new FlowSimulation(model, 1);
    run.sim.runUntil(600);
    expect(run.kpis().vehicleUtilization).toBeGreaterThan(0);

    // A battery: each field checked with its message, and the exported model carries it.
    await page.check('[data-testid=fleet-battery]');
    await page.waitForSelector('[data-testid=fleet-battery-capacity]');
    await page.fill('[data-testid=fleet-battery-capacity]', '-5');
    await page.press('[data-testid=fleet-battery-capacity]', 'Enter');
    expect(await page.getAttribute('[data-testid=fleet-battery-capacity]', 'aria-invalid')).toBe('true');
    expect(await page.textContent('[data-testid=fleet-battery-capacity-error]')).toMatch(/expected .*(> ?0|positive)/i);
    await page.fill('[data-testid=fleet-battery-capacity]', '120');
    await page.press('[data-testid=fleet-battery-capacity]', 'Enter');
    await page.fill('[data-testid=fleet-battery-threshold]', '1.5');
    await page.press('[data-testid=fleet-battery-threshold]', 'Enter');
    expect(await page.getAttribute('[data-testid=fleet-battery-threshold]', 'aria-invalid')).toBe('true');
    expect(await page.textContent('[data-testid=fleet-battery-threshold-error]')).toMatch(/1/);
    await page.fill('[data-testid=fleet-battery-threshold]', '0.3');
    await page.press('[data-testid=fleet-battery-threshold]', 'Enter');
    await page.fill('[data-testid=fleet-battery-chargeTime]', '30');
    await page.press('[data-testid=fleet-battery-chargeTime]', 'Enter');
    await page.selectOption('[data-testid=fleet-battery-charger]', 'cnc-2');
    const [withBattery] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=export-layout]')]);
    const batteryFile = 'test-results/fleet-battery-layout.json';
    await withBattery.saveAs(batteryFile);
    const charged = validateModel(JSON.parse(readFileSync(batteryFile, 'utf8')), batteryFile) as FlowModel;
    expect(charged.fleets![0]!.battery).toEqual({ capacity: 120, chargeTime: 30, threshold: 0.3, charger: 'cnc-2' });
    const charging = new FlowSimulation(charged, 1);
    charging.sim.runUntil(2000);
    expect(charging.fleets[0]!.statistics(charging.sim.now).charging).toBeGreaterThan(0);
    // Reloaded, the editor shows the battery the autosave kept.
    await page.reload();
    await page.waitForSelector('[data-testid=editor-canvas]');
    await clickPlan(page, 8, 8);
    expect(await page.inputValue('[data-testid=fleet-battery-capacity]')).toBe('120');
    expect(await page.inputValue('[data-testid=fleet-battery-charger]')).toBe('cnc-2');
    expect(errors).toEqual([]);
    await page.close();
  });
});
