import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { parseInstance } from '../src/core/scheduling/instance.ts';
import { compileRule, runExpressionRule } from '../src/core/scheduling/expression.ts';
import { checkWeights, runLearned } from '../src/core/scheduling/learned.ts';
import { parseBoundsFile } from '../src/core/scheduling/catalog.ts';
import { runBoard, type BoardInstance } from '../src/core/scheduling/leaderboard.ts';
import { appUnderTest } from './browser.ts';
import { main as sim } from '../src/cli/sim.ts';

const app = appUnderTest();
const read = (path: string) => readFileSync(new URL(`../${path}`, import.meta.url), 'utf8');
const FT06 = parseInstance(read('data/jsplib/instances/ft06'), 'ft06');
const BOUNDS = parseBoundsFile(read('data/jsplib/bounds.json'));
const WEIGHTS = checkWeights(JSON.parse(read('src/core/scheduling/dispatcher-weights.json')));

async function openLab(url = `${app.url}#lab`): Promise<{ page: Page; errors: string[] }> {
  const page = await app.browser.newPage({ viewport: { width: 1400, height: 1000 }, locale: 'en-US' });
  page.setDefaultTimeout(120_000);
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(url);
  await page.waitForSelector('[data-testid=instance-info][data-name=ft06]');
  return { page, errors };
}

async function lastRow(page: Page) {
  const rows = page.locator('[data-testid=run-row]');
  const index = (await rows.count()) - 1;
  await page.waitForFunction((i) => document.querySelectorAll('[data-testid=run-row]')[i]?.getAttribute('data-status') !== 'running', index);
  return rows.nth(index);
}

describe('rules of your own in the scheduling lab', () => {
  it('points at the column of a syntax error, lists the features for an unknown name, runs a valid rule and names a rule giving infinity', async () => {
    const { page, errors } = await openLab();
    await page.fill('[data-testid=rule-input]', 'p + * 3');
    await page.waitForSelector('[data-testid=rule-error][data-column="5"]');
    expect(await page.textContent('[data-testid=rule-error]')).toContain('Expected expression after +');
    expect(await page.isDisabled('[data-testid=rule-run]')).toBe(true);

    await page.fill('[data-testid=rule-input]', 'p / remaining_wrk');
    await page.waitForSelector('[data-testid=rule-error][data-column="5"]');
    const unknown = (await page.textContent('[data-testid=rule-error]'))!;
    for (const feature of ['remaining_work', 'remaining_ops', 'next_queue_work', 'waiting', 'slack', 'queue_length']) expect(unknown).toContain(feature);

    await page.fill('[data-testid=rule-input]', 'p / remaining_work');
    await page.waitForSelector('[data-testid=rule-error]', { state: 'detached' });
    await page.click('[data-testid=rule-run]');
    const row = await lastRow(page);
    expect(await row.getAttribute('data-method')).toBe('own');
    expect(await row.getAttribute('data-status')).toBe('done');
    expect(Number(await row.getAttribute('data-makespan'))).toBe(runExpressionRule(FT06, compileRule('p / remaining_work')).makespan);
    await page.waitForFunction(
      (m) => document.querySelector('[data-testid=makespan]')?.textContent === String(m),
      runExpressionRule(FT06, compileRule('p / remaining_work')).makespan,
    );

    await page.fill('[data-testid=rule-input]', '1 / waiting');
    await page.click('[data-testid=rule-run]');
    const failed = await lastRow(page);
    expect(await failed.getAttribute('data-status')).toBe('error');
    expect(await failed.textContent()).toMatch(/gives Infinity for job \d+, operation \d+/);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('saves a named rule, ranks it on ta01-10 beside built-in rules, the learned dispatcher and tabu search, and shares it in a link', async () => {
    const { page, errors } = await openLab();
    await page.fill('[data-testid=rule-name]', 'ratio');
    await page.fill('[data-testid=rule-input]', 'p / remaining_work');
    await page.click('[data-testid=rule-save]');
    await page.waitForSelector('[data-testid=saved-rule][data-name=ratio]');

    await page.selectOption('[data-testid=board-group]', 'ta01-10');
    await page.fill('[data-testid=board-tabu-iterations]', '300');
    await page.click('[data-testid=board-run]');
    await page.waitForSelector('[data-testid=leaderboard][data-status=done]');
    const rows = await page.$$eval('[data-testid=leaderboard-row]', (elements) =>
      elements.map((e) => ({
        key: e.getAttribute('data-key')!,
        mean: Number(e.getAttribute('data-mean')),
        ci: Number(e.getAttribute('data-ci')),
        count: Number(e.getAttribute('data-count')),
      })),
    );
    // The same board computed here by the core in Node: the browser's figures must be the same numbers.
    const instances: BoardInstance[] = Array.from({ length: 10 }, (_, i) => {
      const name = `ta${String(i + 1).padStart(2, '0')}`;
      return { instance: parseInstance(read(`data/jsplib/instances/${name}`), name, name), bound: BOUNDS.get(name)!.upperBound };
    });
    const expected = runBoard(instances, [
      { kind: 'rule', rule: 'fifo' },
      { kind: 'rule', rule: 'spt' },
      { kind: 'rule', rule: 'mwkr' },
      { kind: 'rule', rule: 'mor' },
      { kind: 'expression', name: 'ratio', expression: 'p / remaining_work', highestFirst: false },
      { kind: 'learned', name: 'shipped', weights: WEIGHTS },
      { kind: 'tabu', iterations: 300, seed: 1 },
    ]);
    expect(rows.map((r) => r.key)).toEqual(expected.map((r) => r.key));
    rows.forEach((row, i) => {
      expect(row.count).toBe(10);
      expect(row.mean).toBeCloseTo(expected[i]!.meanGap, 9);
      expect(row.ci).toBeCloseTo(expected[i]!.ci95, 9);
      expect(row.ci).toBeGreaterThan(0);
    });
    expect(rows[0]!.key).toBe('tabu:300:1');
    await page.screenshot({ path: 'test-results/lab-leaderboard.png', fullPage: true });

    // The link carries the saved rule: a fresh browser context (no saved rules) opening it has it.
    await page.click('[data-testid=share-link]');
    await page.waitForSelector('[data-testid=share-url]');
    const url = await page.inputValue('[data-testid=share-url]');
    expect(errors).toEqual([]);
    await page.close();
    const fresh = await app.browser.newPage({ locale: 'en-US' });
    await fresh.goto(`${app.url}#lab`);
    await fresh.waitForSelector('[data-testid=instance-info][data-name=ft06]');
    expect(await fresh.locator('[data-testid=saved-rule]').count()).toBe(0);
    await fresh.close();
    const opened = await openLab(`${url}#lab`);
    await opened.page.waitForSelector('[data-testid=saved-rule][data-name=ratio][data-expression="p / remaining_work"]');
    expect(opened.errors).toEqual([]);
    await opened.page.close();
  });

  it('trains a dispatcher in a worker with a live curve, pause, resume and stop; runs, exports and imports the policy', async () => {
    const { page, errors } = await openLab();
    const status = async () => ({
      status: await page.getAttribute('[data-testid=train-status]', 'data-status'),
      iteration: Number(await page.getAttribute('[data-testid=train-status]', 'data-iteration')),
    });
    await page.uncheck('[data-testid=train-size-15x15]');
    await page.selectOption('[data-testid=train-width]', '8');
    await page.fill('[data-testid=train-iterations]', '100000');
    await page.click('[data-testid=train-start]');
    // The curve grows while it trains.
    await page.waitForFunction(() => Number(document.querySelector('[data-testid=learning-curve]')?.getAttribute('data-points')) >= 3);
    await page.click('[data-testid=train-pause]');
    await page.waitForSelector('[data-testid=train-status][data-status=paused]');
    await page.waitForTimeout(300); // a slice already running ends and reports
    const paused = await status();
    await page.waitForTimeout(1500);
    expect(await status()).toEqual(paused);
    await page.click('[data-testid=train-resume]');
    await page.waitForFunction((i) => Number(document.querySelector('[data-testid=train-status]')?.getAttribute('data-iteration')) > i, paused.iteration);
    await page.waitForFunction(() => Number(document.querySelector('[data-testid=learning-curve]')?.getAttribute('data-points')) >= 8);
    await page.click('[data-testid=train-stop]');
    await page.waitForSelector('[data-testid=train-status][data-status=stopped]');
    await page.waitForSelector('[data-testid=trained-policy][data-from=training][data-hidden="8"]');
    const curve = page.locator('[data-testid=learning-curve]');
    const last = Number(await curve.getAttribute('data-last-gap'));
    const spt = Number(await curve.getAttribute('data-spt'));
    expect(last).toBeLessThan(spt); // a few seconds of training already beat SPT on the validation set

    // Export: the file is valid weights, and running them in Node gives the makespan the lab shows.
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=train-export]')]);
    const exported = checkWeights(JSON.parse(readFileSync((await download.path())!, 'utf8')), 'download');
    expect(exported.hidden).toBe(8);
    await page.click('[data-testid=train-run]');
    const row = await lastRow(page);
    expect(await row.getAttribute('data-method')).toBe('trained');
    expect(Number(await row.getAttribute('data-makespan'))).toBe(runLearned(FT06, exported).makespan);

    // Import: a broken file is refused naming it; the exported file comes back as the trained policy.
    const dir = mkdtempSync(join(tmpdir(), 'fabtwin-'));
    writeFileSync(join(dir, 'broken.json'), '{"format":"fabtwin-dispatcher/1"}');
    await page.setInputFiles('[data-testid=train-import]', join(dir, 'broken.json'));
    await page.waitForSelector('[data-testid=train-error]');
    expect(await page.textContent('[data-testid=train-error]')).toContain('broken.json: invalid dispatcher weights');
    await page.setInputFiles('[data-testid=train-import]', (await download.path())!);
    await page.waitForSelector('[data-testid=trained-policy][data-from=file]');
    expect(errors).toEqual([]);
    await page.close();
  });
  it('a rule drives the 3C plant in the live twin: its KPIs are those of sim --dispatch-rule', async () => {
    const { page, errors } = await openLab();
    await page.fill('[data-testid=rule-input]', 'slack');
    await page.waitForSelector('[data-testid=rule-error]', { state: 'detached' });
    await page.click('[data-testid=rule-in-plant]');
    const dashboard = await page.waitForSelector('[data-testid=dashboard][data-loaded^="3c-machining+rule/L1/"]', { timeout: 60_000 });
    const seed = Number((await dashboard.getAttribute('data-loaded'))!.split('/')[2]);
    // Past the plant's 7-day warm-up, so the KPIs have values.
    const until = 9 * 24;
    await page.evaluate(
      `import('/src/app/engine/client.ts').then((client) => {
        client.send({ type: 'speed', factor: Infinity });
        client.send({ type: 'play', until: ${until} });
      })`,
    );
    await page.waitForFunction((t) => Number(document.querySelector('[data-testid=sim-clock]')?.getAttribute('data-time')) >= t, until, { timeout: 120_000 });
    await page.waitForTimeout(500); // the HUD writes the last frame's numbers on the next animation frame
    const card = Number(((await page.textContent('[data-testid=kpi-efficiency] .kpi-value span')) ?? '').replace(/,/g, ''));
    let out = '';
    const args = ['factory-models/3c-machining.json', '--level', 'L1', '--seed', String(seed), '--seeds', '1', '--until', String(until), '--format', 'json'];
    expect(sim([...args, '--dispatch-rule', 'slack'], { out: (t) => (out += t), err: () => {} })).toBe(0);
    const withRule = (JSON.parse(out) as { levels: { L1: { kpis: { efficiency: { mean: number } } } } }).levels.L1.kpis.efficiency.mean;
    out = '';
    expect(sim(args, { out: (t) => (out += t), err: () => {} })).toBe(0);
    const plain = (JSON.parse(out) as { levels: { L1: { kpis: { efficiency: { mean: number } } } } }).levels.L1.kpis.efficiency.mean;
    expect(withRule).not.toBe(plain);
    // The card shows the value rounded for display.
    expect(Math.abs(card - withRule) / withRule).toBeLessThan(0.01);
    expect(errors).toEqual([]);
    await page.close();
  });
});
