import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { appUnderTest } from './browser.ts';

const app = appUnderTest();
const run = promisify(execFile);
const scratch = mkdtempSync(join(tmpdir(), 'fabtwin-editor-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Opens the editor in a fresh browser context (empty localStorage), collecting console errors. */
async function openEditor(): Promise<{ page: Page; errors: string[] }> {
  const page = await app.browser.newPage({ viewport: { width: 1400, height: 900 }, locale: 'en-US', acceptDownloads: true });
  // Software WebGL on a shared 2-core machine can be slow; these are generous limits, not timing assertions.
  page.setDefaultTimeout(90_000);
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(`${app.url}#editor`);
  await page.waitForSelector('[data-testid=editor-canvas]');
  return { page, errors };
}

/** Clicks the floor plan at a point given in metres. */
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

async function counts(page: Page): Promise<{ units: number; links: number; problems: number }> {
  const editor = page.locator('[data-testid=editor]');
  return {
    units: Number(await editor.getAttribute('data-units')),
    links: Number(await editor.getAttribute('data-links')),
    problems: Number(await editor.getAttribute('data-problems')),
  };
}

/** Source, two CNC cells 6 m apart joined by a conveyor segment, and a sink. */
async function buildTwoMachineLine(page: Page): Promise<void> {
  for (const [kind, x] of [
    ['source', 0],
    ['cnc', 5],
    ['cnc', 11],
    ['sink', 16],
  ] as const) {
    await page.click(`[data-testid=palette-${kind}]`);
    await clickPlan(page, x, 0);
  }
  expect(await counts(page)).toMatchObject({ units: 4 });
  await page.click('[data-testid=palette-conveyor]');
  for (const id of ['source-1', 'cnc-1', 'cnc-2', 'sink-1']) await page.click(`[data-testid=editor-unit-${id}] rect`);
  await page.keyboard.press('Escape');
  expect(await counts(page)).toEqual({ units: 4, links: 3, problems: 0 });
}

async function kpiNumber(page: Page, id: string): Promise<number> {
  return Number(((await page.textContent(`[data-testid=kpi-${id}] .kpi-value span`)) ?? '').replace(/,/g, ''));
}

/** Runs the twin, already loaded, to simulated time `until` exactly (the worker pauses there), as fast as possible. */
async function playUntil(page: Page, until: number): Promise<void> {
  // A string, so the test runner does not rewrite the page's dynamic import; Vite serves the app's own module instance.
  await page.evaluate(
    `import('/src/app/engine/client.ts').then((client) => {
      client.send({ type: 'speed', factor: Infinity });
      client.send({ type: 'play', until: ${until} });
    })`,
  );
  await page.waitForFunction((until) => Number(document.querySelector('[data-testid=sim-clock]')?.getAttribute('data-time')) >= until, until, {
    timeout: 120_000,
  });
}

describe('the layout editor', () => {
  it('places two machines and a conveyor, connects them, undoes and redoes, runs them in the twin, and keeps the layout over a reload', async () => {
    const { page, errors } = await openEditor();
    await buildTwoMachineLine(page);
    // The belt is 6 m long at 6 m/min: one minute of transport.
    await page.click('[data-testid=editor-link-belt-1] line >> nth=1', { force: true });
    expect(await page.textContent('[data-testid=link-transport-time]')).toContain('1.00');

    // Undo and redo, by button and by keyboard.
    await page.click('[data-testid=undo]');
    expect(await counts(page)).toMatchObject({ links: 2 });
    expect(Number(await page.locator('[data-testid=editor]').getAttribute('data-problems'))).toBeGreaterThan(0);
    await page.click('[data-testid=redo]');
    expect(await counts(page)).toMatchObject({ links: 3, problems: 0 });
    await page.keyboard.press('Control+z');
    await page.keyboard.press('Control+z');
    expect(await counts(page)).toMatchObject({ links: 1 });
    await page.keyboard.press('Control+Shift+z');
    await page.keyboard.press('Control+y');
    expect(await counts(page)).toEqual({ units: 4, links: 3, problems: 0 });

    // A parameter typed wrong is shown at its field and not saved.
    await page.click('[data-testid=editor-unit-cnc-2] rect');
    await page.fill('[data-testid=field-servers]', '-2');
    expect(await page.textContent('[data-testid=field-error-servers]')).toMatch(/\S/);
    await page.fill('[data-testid=field-servers]', '2');
    await page.press('[data-testid=field-servers]', 'Enter');
    await page.waitForSelector('[data-testid=field-error-servers]', { state: 'detached' });

    await page.screenshot({ path: 'test-results/editor-line.png' });
    await page.click('[data-testid=run-layout]');
    await page.waitForSelector('[data-testid=dashboard][data-loaded="editor/L1/1"]', { timeout: 60_000 });
    await playUntil(page, 8 * 60);
    for (const id of ['throughput', 'wip', 'time-in-system', 'utilization']) {
      expect((await page.textContent(`[data-testid=kpi-${id}]`)) ?? '', id).toMatch(/\d+\.\d+/);
    }
    const early = await kpiNumber(page, 'time-in-system');
    await playUntil(page, 24 * 60);
    await page.waitForTimeout(500); // the HUD writes the last frame's numbers on the next animation frame
    const later = await kpiNumber(page, 'time-in-system');
    expect(later).not.toBe(early);
    // Arrivals every 6 min on average: throughput near 10 parts/h.
    expect(await kpiNumber(page, 'throughput')).toBeGreaterThan(5);
    await page.screenshot({ path: 'test-results/editor-run.png' });

    await page.goto(`${app.url}#editor`);
    await page.reload();
    await page.waitForSelector('[data-testid=editor-canvas]');
    expect(await counts(page)).toEqual({ units: 4, links: 3, problems: 0 });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('edits with the mouse and the keyboard: drag, rubber band, copy and paste, rotate, nudge, delete, in Chinese too', async () => {
    const { page, errors } = await openEditor();
    await buildTwoMachineLine(page);
    const unit = (id: string) => page.locator(`[data-testid=editor-unit-${id}]`);
    const screen = (x: number, z: number) =>
      page.evaluate(
        ([x, z]) => {
          const svg = document.querySelector('[data-testid=editor-canvas]') as SVGSVGElement;
          const point = new DOMPoint(x, z).matrixTransform(svg.getScreenCTM()!);
          return { x: point.x, y: point.y };
        },
        [x, z] as const,
      );
    const drag = async (from: [number, number], to: [number, number]) => {
      const a = await screen(...from);
      const b = await screen(...to);
      await page.mouse.move(a.x, a.y);
      await page.mouse.down();
      await page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2);
      await page.mouse.move(b.x, b.y);
      await page.mouse.up();
    };

    // Drag cnc-2 two metres right (and a little down): it lands on the grid.
    await drag([11, 0], [13.1, 0.2]);
    expect([await unit('cnc-2').getAttribute('data-x'), await unit('cnc-2').getAttribute('data-z')]).toEqual(['13', '0']);
    // Rubber band over both cells.
    await drag([3, -3], [14, 3]);
    expect(await unit('cnc-1').getAttribute('data-selected')).toBe('true');
    expect(await unit('cnc-2').getAttribute('data-selected')).toBe('true');
    expect(await unit('source-1').getAttribute('data-selected')).toBe('false');

    await page.keyboard.press('Control+c');
    await page.keyboard.press('Control+v');
    expect(await counts(page)).toMatchObject({ units: 6, links: 4 });
    expect(await unit('cnc-3').getAttribute('data-selected')).toBe('true');
    expect(await unit('cnc-1').getAttribute('data-selected')).toBe('false');
    // The copies are fed by nothing and lead nowhere: the check says so and marks them in the plan.
    expect(await unit('cnc-3').getAttribute('data-problem')).toBe('true');
    expect(await page.locator('[data-testid=editor-problems] li[data-code=unfed]').count()).toBe(1);

    await page.keyboard.press('r');
    expect(await unit('cnc-3').getAttribute('data-rotation')).toBe('90');
    await page.keyboard.press('ArrowDown');
    expect(await unit('cnc-3').getAttribute('data-z')).toBe('2.5');
    await page.keyboard.press('Delete');
    expect(await counts(page)).toEqual({ units: 4, links: 3, problems: 0 });
    await page.keyboard.press('Control+z');
    expect(await counts(page)).toMatchObject({ units: 6, links: 4 });

    // Shift-click adds to the selection.
    await page.click('[data-testid=editor-unit-source-1] rect');
    await page.click('[data-testid=editor-unit-sink-1] rect', { modifiers: ['Shift'] });
    expect(await unit('source-1').getAttribute('data-selected')).toBe('true');
    expect(await unit('sink-1').getAttribute('data-selected')).toBe('true');

    // The 3D preview draws the edited stations with the twin's scene (labels are DOM nodes beside the canvas).
    await page.check('[data-testid=editor-preview-toggle]');
    await page.waitForSelector('[data-testid=editor-preview] canvas');
    await page.waitForSelector('[data-testid=editor-preview] [data-testid=label-cnc-4]', { state: 'attached' });
    await page.screenshot({ path: 'test-results/editor-preview.png' });
    await page.uncheck('[data-testid=editor-preview-toggle]');

    await page.selectOption('[data-testid=language-select]', 'zh');
    expect(await page.textContent('[data-testid=editor-palette]')).toContain('CNC 加工单元');
    expect(await page.textContent('[data-testid=editor-problems]')).toContain('没有上游供料');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('an exported layout runs in the CLI with the same KPIs as in the app for the same seed, level and simulated time', async () => {
    const { page, errors } = await openEditor();
    await buildTwoMachineLine(page);
    // The first cell breaks down; operators patrol hourly, which gives the line a level L2 (alarm to the MES).
    await page.click('[data-testid=editor-unit-cnc-1] rect');
    await page.fill('[data-testid=field-mtbf]', '200');
    await page.press('[data-testid=field-mtbf]', 'Enter');
    expect(await page.textContent('[data-testid=field-error-mttr]')).toContain('together');
    await page.fill('[data-testid=field-mttr]', '20');
    await page.press('[data-testid=field-mttr]', 'Enter');
    await page.waitForSelector('[data-testid=field-error-mttr]', { state: 'detached' });
    await clickPlan(page, 8, 8); // empty floor: nothing selected, the line settings show
    await page.fill('[data-testid=field-patrolInterval]', '60');
    await page.press('[data-testid=field-patrolInterval]', 'Enter');
    await page.selectOption('[data-testid=editor-level]', 'L2');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=export-layout]')]);
    const file = join(scratch, 'two-machines.json');
    await download.saveAs(file);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({
      kind: 'flow',
      conveyors: [{ id: 'belt-1', length: 6 }],
      maintenance: { patrolInterval: 60 },
      stations: [{ id: 'cnc-1', mtbf: 200, mttr: 20 }, { id: 'cnc-2' }],
      scene: {},
    });

    const args = [file, '--days', '1', '--seed', '1', '--seeds', '1', '--level', 'L2', '--format', 'json'];
    const cli = await run('npx', ['tsx', 'src/cli/sim.ts', ...args], { cwd: join(import.meta.dirname, '..') });
    const report = JSON.parse(cli.stdout) as { until: number; levels: { L2: { kpis: Record<string, { mean: number }> } } };
    expect(report.until).toBe(24 * 60);
    expect(Object.keys(report.levels.L2.kpis)).toContain('availability');

    await page.click('[data-testid=run-layout]');
    await page.waitForSelector('[data-testid=dashboard][data-loaded="editor/L2/1"]', { timeout: 60_000 });
    await playUntil(page, report.until);
    await page.waitForFunction(() => document.querySelector('[data-testid=play-toggle]')?.getAttribute('aria-pressed') === 'false');
    const app = (await page.evaluate(
      `import('/src/app/store.ts').then(({ live, useApp }) => {
        const keys = useApp.getState().loaded.kpis.map((k) => k.key);
        return { time: live.time, kpis: Object.fromEntries(keys.map((key, i) => [key, live.kpis[i]])) };
      })`,
    )) as { time: number; kpis: Record<string, number> };
    expect(app.time).toBe(report.until);
    // Same jobs at the same moments, and every KPI bit for bit: the core computes its elementary functions itself
    // (src/core/math), so the browser and the CLI agree exactly.
    for (const [key, { mean }] of Object.entries(report.levels.L2.kpis)) expect(app.kpis[key], key).toBe(mean);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('compares two layouts side by side with replications in the worker pool', async () => {
    const { page, errors } = await openEditor();
    await buildTwoMachineLine(page);
    await page.click('[data-testid=compare-keep-a]');
    // B: the first cell twice as fast.
    await page.click('[data-testid=editor-unit-cnc-1] rect');
    await page.fill('[data-testid=field-serviceTime\\.mean]', '2.5');
    await page.press('[data-testid=field-serviceTime\\.mean]', 'Enter');
    await page.fill('[data-testid=compare-seeds]', '3');
    await page.fill('[data-testid=compare-days]', '2');
    await page.click('[data-testid=compare-run]');
    await page.waitForSelector('[data-testid=compare-table]', { timeout: 120_000 });
    const row = page.locator('[data-testid=compare-row-timeInSystem]');
    const a = Number(await row.getAttribute('data-a'));
    const b = Number(await row.getAttribute('data-b'));
    expect(b).toBeLessThan(a);
    expect((await row.textContent()) ?? '').toMatch(/±/);
    await page.screenshot({ path: 'test-results/editor-compare.png' });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('layout only: moves a unit of the petrochemical plant and shows the plant in the twin with it there', async () => {
    const { page, errors } = await openEditor();
    await page.selectOption('[data-testid=open-shipped]', 'petrochemical');
    await page.waitForSelector('[data-testid=plant-mode]');
    expect(await counts(page)).toMatchObject({ units: 6, links: 0 });
    const at = async (x: number, z: number) =>
      page.evaluate(
        ([x, z]) => {
          const point = new DOMPoint(x, z).matrixTransform((document.querySelector('[data-testid=editor-canvas]') as SVGSVGElement).getScreenCTM()!);
          return { x: point.x, y: point.y };
        },
        [x, z] as const,
      );
    const from = await at(7.5, 2);
    const to = await at(7.5, 6);
    await page.mouse.move(from.x, from.y);
    await page.mouse.down();
    await page.mouse.move(to.x, to.y, { steps: 4 });
    await page.mouse.up();
    expect(await page.locator('[data-testid=editor-unit-reactor]').getAttribute('data-z')).toBe('6');
    expect(await page.isDisabled('[data-testid=delete]')).toBe(true);

    await page.click('[data-testid=run-layout]');
    await page.waitForSelector('[data-testid=dashboard][data-loaded="petrochemical/L1/1"]', { timeout: 60_000 });
    const position = await page.evaluate(`import('/src/app/scene/layouts.ts').then(({ layoutFor }) => layoutFor('petrochemical').units.reactor.position)`);
    expect(position).toEqual([7.5, 6]);
    await page.waitForSelector('[data-testid=label-reactor]');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('refuses a malformed import with the errors listed, and loses nothing', async () => {
    const { page } = await openEditor();
    await buildTwoMachineLine(page);
    const bad = {
      kind: 'flow',
      name: 'Broken line',
      sources: [{ id: 'in', interarrival: { dist: 'exponential', mean: 1 }, routing: 'r' }],
      stations: [{ id: 'a', servers: -1, serviceTime: { dist: 'constant', value: 1 } }],
      routings: [{ id: 'r', steps: ['a', 'ghost'], sink: 'out' }],
      sinks: [{ id: 'out' }],
    };
    await page.setInputFiles('[data-testid=import-layout]', {
      name: 'broken-line.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify(bad)),
    });
    const listed = (await page.textContent('[data-testid=import-errors]')) ?? '';
    expect(listed).toContain('broken-line.json: stations[0].servers');
    expect(listed).toContain('broken-line.json: routings[0].steps[1]: unknown station "ghost"');
    expect(await counts(page)).toEqual({ units: 4, links: 3, problems: 0 });

    await page.setInputFiles('[data-testid=import-layout]', { name: 'not-json.json', mimeType: 'application/json', buffer: Buffer.from('{ "kind": "flow", ') });
    // The file is read asynchronously: wait for its own message to replace the previous file's.
    await page.waitForFunction(() => (document.querySelector('[data-testid=import-errors]')?.textContent ?? '').includes('not-json.json'));
    expect((await page.textContent('[data-testid=import-errors]')) ?? '').not.toContain('broken-line.json');
    expect(await counts(page)).toEqual({ units: 4, links: 3, problems: 0 });

    // A good file replaces the layout, as one step that undo takes back.
    const shipped = readFileSync(join(import.meta.dirname, '../factory-models/teaching/tandem5.json'), 'utf8');
    await page.setInputFiles('[data-testid=import-layout]', { name: 'tandem5.json', mimeType: 'application/json', buffer: Buffer.from(shipped) });
    await page.waitForSelector('[data-testid=import-errors]', { state: 'detached' });
    expect(await counts(page)).toMatchObject({ units: 7 });
    await page.click('[data-testid=undo]');
    expect(await counts(page)).toEqual({ units: 4, links: 3, problems: 0 });
    await page.close();
  });
});
