import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { parseInstance, type JobShopInstance } from '../src/core/scheduling/instance.ts';
import { repairMove } from '../src/core/scheduling/repair.ts';
import { runRule } from '../src/core/scheduling/rules.ts';
import { sequencesOf, validateOperationList, type ScheduledOperation } from '../src/core/scheduling/schedule.ts';
import { InstanceParseError } from '../src/core/scheduling/instance.ts';
import { parseInstanceFile } from '../src/app/lab/instance-file.ts';
import { appUnderTest } from './browser.ts';

const app = appUnderTest();
const FT06 = parseInstance(readFileSync(new URL('../data/jsplib/instances/ft06', import.meta.url), 'utf8'), 'ft06');

/** Opens the lab (it loads ft06 first) and collects console errors and uncaught page errors. */
async function openLab(): Promise<{ page: Page; errors: string[] }> {
  const page = await app.browser.newPage({ viewport: { width: 1400, height: 900 }, locale: 'en-US' });
  // Generous limits for software rendering on a shared 2-core machine; never timing assertions.
  page.setDefaultTimeout(120_000);
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(`${app.url}#lab`);
  await page.waitForSelector('[data-testid=instance-info][data-name=ft06]');
  return { page, errors };
}

async function run(page: Page, method: string): Promise<number> {
  const before = await page.locator('[data-testid=run-row]').count();
  await page.selectOption('[data-testid=method-select]', method);
  await page.click('[data-testid=run-button]');
  const row = page.locator('[data-testid=run-row]').nth(before);
  await page.waitForFunction((index) => document.querySelectorAll('[data-testid=run-row]')[index]?.getAttribute('data-status') === 'done', before);
  return Number(await row.getAttribute('data-makespan'));
}

/** The Gantt chart's bars as the DOM shows them. */
async function bars(page: Page): Promise<(ScheduledOperation & { position: number; critical: boolean })[]> {
  return page.$$eval('[data-testid=gantt] [data-testid=gantt-bar]', (elements) =>
    elements.map((e) => {
      const d = (e as SVGElement).dataset;
      return {
        job: Number(d.job),
        operation: Number(d.operation),
        machine: Number(d.machine),
        start: Number(d.start),
        end: Number(d.end),
        position: Number(d.position),
        critical: d.critical === 'true',
      };
    }),
  );
}

/** The validity rules checked on the bars: every operation once, on its machine, for its duration, no overlaps, job order. */
function expectValidGantt(instance: JobShopInstance, list: ScheduledOperation[], makespan: number): void {
  expect(list).toHaveLength(instance.jobs * instance.machines);
  expect(validateOperationList(instance, list)).toEqual([]);
  // The same rules spelled out, independent of the core's checker.
  for (let machine = 0; machine < instance.machines; machine++) {
    const row = list.filter((b) => b.machine === machine).sort((a, b) => a.start - b.start);
    for (let i = 1; i < row.length; i++) expect(row[i]!.start).toBeGreaterThanOrEqual(row[i - 1]!.end);
  }
  for (let job = 0; job < instance.jobs; job++) {
    const ops = list.filter((b) => b.job === job).sort((a, b) => a.operation - b.operation);
    for (let k = 1; k < ops.length; k++) expect(ops[k]!.start).toBeGreaterThanOrEqual(ops[k - 1]!.end);
  }
  expect(Math.max(...list.map((b) => b.end))).toBe(makespan);
}

async function shownMakespan(page: Page): Promise<number> {
  return Number(await page.textContent('[data-testid=makespan]'));
}

describe('the scheduling lab', () => {
  it('loads ft06, runs tabu search to makespan 55 and draws a valid Gantt chart with the critical path', async () => {
    const { page, errors } = await openLab();
    expect(await page.textContent('[data-testid=instance-bound]')).toContain('55');
    expect(await run(page, 'tabu')).toBe(55);
    await page.waitForFunction(() => document.querySelector('[data-testid=makespan]')?.textContent === '55');
    const list = await bars(page);
    expectValidGantt(FT06, list, 55);
    // The critical path: from time 0 to the makespan, its durations adding up to 55.
    const critical = list.filter((b) => b.critical).sort((a, b) => a.start - b.start);
    expect(critical[0]!.start).toBe(0);
    expect(critical[critical.length - 1]!.end).toBe(55);
    expect(critical.reduce((sum, b) => sum + b.end - b.start, 0)).toBe(55);
    // The comparison table: bound 55, gap 0.00.
    const row = page.locator('[data-testid=run-row]').first();
    expect(await row.textContent()).toContain('0.00');
    // The learned dispatcher and a rule beside it, then hover details and zoom.
    expect(await run(page, 'rl')).toBeGreaterThanOrEqual(55);
    expect(await run(page, 'spt')).toBe(runRule(FT06, 'spt').makespan);
    expect(await page.locator('[data-testid=run-row]').count()).toBe(3);
    const firstBar = page.locator('[data-testid=gantt-bar]').first();
    await firstBar.hover();
    await page.waitForSelector('[data-testid=gantt-tooltip]:not([hidden])');
    expect(await page.textContent('[data-testid=gantt-tooltip]')).toMatch(/Job \d+, operation \d+, machine \d+/);
    const span = Number(await page.getAttribute('[data-testid=gantt]', 'data-span'));
    await page.click('[data-testid=gantt-zoom-in]');
    await page.waitForFunction((before) => Number(document.querySelector('[data-testid=gantt]')?.getAttribute('data-span')) < before, span);
    await page.selectOption('[data-testid=language-select]', 'zh');
    expect(await page.textContent('[data-testid=lab]')).toContain('调度实验室');
    await page.screenshot({ path: 'test-results/lab-ft06-tabu.png' });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('shows tabu search improving live on ta01 and stops it on request with the best schedule so far', async () => {
    const { page, errors } = await openLab();
    await page.selectOption('[data-testid=instance-select]', 'ta01');
    await page.waitForSelector('[data-testid=instance-info][data-name=ta01]');
    await page.selectOption('[data-testid=method-select]', 'tabu');
    await page.selectOption('[data-testid=tabu-limit-kind]', 'time');
    await page.fill('[data-testid=tabu-seconds]', '600');
    await page.click('[data-testid=run-button]');
    await page.waitForFunction(() => Number(document.querySelector('[data-testid=tabu-live]')?.getAttribute('data-makespan')) > 0);
    await page.click('[data-testid=stop-button]');
    await page.waitForSelector('[data-testid=run-row][data-status=done]');
    expect(await page.textContent('[data-testid=run-row]')).toContain('stopped');
    const makespan = Number(await page.getAttribute('[data-testid=run-row]', 'data-makespan'));
    expect(makespan).toBeGreaterThanOrEqual(1231); // ta01's optimum
    expect(await shownMakespan(page)).toBe(makespan);
    const ta01 = parseInstance(readFileSync(new URL('../data/jsplib/instances/ta01', import.meta.url), 'utf8'), 'ta01');
    expectValidGantt(ta01, await bars(page), makespan);
    // Taillard's generator with his ta01 seeds (the lab's defaults) gives back ta01: SPT schedules it the same way.
    await page.click('[data-testid=generate-button]');
    await page.waitForSelector('[data-testid=instance-info][data-name^=taillard-15x15]');
    expect(await page.locator('[data-testid=run-row]').count()).toBe(0);
    expect(await run(page, 'spt')).toBe(runRule(ta01, 'spt').makespan);
    expectValidGantt(ta01, await bars(page), runRule(ta01, 'spt').makespan);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('a malformed instance file, picked or dropped, shows an error naming file and line, and changes nothing else', async () => {
    const { page, errors } = await openLab();
    const makespan = await run(page, 'mwkr');
    const before = await bars(page);
    await page.setInputFiles('[data-testid=instance-input]', { name: 'broken.txt', mimeType: 'text/plain', buffer: Buffer.from('2 2\n0 5 1 x\n1 3 0 4\n') });
    await page.waitForSelector('[data-testid=lab-error]');
    const message = (await page.textContent('[data-testid=lab-error]')) ?? '';
    expect(message).toContain('broken.txt');
    expect(message).toContain('line 2');
    expect(message).toMatch(/expected an integer duration/);
    expect(await page.getAttribute('[data-testid=instance-info]', 'data-name')).toBe('ft06');
    expect(await page.locator('[data-testid=run-row]').count()).toBe(1);
    expect(await shownMakespan(page)).toBe(makespan);
    expect(await bars(page)).toEqual(before);

    // Dropped on the lab: a malformed one (an error, nothing changes), then a good one in Taillard's own format.
    const drop = (name: string, text: string) =>
      page.evaluate(
        ([fileName, content]) => {
          const transfer = new DataTransfer();
          transfer.items.add(new File([content!], fileName!, { type: 'text/plain' }));
          const lab = document.querySelector('[data-testid=lab]')!;
          lab.dispatchEvent(new DragEvent('dragover', { dataTransfer: transfer, bubbles: true, cancelable: true }));
          lab.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
        },
        [name, text],
      );
    await drop('short.txt', '3 2\n0 1 1 2\n1 3 0 4\n');
    await page.waitForFunction(() => document.querySelector('[data-testid=lab-error]')?.textContent?.includes('short.txt'));
    expect(await page.textContent('[data-testid=lab-error]')).toMatch(/3 job lines/);
    expect(await page.getAttribute('[data-testid=instance-info]', 'data-name')).toBe('ft06');
    expect(await bars(page)).toEqual(before);

    const taillard = [
      'Nb of jobs, Nb of Machines, Time seed, Machine seed, Upper bound, Lower bound',
      ' 2 3 1 2 10 9',
      'Times',
      ' 3 2 4',
      ' 1 5 2',
      'Machines',
      ' 1 2 3',
      ' 3 1 2',
      '',
    ].join('\n');
    await drop('tiny-taillard.txt', taillard);
    await page.waitForSelector('[data-testid=instance-info][data-name=tiny-taillard]');
    expect(await page.locator('[data-testid=lab-error]').count()).toBe(0);
    expect(await page.getAttribute('[data-testid=instance-info]', 'data-machines')).toBe('3');
    expect(await page.locator('[data-testid=run-row]').count()).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('dragging an operation changes its machine order; the makespan shown is that of the repaired valid schedule', async () => {
    const { page, errors } = await openLab();
    const sptMakespan = await run(page, 'spt');
    const spt = runRule(FT06, 'spt');
    expect(sptMakespan).toBe(spt.makespan);
    // A move to the front of a machine that the job orders allow and that changes the makespan (found with the core).
    const sequences = sequencesOf(FT06, spt.starts);
    let chosen: { machine: number; from: number; makespan: number; sequence: number[] } | undefined;
    for (let machine = 0; machine < 6 && !chosen; machine++) {
      for (let from = 2; from < 6 && !chosen; from++) {
        const r = repairMove(FT06, sequences, { machine, from, to: 0 }, 'refuse');
        if (r.status === 'moved' && r.makespan !== spt.makespan) chosen = { machine, from, makespan: r.makespan, sequence: r.sequences[machine]! };
      }
    }
    expect(chosen).toBeDefined();
    const { machine, from } = chosen!;
    const source = (await page.locator(`[data-testid=gantt-bar][data-machine="${machine}"][data-position="${from}"] rect`).boundingBox())!;
    const first = (await page.locator(`[data-testid=gantt-bar][data-machine="${machine}"][data-position="0"] rect`).boundingBox())!;
    const y = source.y + source.height / 2;
    await page.mouse.move(source.x + source.width / 2, y);
    await page.mouse.down();
    // Drop with the dragged bar's centre left of the first bar's left edge: it becomes first on the machine.
    await page.mouse.move(first.x - 4, y, { steps: 10 });
    await page.mouse.up();
    await page.waitForSelector('[data-testid=edit-note][data-kind=moved]');
    const list = await bars(page);
    const order = list
      .filter((b) => b.machine === machine)
      .sort((a, b) => a.start - b.start)
      .map((b) => b.job);
    expect(order).toEqual(chosen!.sequence);
    expect(await shownMakespan(page)).toBe(chosen!.makespan);
    expectValidGantt(FT06, list, chosen!.makespan);
    // The keyboard does the same: focus a bar and move it one place later.
    await page.locator(`[data-testid=gantt-bar][data-machine="${machine}"][data-position="0"]`).focus();
    await page.keyboard.press('ArrowRight');
    await page.waitForFunction(
      () =>
        document.querySelector('[data-testid=edit-note]')?.textContent?.includes('position 2') ||
        document.querySelector('[data-testid=edit-note]')?.getAttribute('data-kind') === 'refused',
    );
    expectValidGantt(FT06, await bars(page), await shownMakespan(page));

    // A drag the job orders forbid: the operation stops at the nearest allowed position (the core's documented rule),
    // the note names the cycle, and the makespan is the repaired schedule's.
    const now = await bars(page);
    const current = Array.from({ length: 6 }, (_, mach) =>
      now
        .filter((b) => b.machine === mach)
        .sort((a, b) => a.start - b.start)
        .map((b) => b.job),
    );
    let blocked: { machine: number; from: number; to: number; result: ReturnType<typeof repairMove> } | undefined;
    for (let mach = 0; mach < 6 && !blocked; mach++) {
      for (let from2 = 0; from2 < 6 && !blocked; from2++) {
        for (const to of [0, 5]) {
          const result = repairMove(FT06, current, { machine: mach, from: from2, to }, 'nearest');
          if (result.status === 'adjusted' && !blocked) blocked = { machine: mach, from: from2, to, result };
        }
      }
    }
    expect(blocked).toBeDefined();
    const dragged = (await page.locator(`[data-testid=gantt-bar][data-machine="${blocked!.machine}"][data-position="${blocked!.from}"] rect`).boundingBox())!;
    const edge = (await page.locator(`[data-testid=gantt-bar][data-machine="${blocked!.machine}"][data-position="${blocked!.to}"] rect`).boundingBox())!;
    const rowY = dragged.y + dragged.height / 2;
    await page.mouse.move(dragged.x + dragged.width / 2, rowY);
    await page.mouse.down();
    await page.mouse.move(blocked!.to === 0 ? edge.x - 4 : edge.x + edge.width + 4, rowY, { steps: 10 });
    await page.mouse.up();
    await page.waitForSelector('[data-testid=edit-note][data-kind=adjusted]');
    expect(await page.textContent('[data-testid=edit-note]')).toMatch(/would close a cycle \(job \d+ op \d+ on M\d+ → /);
    const after = await bars(page);
    expect(
      after
        .filter((b) => b.machine === blocked!.machine)
        .sort((a, b) => a.start - b.start)
        .map((b) => b.job),
    ).toEqual(blocked!.result.sequences[blocked!.machine]);
    expect(await shownMakespan(page)).toBe(blocked!.result.makespan);
    expectValidGantt(FT06, after, blocked!.result.makespan);
    await page.screenshot({ path: 'test-results/lab-ft06-edited.png' });
    expect(errors).toEqual([]);
    await page.close();
  });
});

/** Taillard's own file layout, as on his benchmark page (machines from 1). */
function taillardText(instance: JobShopInstance): string {
  return [
    'Nb of jobs, Nb of Machines, Time seed, Machine seed, Upper bound, Lower bound',
    `  ${instance.jobs}  ${instance.machines}  840612802  398197754  1231  1005`,
    'Times',
    ...instance.duration.map((row) => ' ' + row.join(' ')),
    'Machines',
    ...instance.machine.map((row) => ' ' + row.map((m) => m + 1).join(' ')),
    '',
  ].join('\n');
}

describe("the lab's instance files (read in Node, no browser)", () => {
  const ta01 = parseInstance(readFileSync(new URL('../data/jsplib/instances/ta01', import.meta.url), 'utf8'), 'ta01');

  it("reads Taillard's own format to the same instance as JSPLIB's OR-Library copy of it", () => {
    const read = parseInstanceFile(taillardText(ta01), 'tai15_15.txt');
    expect(read.name).toBe('tai15_15');
    expect(read.machine).toEqual(ta01.machine);
    expect(read.duration).toEqual(ta01.duration);
  });

  it('names the file, the line and what was expected in a malformed Taillard file', () => {
    const lines = taillardText(ta01).split('\n');
    const broken = (edit: (copy: string[]) => void): InstanceParseError => {
      const copy = [...lines];
      edit(copy);
      try {
        parseInstanceFile(copy.join('\n'), 'bad.txt');
      } catch (error) {
        expect(error).toBeInstanceOf(InstanceParseError);
        return error as InstanceParseError;
      }
      throw new Error('no error');
    };
    const outOfRange = broken((c) => (c[19] = c[19]!.replace(/\d+$/, '16'))); // first machine row is line 20
    expect([outOfRange.source, outOfRange.line]).toEqual(['bad.txt', 20]);
    expect(outOfRange.expected).toMatch(/machines for job 1 \(integers in 1..15\)/);
    const repeated = broken((c) => (c[20] = c[20]!.replace(/^ (\d+) (\d+)/, ' $1 $1')));
    expect(repeated.line).toBe(21);
    expect(repeated.expected).toMatch(/each machine once in job 2/);
    const short = broken((c) => (c[3] = c[3]!.replace(/ \d+$/, '')));
    expect(short.line).toBe(4);
    expect(short.expected).toBe('15 durations for job 1');
    const noSection = broken((c) => (c[18] = 'Machine order'));
    expect(noSection.line).toBe(19);
    expect(noSection.expected).toBe('the line "Machines"');
  });
});
