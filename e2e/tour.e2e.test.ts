import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { appUnderTest } from './browser.ts';

const app = appUnderTest();

async function open(): Promise<{ page: Page; errors: string[] }> {
  const page = await app.browser.newPage({ viewport: { width: 1280, height: 800 }, locale: 'en-US' });
  // Software WebGL on a shared 2-core machine can be slow: generous limits, and conditions waited for, never timed.
  page.setDefaultTimeout(120_000);
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(app.url);
  await loaded(page, '3c-machining/L1/1');
  return { page, errors };
}

async function loaded(page: Page, what: string): Promise<void> {
  await page.waitForSelector(`[data-testid=dashboard][data-loaded="${what}"]`);
}

async function step(page: Page): Promise<string> {
  return (await page.textContent('[data-testid=tour-step]')) ?? '';
}

async function caption(page: Page): Promise<string> {
  return (await page.textContent('[data-testid=tour-caption]')) ?? '';
}

async function waitReady(page: Page): Promise<void> {
  await page.waitForSelector('[data-testid=tour-status][data-ready=true]');
}

interface Readiness {
  step: string;
  ready: string;
  /** Simulated time on the clock when the step's status changed. */
  time: number;
  /** Whether the event log showed a failure then. */
  failure: boolean;
}

/**
 * Records every change of the tour's status (step, ready) with the clock and the event log at that moment, so the
 * test can check what the condition saw without racing the simulation.
 */
async function recordReadiness(page: Page): Promise<void> {
  await page.evaluate(() => {
    const records: Readiness[] = [];
    (window as unknown as { tourReadiness: Readiness[] }).tourReadiness = records;
    let last = '';
    const note = () => {
      const status = document.querySelector('[data-testid=tour-status]');
      if (!status) return;
      const step = document.querySelector('[data-testid=tour-step]')?.textContent ?? '';
      const ready = status.getAttribute('data-ready') ?? '';
      if (`${step}|${ready}` === last) return;
      last = `${step}|${ready}`;
      records.push({
        step,
        ready,
        time: Number(document.querySelector('[data-testid=sim-clock]')?.getAttribute('data-time')),
        failure: (document.querySelector('[data-testid=event-log]')?.textContent ?? '').includes('failure'),
      });
    };
    new MutationObserver(note).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-ready'] });
  });
}

async function readiness(page: Page, step: string): Promise<Readiness[]> {
  const all = await page.evaluate(() => (window as unknown as { tourReadiness: Readiness[] }).tourReadiness);
  return all.filter((r) => r.step === step);
}

async function simulatedTime(page: Page): Promise<number> {
  return Number(await page.getAttribute('[data-testid=sim-clock]', 'data-time'));
}

describe('guided tours', () => {
  it('walk the 3C plant from L1 through L2 to L3: settings as scripted, conditions honoured, captions in both languages, keys', async () => {
    const { page, errors } = await open();
    expect(await page.textContent('[data-testid=tour-select]')).toContain('3C machining');
    await recordReadiness(page);
    await page.selectOption('[data-testid=tour-select]', '3c-machining');

    // Step 1: the 3C plant at L1, run to simulated day 1, where the engine pauses exactly.
    await loaded(page, '3c-machining/L1/1');
    expect(await step(page)).toBe('Step 1 of 9');
    expect(await caption(page)).toContain('Six CNC cells');
    await waitReady(page);
    expect(await page.isEnabled('[data-testid=tour-next]')).toBe(true);
    expect(await simulatedTime(page)).toBe(24);
    // Not ready until the clock reached day 1 (24 h), then ready there.
    const first = await readiness(page, 'Step 1 of 9');
    expect(first[0]!.ready).toBe('false');
    expect(first.find((r) => r.ready === 'true')?.time).toBe(24);
    expect(await page.inputValue('[data-testid=speed-select]')).toBe('Infinity');

    // Captions follow the app's language select.
    await page.selectOption('[data-testid=language-select]', 'zh');
    expect(await caption(page)).toContain('六个 CNC 单元');
    expect(await step(page)).toBe('第 1 步，共 9 步');
    expect(await page.textContent('[data-testid=tour-next]')).toContain('下一步');
    await page.selectOption('[data-testid=language-select]', 'en');
    expect(await caption(page)).toContain('Six CNC cells');

    // Step 2 marks the six CNC cells and waits for a failure in the event log: "next" only once one was seen.
    await page.click('[data-testid=tour-next]');
    expect(await step(page)).toBe('Step 2 of 9');
    await page.waitForFunction(() => (window as unknown as { fabtwinHighlights: { marked: number } }).fabtwinHighlights.marked === 6);
    await waitReady(page);
    const second = await readiness(page, 'Step 2 of 9');
    expect(second[0]).toMatchObject({ ready: 'false', failure: false });
    const met = second.find((r) => r.ready === 'true')!;
    expect(met.failure).toBe(true);
    expect(met.time).toBeGreaterThan(24);
    // The step ran the plant, so it stops it once its condition is met: the room looks at the failure, not a race.
    // The engine pauses right after the failure: the clock shows the instant the newest (first) failure happened.
    await page.waitForSelector('[data-testid=play-toggle][aria-pressed=false]');
    const failures = await page.$$eval('[data-testid=event-log] li[data-kind=failure]', (items) => items.map((li) => Number(li.getAttribute('data-time'))));
    expect(failures).toHaveLength(1);
    expect(await simulatedTime(page)).toBe(failures[0]);

    // Keys, as a clicker sends them: next and previous (the level changes as scripted each way).
    await page.keyboard.press('ArrowRight');
    await loaded(page, '3c-machining/L2/1');
    expect(await step(page)).toBe('Step 3 of 9');
    await page.keyboard.press('PageUp');
    await loaded(page, '3c-machining/L1/1');
    expect(await step(page)).toBe('Step 2 of 9');
    await waitReady(page);
    await page.keyboard.press('PageDown');
    await loaded(page, '3c-machining/L2/1');
    await waitReady(page);
    expect(await simulatedTime(page)).toBe(48);

    // Step 4: attribution, L1 with only dispatching at L3 (the capability matrix shows it).
    await page.keyboard.press('ArrowRight');
    await loaded(page, '3c-machining/L1/1');
    await page.waitForFunction(
      () => JSON.parse(document.querySelector('[data-testid=dashboard]')?.getAttribute('data-capabilities') || '{}').dispatching === 'L3',
    );
    expect(JSON.parse((await page.getAttribute('[data-testid=dashboard]', 'data-capabilities'))!)).toMatchObject({ dispatching: 'L3', quality: 'L1' });
    expect(await page.inputValue('[data-testid=capability-dispatching]')).toBe('L3');

    // Presenter mode: large type; Escape leaves it (also when the browser took the screen and handles Escape itself).
    await page.click('[data-testid=tour-presenter]');
    await page.waitForSelector('[data-testid=tour-panel].presenter');
    await page.keyboard.press('Escape');
    await page.waitForSelector('[data-testid=tour-panel]:not(.presenter)');

    // On to the last step, each step's condition met before going on.
    for (let n = 4; n < 9; n++) {
      await waitReady(page);
      await page.click('[data-testid=tour-next]');
      expect(await step(page)).toBe(`Step ${n + 1} of 9`);
    }
    // Step 9: L3 over the whole 30 days the quoted figures are for; ready, and paused, exactly there (720 h).
    await loaded(page, '3c-machining/L3/1');
    await waitReady(page);
    const last = await readiness(page, 'Step 9 of 9');
    expect(last[0]!.ready).toBe('false');
    expect(last.find((r) => r.ready === 'true')!.time).toBe(720);
    expect(await simulatedTime(page)).toBe(720);
    expect(await page.isVisible('[data-testid=tour-next]')).toBe(false);
    await page.screenshot({ path: 'test-results/tour-last-step.png' });

    await page.click('[data-testid=tour-exit]');
    expect(await page.isVisible('[data-testid=tour-panel]')).toBe(false);
    await page.waitForFunction(() => (window as unknown as { fabtwinHighlights: { marked: number } }).fabtwinHighlights.marked === 0);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('move on by themselves on steps marked auto, once each condition is met', async () => {
    const { page, errors } = await open();
    await recordReadiness(page);
    // A tour of the teaching line made in the page (the shipped tours wait for the presenter at every step).
    const tour = {
      title: { en: 'Auto tour', zh: '自动导览' },
      description: { en: 'Test', zh: '测试' },
      plant: 'teaching/tandem5',
      source: { command: 'none' },
      steps: [
        { caption: { en: 'Run half a day', zh: '运行半天' }, speed: 'max', play: true, wait: { kind: 'time', days: 0.5 }, advance: 'auto' },
        { caption: { en: 'Run to day 1', zh: '运行到第 1 天' }, play: true, wait: { kind: 'time', days: 1 }, advance: 'auto' },
        { caption: { en: 'Done', zh: '完成' } },
      ],
    };
    // The tour menu loads after the first frame: started before it is there, the first step could pass unseen.
    await page.waitForSelector('[data-testid=tour-select]');
    // A string, so the test runner does not rewrite the page's dynamic imports; Vite serves the app's own modules.
    await page.evaluate(
      `Promise.all([import('/src/app/tour/tour.ts'), import('/src/app/tour/tours.ts'), import('/src/app/tour/player.ts')]).then(([schema, shipped, player]) => {
        const tour = schema.parseTour(${JSON.stringify(tour)}, 'auto-tour.json');
        shipped.tours.push({ id: 'auto-tour', file: 'auto-tour.json', tour, settings: schema.resolveSteps(tour) });
        player.startTour('auto-tour');
      })`,
    );
    await page.waitForFunction(() => document.querySelector('[data-testid=tour-step]')?.textContent === 'Step 3 of 3');
    expect(await caption(page)).toBe('Done');
    const first = await readiness(page, 'Step 1 of 3');
    expect(first[0]!.ready).toBe('false');
    const second = await readiness(page, 'Step 2 of 3');
    expect(second[0]!.ready).toBe('false');
    // Each step paused exactly at its time (720 and 1,440 min) and the tour moved on from there by itself.
    expect(second[0]!.time).toBe(720);
    expect((await readiness(page, 'Step 3 of 3'))[0]!.time).toBe(1440);
    expect(await simulatedTime(page)).toBe(1440);
    expect(errors).toEqual([]);
    await page.close();
  });
});
