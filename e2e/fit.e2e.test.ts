import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { gammaDistribution, weibullDistribution } from '../src/core/fit/index.ts';
import { createStream } from '../src/core/random/stream.ts';
import { appUnderTest } from './browser.ts';

const app = appUnderTest();
const scratch = mkdtempSync(join(tmpdir(), 'fabtwin-fit-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

async function openEditorWithCell(): Promise<{ page: Page; errors: string[] }> {
  const page = await app.browser.newPage({ viewport: { width: 1400, height: 900 }, locale: 'en-US' });
  page.setDefaultTimeout(90_000);
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(`${app.url}#editor`);
  await page.waitForSelector('[data-testid=editor-canvas]');
  await page.click('[data-testid=palette-cnc]');
  const at = await page.evaluate(() => {
    const svg = document.querySelector('[data-testid=editor-canvas]') as SVGSVGElement;
    const point = new DOMPoint(5, 0).matrixTransform(svg.getScreenCTM()!);
    return { x: point.x, y: point.y };
  });
  await page.mouse.click(at.x, at.y);
  await page.keyboard.press('Escape');
  await page.click('[data-testid=editor-unit-cnc-1] rect');
  await page.waitForSelector('[data-testid=fit-open]');
  return { page, errors };
}

const rng = createStream(5, 'fit-e2e');
const cycleTimes = Array.from({ length: 300 }, () => gammaDistribution(4, 1.25).sample(rng).toFixed(4));

describe('fitting distributions in the editor', () => {
  it('pastes cycle times, shows the ranked fits with histogram and Q-Q plot, and writes the chosen one into the station', async () => {
    const { page, errors } = await openEditorWithCell();
    await page.click('[data-testid=fit-open]');
    await page.fill('[data-testid=fit-text]', cycleTimes.join('\n'));
    await page.click('[data-testid=fit-run]');
    await page.waitForSelector('[data-testid=fit-table]');
    expect(await page.locator('[data-testid=fit-table] tbody tr').count()).toBe(8); // seven families and the empirical
    expect(await page.textContent('[data-testid=fit-summary]')).toMatch(/n = 300/);
    // The histogram draws the density of the three best fits at least; the Q-Q plot has one point per order statistic.
    expect(await page.locator('[data-testid=fit-histogram] polyline').count()).toBeGreaterThanOrEqual(3);
    expect(Number(await page.getAttribute('[data-testid=fit-qq]', 'data-points'))).toBe(300);
    await page.click('[data-testid=fit-choice-gamma]');
    expect(await page.getAttribute('[data-testid=fit-row-gamma]', 'data-selected')).toBe('true');
    expect(await page.textContent('[data-testid=fit-qq]')).toBeDefined();
    await page.screenshot({ path: 'test-results/fit-dialog.png' });
    await page.click('[data-testid=fit-apply]');
    expect(await page.textContent('[data-testid=fit-message]')).toMatch(/Written into cnc-1/);
    await page.click('[data-testid=fit-close]');
    // The station's panel now shows the written gamma with its fitted parameters.
    expect(await page.inputValue('[data-testid=field-serviceTime\\.dist]')).toBe('gamma');
    const shape = Number(await page.inputValue('[data-testid=field-serviceTime\\.shape]'));
    const scale = Number(await page.inputValue('[data-testid=field-serviceTime\\.scale]'));
    expect(shape * scale).toBeCloseTo(cycleTimes.reduce((a, b) => a + Number(b), 0) / 300, 6);
    expect(shape).toBeGreaterThan(3);
    expect(shape).toBeLessThan(5.5);
    // One undo step takes it back.
    await page.keyboard.press('Control+z');
    expect(await page.inputValue('[data-testid=field-serviceTime\\.dist]')).toBe('lognormal');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('imports a CSV file, picks a column, fits times between failures and names the line of bad data', async () => {
    const { page, errors } = await openEditorWithCell();
    const lives = createStream(8, 'fit-e2e-lives');
    const rows = Array.from({ length: 200 }, (_, i) => `${i + 1},${weibullDistribution(2.2, 300).sample(lives).toFixed(3)}`);
    const file = join(scratch, 'lives.csv');
    writeFileSync(file, `event,hours\n${rows.join('\n')}\n`);
    await page.click('[data-testid=fit-open]');
    await page.selectOption('[data-testid=fit-target]', 'failures');
    await page.setInputFiles('[data-testid=fit-file]', file);
    await page.waitForSelector('[data-testid=fit-column]');
    await page.selectOption('[data-testid=fit-column]', 'hours');
    await page.click('[data-testid=fit-run]');
    await page.waitForSelector('[data-testid=fit-table]');
    expect(await page.textContent('[data-testid=fit-summary]')).toMatch(/^lives\.csv: n = 200/);
    // Only the families a failure model can use are fitted, and Weibull leads for Weibull lives.
    expect(await page.locator('[data-testid=fit-table] tbody tr').count()).toBe(5);
    expect(await page.getAttribute('[data-testid=fit-row-weibull]', 'data-selected')).toBe('true');
    // The station has no repair time yet: the dialog says why it cannot write failures alone.
    await page.click('[data-testid=fit-apply]');
    expect(await page.textContent('[data-testid=fit-message]')).toMatch(/needs a repair time with failures/);

    await page.fill('[data-testid=fit-text]', 'hours\n12\n15\nn/a\n');
    await page.click('[data-testid=fit-run]');
    expect(await page.textContent('[data-testid=fit-error]')).toBe('pasted data: line 4, column "hours": expected a number, got "n/a"');
    expect(errors).toEqual([]);
    await page.close();
  });
});
