/**
 * The app under hostile links (issue 13): units named like Object.prototype members, a run length of 1e308, a link
 * longer than the servers' header limit, and a carried model that loops at one instant. Each case either works or says
 * what was wrong, keeps what was shown before, and leaves the app responsive (Play, Pause and Reset answer).
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { encodeScenario, scenarioUrl, type Scenario } from '../src/app/share/scenario.ts';
import { appUnderTest } from './browser.ts';

const app = appUnderTest();

async function newPage(): Promise<{ page: Page; errors: string[] }> {
  const page = await app.browser.newPage({ viewport: { width: 1280, height: 800 }, locale: 'en-US' });
  // Software WebGL on a shared 2-core machine can be slow: generous limits, and conditions waited for, never timed.
  page.setDefaultTimeout(120_000);
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  return { page, errors };
}

async function loaded(page: Page, what: string): Promise<void> {
  await page.waitForSelector(`[data-testid=dashboard][data-loaded="${what}"]`);
}

async function link(scenario: Omit<Scenario, 'overrides' | 'speed' | 'level' | 'seed'> & Partial<Scenario>): Promise<string> {
  const url = new URL(app.url);
  return scenarioUrl(url, await encodeScenario({ level: 'L1', overrides: {}, seed: 1, speed: 'max', ...scenario }));
}

const clock = (page: Page) => page.getAttribute('[data-testid=sim-clock]', 'data-time').then(Number);

/** The app still runs: Play advances the clock, Pause stops it, Reset goes back to 0. */
async function responsive(page: Page): Promise<void> {
  await page.click('[data-testid=play-toggle]');
  await page.waitForFunction(() => Number(document.querySelector('[data-testid=sim-clock]')?.getAttribute('data-time')) > 0);
  await page.click('[data-testid=play-toggle]');
  await page.waitForSelector('[data-testid=play-toggle][aria-pressed=false]');
  await page.waitForTimeout(300); // frames already in flight arrive
  const paused = await clock(page);
  await page.waitForTimeout(500);
  expect(await clock(page)).toBe(paused);
  await page.click('[data-testid=reset-button]');
  await page.waitForFunction(() => Number(document.querySelector('[data-testid=sim-clock]')?.getAttribute('data-time')) === 0);
}

const line = (ids: { source: string; station: string; sink: string }, extra: Record<string, unknown> = {}) => ({
  kind: 'flow',
  name: 'Hostile line',
  timeUnit: 'minute',
  sources: [{ id: ids.source, interarrival: { dist: 'exponential', mean: 1 }, routing: 'main' }],
  stations: [{ id: ids.station, serviceTime: { dist: 'exponential', mean: 0.8 } }],
  routings: [{ id: 'main', steps: [ids.station], sink: ids.sink }],
  sinks: [{ id: ids.sink }],
  ...extra,
});

describe('hostile links', () => {
  it('units named constructor, toString and hasOwnProperty open and run', async () => {
    const { page, errors } = await newPage();
    const ids = { source: 'constructor', station: 'toString', sink: 'hasOwnProperty' };
    const scene = { units: { toString: { position: [4, 0], rotation: 0, kind: 'cnc' }, constructor: { position: [0, 0], rotation: 0 } } };
    await page.goto(await link({ plant: 'custom:proto', custom: { id: 'custom:proto', file: 'proto.json', model: line(ids), scene }, time: 30 }));
    await page.waitForSelector('[data-share-status=reproduced]');
    await loaded(page, 'custom:proto/L1/1');
    expect(await page.$('[role=alert]')).toBeNull();
    await responsive(page);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('a run length of 1e308 is refused, the plant shown before stays and runs', async () => {
    const { page, errors } = await newPage();
    await page.goto(await link({ plant: 'teaching/mm1', time: 1e308 }));
    await page.waitForSelector('[data-testid=share-error][data-problem=settings]');
    expect(await page.textContent('[data-testid=share-error]')).toContain('what was shown before is kept');
    expect(await page.textContent('[data-testid=share-error]')).toContain('the limit on a run');
    // The plant shown before: the app's first view (the 3C plant at L1, seed 1).
    await loaded(page, '3c-machining/L1/1');
    await responsive(page);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('a link longer than the servers accept in a query travels in the fragment and opens', async () => {
    const { page, errors } = await newPage();
    // A description of pseudo-random letters does not compress: the payload is far above 16 KB.
    let state = 0x9e3779b9;
    const letter = () => {
      state ^= state << 13;
      state ^= state >>> 17;
      state ^= state << 5;
      return String.fromCharCode(97 + ((state >>> 0) % 26));
    };
    const noise = Array.from({ length: 40_000 }, letter).join('');
    const url = await link({
      plant: 'custom:long',
      custom: { id: 'custom:long', file: 'long.json', model: line({ source: 'in', station: 'cell', sink: 'out' }, { description: noise }) },
      time: 20,
    });
    expect(url.length).toBeGreaterThan(20_000);
    expect(new URL(url).search).toBe('');
    await page.goto(url);
    await page.waitForSelector('[data-share-status=reproduced]');
    await loaded(page, 'custom:long/L1/1');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('a carried model that loops at one instant stops with the channel named; the previous plant comes back', async () => {
    const { page, errors } = await newPage();
    const model = line({ source: 'flood', station: 'cell', sink: 'out' });
    model.sources[0]!.interarrival = { dist: 'constant', value: 0 } as never;
    (model.sources[0] as Record<string, unknown>).limit = 1e9;
    await page.goto(await link({ plant: 'custom:flood', custom: { id: 'custom:flood', file: 'flood.json', model }, time: 10 }));
    await page.waitForSelector('[data-testid=share-error][data-problem=model]');
    const message = await page.textContent('[data-testid=share-error]');
    expect(message).toContain('what was shown before is kept');
    expect(message).toContain('no progress in simulated time, 1.0e6 events at t=0 without the clock moving; a zero-time loop on channel \'arrival\' ("flood")');
    // The plant shown before: the app's first view (the 3C plant at L1, seed 1).
    await loaded(page, '3c-machining/L1/1');
    await responsive(page);
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe('scheduling lab with hostile files', () => {
  it('a 2^53-1 duration is refused with its line; a picked file gets its bound from the worker; the page stays responsive', async () => {
    const { page, errors } = await newPage();
    await page.goto(`${app.url}#lab`);
    await page.waitForSelector('[data-testid=instance-info][data-name=ft06]');
    const pick = (name: string, text: string) =>
      page.setInputFiles('[data-testid=instance-input]', { name, mimeType: 'text/plain', buffer: Buffer.from(text) });
    await pick('huge.txt', `2 2\n0 ${2 ** 53 - 1} 1 3\n1 2 0 4\n`);
    await page.waitForSelector('[data-testid=lab-error]');
    expect(await page.textContent('[data-testid=lab-error]')).toContain('huge.txt');
    expect(await page.textContent('[data-testid=lab-error]')).toMatch(/at most 1000000000 \(the limit of an instance\)/);
    expect(await page.getAttribute('[data-testid=instance-info]', 'data-name')).toBe('ft06');

    await pick('zeros.txt', '2 2\n0 0 1 0\n1 0 0 0\n');
    await page.waitForFunction(() => document.querySelector('[data-testid=lab-error]')?.textContent?.includes('zeros.txt'));
    expect(await page.textContent('[data-testid=lab-error]')).toContain('at least one positive duration');

    // Machine 0 runs job 0's 5, then job 1's 6 after its 4 on machine 1: lower bound 11, computed in the lab's worker.
    await pick('small.txt', '2 2\n0 5 1 3\n1 4 0 6\n');
    await page.waitForSelector('[data-testid=instance-info][data-name=small]');
    await page.waitForFunction(() => document.querySelector('[data-testid=instance-bound]')?.textContent?.includes('lower bound 11'));
    await page.selectOption('[data-testid=method-select]', 'spt');
    await page.click('[data-testid=run-button]');
    await page.waitForSelector('[data-testid=run-row][data-status=done]');
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe('layout editor imports', () => {
  it('a layout with units named constructor, toString and hasOwnProperty imports and runs; servers 1e9 is refused with the limit', async () => {
    const { page, errors } = await newPage();
    await page.goto(`${app.url}#editor`);
    await page.waitForSelector('[data-testid=import-layout]', { state: 'attached' });
    const importFile = (name: string, content: unknown) =>
      page.setInputFiles('[data-testid=import-layout]', { name, mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(content)) });

    const huge = line({ source: 'in', station: 'cell', sink: 'out' });
    (huge.stations[0] as Record<string, unknown>).servers = 1e9;
    await importFile('huge.json', huge);
    await page.waitForFunction(() => (document.querySelector('[data-testid=import-errors]')?.textContent ?? '').includes('huge.json'));
    expect(await page.textContent('[data-testid=import-errors]')).toContain(
      'huge.json: stations[0].servers: expected at most 1000 (the limit on servers of a station), got 1000000000',
    );

    const ids = { source: 'constructor', station: 'toString', sink: 'hasOwnProperty' };
    const scene = {
      units: {
        constructor: { position: [0, 0], rotation: 0, kind: 'source' },
        toString: { position: [4, 0], rotation: 0, kind: 'cnc' },
        hasOwnProperty: { position: [8, 0], rotation: 0, kind: 'sink' },
      },
    };
    await importFile('proto.json', { ...line(ids), scene });
    await page.waitForSelector('[data-testid=editor-unit-constructor]');
    await page.waitForSelector('[data-testid=editor-unit-toString]');
    await page.waitForSelector('[data-testid=editor-unit-hasOwnProperty]');
    expect(await page.$('[data-testid=import-errors]')).toBeNull();
    await page.click('[data-testid=run-layout]');
    await page.waitForFunction(
      () =>
        (document.querySelector('[data-testid=dashboard]')?.getAttribute('data-loaded') ?? '').endsWith('/L1/1') &&
        !document.querySelector('[data-testid=dashboard]')?.getAttribute('data-loaded')?.startsWith('teaching/'),
    );
    await page.waitForSelector('[data-testid=label-toString]');
    expect(errors).toEqual([]);
    await page.close();
  });
});
