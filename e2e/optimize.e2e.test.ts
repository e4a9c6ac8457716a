import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { optimize, parseStudy } from '../src/core/optimize/index.ts';
import { appUnderTest } from './browser.ts';

const app = appUnderTest();

/** Station 3 of the tandem line (mean service 0.7 min) with one to three servers, each server costing 2 min of the objective. */
const STUDY = {
  model: 'teaching/tandem5',
  level: 'L1',
  until: 720,
  variables: [{ path: 'stations[2].servers', min: 1, max: 3, step: 1 }],
  objective: {
    direction: 'minimize',
    terms: [
      { kpi: 'timeInSystem', weight: 1 },
      { variable: 'stations[2].servers', weight: 2 },
    ],
  },
  pareto: [
    { kpi: 'timeInSystem', direction: 'minimize' },
    { variable: 'stations[2].servers', direction: 'minimize' },
  ],
  search: { evaluations: 10, replications: 3, seed: 1 },
  selection: { candidates: 3, indifferenceZone: 0.5, confidence: 0.95, firstStage: 5, maxReplications: 30 },
};

describe('optimising in the Experiments view', () => {
  it('runs a study in the worker pool with live progress, and gets the numbers the CLI gets', async () => {
    const page = await app.browser.newPage({ viewport: { width: 1280, height: 1000 }, locale: 'en-US' });
    page.setDefaultTimeout(120_000);
    const errors: string[] = [];
    page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${app.url}#experiments`);
    await page.waitForSelector('[data-testid=experiments-view]');
    await page.selectOption('[data-testid=experiments-plant]', 'teaching/tandem5');
    // The panel starts from a study built on the model's own parameters.
    expect(JSON.parse(await page.inputValue('[data-testid=optimize-study]')).model).toBe('teaching/tandem5');
    await page.fill('[data-testid=optimize-study]', JSON.stringify(STUDY, null, 2));
    await page.click('[data-testid=optimize-run]');
    await page.waitForSelector('[data-testid=optimize-best]');
    expect(await page.getAttribute('[data-testid=optimize-progress]', 'data-evaluations')).toBe('3');
    expect(await page.textContent('[data-testid=optimize-statement]')).toMatch(/Kim-Nelson KN/);
    expect(await page.locator('[data-testid=optimize-explored] tbody tr').count()).toBe(3);
    expect(await page.locator('[data-testid=optimize-curve] polyline').count()).toBe(1);
    // Two criteria: every explored point is drawn, the front marked.
    expect(await page.locator('[data-testid=optimize-pareto] circle').count()).toBe(3);
    await page.screenshot({ path: 'test-results/optimize-panel.png', fullPage: true });

    const model = JSON.parse(readFileSync('factory-models/teaching/tandem5.json', 'utf8'));
    const cli = optimize(model, parseStudy(JSON.stringify(STUDY), 'study'), 'tandem5.json');
    expect(await page.getAttribute('[data-testid=optimize-best]', 'data-point')).toBe(cli.best.point.join(','));
    expect(Number(await page.getAttribute('[data-testid=optimize-best]', 'data-mean'))).toBe(cli.best.objective.mean);
    expect(await page.getAttribute('[data-testid=optimize-pareto]', 'data-front')).toBe(String(cli.pareto!.front.length));

    // A study the schema refuses says where.
    await page.fill('[data-testid=optimize-study]', JSON.stringify({ ...STUDY, variables: [] }));
    await page.click('[data-testid=optimize-run]');
    expect(await page.textContent('[data-testid=optimize-error]')).toMatch(/study: variables/);
    expect(errors).toEqual([]);
    await page.close();
  });
});
