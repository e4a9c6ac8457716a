import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { appUnderTest } from './browser.ts';

const app = appUnderTest();
const run = promisify(execFile);

async function open(): Promise<{ page: Page; errors: string[] }> {
  const page = await app.browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'en-US', acceptDownloads: true });
  // Software rendering and six engineers on two cores: generous limits, and waits on conditions, never on timing.
  page.setDefaultTimeout(120_000);
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(`${app.url}#experiments`);
  await page.waitForSelector('[data-testid=experiments-view]');
  return { page, errors };
}

describe('the Experiments view', () => {
  it('runs a small sweep in workers, plots it with its table, and the exported JSON replays through the CLI to the same numbers', async () => {
    const { page, errors } = await open();
    await page.selectOption('[data-testid=experiments-plant]', 'teaching/mm1');
    await page.selectOption('[data-testid=experiments-parameter]', 'stations[0].servers');
    await page.fill('[data-testid=experiments-from]', '1');
    await page.fill('[data-testid=experiments-to]', '3');
    await page.fill('[data-testid=experiments-steps]', '3');
    await page.fill('[data-testid=experiments-seeds]', '2');
    await page.fill('[data-testid=experiments-days]', '0.5');
    await page.selectOption('[data-testid=experiments-kpi]', 'timeInSystem');
    await page.click('[data-testid=experiments-run]');
    await page.waitForSelector('[data-testid=sweep-chart][data-points="3"] canvas');
    expect(await page.locator('[data-testid=sweep-table] tbody tr').count()).toBe(3);
    const means = JSON.parse((await page.getAttribute('[data-testid=sweep-chart]', 'data-means'))!) as number[][];
    expect(means).toHaveLength(1);
    expect(means[0]!.every((m) => Number.isFinite(m))).toBe(true);
    // One server at rho = 0.9 queues; a second one nearly removes the wait.
    expect(means[0]![1]!).toBeLessThan(means[0]![0]!);
    await page.screenshot({ path: 'test-results/experiments-sweep.png' });

    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=export-json]')]);
    const file = 'test-results/experiments-sweep.json';
    await download.saveAs(file);
    const record = JSON.parse(readFileSync(file, 'utf8'));
    expect(record.model).toBe('factory-models/teaching/mm1.json');
    expect(record.seeds).toEqual([1, 2]);
    expect(record.sweep.values).toEqual([1, 2, 3]);
    // The table shows the numbers the record holds.
    const shown = Number(await page.getAttribute('[data-testid=sweep-table] tbody tr[data-value="2"] td[data-level=L1][data-kpi=timeInSystem]', 'data-mean'));
    expect(shown).toBe(record.sweep.points[1].report.levels.L1.kpis.timeInSystem.mean);

    const [csv] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=export-csv]')]);
    const csvText = readFileSync((await csv.path())!, 'utf8')
      .trim()
      .split('\n');
    expect(csvText[0]).toBe('parameter,value,level,kpi,unit,mean,ci95,n');
    expect(csvText).toHaveLength(1 + 3 * 4);
    const [png] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=export-png]')]);
    expect(png.suggestedFilename()).toMatch(/\.png$/);
    expect([...readFileSync((await png.path())!).subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]); // PNG signature

    const { stdout, stderr } = await run('npx', ['tsx', 'src/cli/sim.ts', '--replay', file, '--format', 'json'], { maxBuffer: 1 << 24 });
    expect(stderr).toContain('replay gives the recorded numbers');
    const replayed = JSON.parse(stdout);
    expect(replayed.sweep.points).toEqual(record.sweep.points);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('names the path of a parameter the model does not have, and can cancel a running sweep', async () => {
    const { page, errors } = await open();
    await page.selectOption('[data-testid=experiments-plant]', 'teaching/mm1');
    await page.selectOption('[data-testid=experiments-parameter]', '__typed__');
    await page.fill('[data-testid=experiments-path]', 'stations[0].serverz');
    await page.fill('[data-testid=experiments-steps]', '2');
    await page.click('[data-testid=experiments-run]');
    const message = await page.textContent('[data-testid=experiments-error]');
    expect(message).toContain("stations[0].serverz: unknown path: stations[0] has no field 'serverz'");

    await page.selectOption('[data-testid=experiments-parameter]', 'stations[0].serviceTime.mean');
    await page.fill('[data-testid=experiments-days]', '200');
    await page.fill('[data-testid=experiments-seeds]', '10');
    await page.click('[data-testid=experiments-run]');
    await page.click('[data-testid=experiments-cancel]');
    await page.waitForSelector('[data-testid=experiments-status][data-running=false]');
    expect(await page.textContent('[data-testid=experiments-status]')).toContain('Sweep cancelled.');
    expect(await page.locator('[data-testid=sweep-chart]').count()).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  });
});
