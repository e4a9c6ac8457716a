import { describe, expect, it } from 'vitest';
import { lastValueFrom, toArray } from 'rxjs';
import {
  flexibleObjective,
  flexibleSearch,
  flexibleSearch$,
  fromJobShop,
  validateFlexibleInstance,
  validateFlexibleSchedule,
  type FlexibleInstance,
  type FlexResult,
} from '../../src/core/scheduling/flexible.ts';
import { randomInstance } from '../../src/core/scheduling/generator.ts';
import { lowerBounds } from '../../src/core/scheduling/bounds.ts';
import { load } from './helpers.ts';

/** A two-stage plant: every operation can run on either machine of its stage, the second one slower. */
function twoMachineStages(seed: number): FlexibleInstance {
  const base = randomInstance({ jobs: 8, machines: 4, seed, stream: 'flex-test' });
  return {
    name: `stages-${seed}`,
    machines: 8,
    jobs: base.machine.map((row, j) => ({
      operations: row.map((mach, k) => ({
        alternatives: [
          { machine: mach, duration: base.duration[j]![k]! },
          { machine: mach + 4, duration: base.duration[j]![k]! + 10 },
        ],
      })),
      release: 15 * j,
      due: 200 + 25 * j,
      weight: 1 + (j % 3),
    })),
  };
}

describe('flexible job shop', () => {
  it('computes weighted tardiness and makespan of a hand-made schedule', () => {
    const inst: FlexibleInstance = {
      name: 'hand',
      machines: 2,
      jobs: [
        {
          operations: [
            {
              alternatives: [
                { machine: 0, duration: 4 },
                { machine: 1, duration: 6 },
              ],
            },
          ],
          due: 3,
          weight: 2,
        },
        { operations: [{ alternatives: [{ machine: 0, duration: 5 }] }], release: 1, due: 20 },
      ],
    };
    const schedule = [
      { job: 0, operation: 0, machine: 1, start: 0, end: 6 },
      { job: 1, operation: 0, machine: 0, start: 1, end: 6 },
    ];
    expect(validateFlexibleSchedule(inst, schedule)).toEqual([]);
    expect(flexibleObjective(inst, schedule, 'weighted-tardiness')).toBe(2 * (6 - 3));
    expect(flexibleObjective(inst, schedule, 'makespan')).toBe(6);
    // the optimum for tardiness: job 0 on machine 0 at 0 (ends 4, tardy 1, cost 2), job 1 on machine 0 at 4 -> 2
    const r = flexibleSearch(inst, { objective: 'weighted-tardiness', maxIterations: 200, seed: 1 });
    expect(r.value).toBe(2);
  });

  it('reports release, precedence, machine, duration and overlap violations', () => {
    const inst = twoMachineStages(1);
    const ok = flexibleSearch(inst, { maxIterations: 10, seed: 1 }).schedule;
    expect(validateFlexibleSchedule(inst, ok)).toEqual([]);
    const first = ok.findIndex((o) => o.job === 1 && o.operation === 0);
    const early = ok.map((o, i) => (i === first ? { ...o, start: 0, end: o.end - o.start } : o));
    expect(
      validateFlexibleSchedule(inst, early)
        .map((v) => v.message)
        .join(),
    ).toMatch(/before its release 15/);
    const wrongMachine = ok.map((o, i) => (i === first ? { ...o, machine: (o.machine + 1) % 8 } : o));
    expect(
      validateFlexibleSchedule(inst, wrongMachine)
        .map((v) => v.message)
        .join(),
    ).toMatch(/cannot run on machine/);
    expect(
      validateFlexibleSchedule(inst, ok.slice(1))
        .map((v) => v.message)
        .join(),
    ).toMatch(/is missing/);
  });

  it('finds valid schedules that use the parallel machines, improves on its greedy start and respects releases', () => {
    for (const objective of ['makespan', 'weighted-tardiness'] as const) {
      const inst = twoMachineStages(2);
      const r = flexibleSearch(inst, { objective, maxIterations: 3000, seed: 1 });
      expect(validateFlexibleSchedule(inst, r.schedule)).toEqual([]);
      expect(r.value).toBe(flexibleObjective(inst, r.schedule, objective));
      expect(r.value).toBeLessThanOrEqual(r.initialValue);
      expect(new Set(r.schedule.map((o) => o.machine)).size).toBeGreaterThan(4);
    }
    const tardy = flexibleSearch(twoMachineStages(3), { objective: 'weighted-tardiness', maxIterations: 3000, seed: 1 });
    expect(tardy.value).toBeLessThan(tardy.initialValue);
  });

  it('solves classical instances as the one-alternative case, above the lower bound', () => {
    const ft06 = load('ft06');
    const r = flexibleSearch(fromJobShop(ft06), { maxIterations: 4000, seed: 1 });
    expect(validateFlexibleSchedule(fromJobShop(ft06), r.schedule)).toEqual([]);
    expect(r.value).toBeGreaterThanOrEqual(lowerBounds(ft06).value);
    expect(r.value).toBeLessThanOrEqual(60);
  });

  it('is deterministic per seed, in both the synchronous and the streamed form', async () => {
    const inst = twoMachineStages(4);
    const a = flexibleSearch(inst, { objective: 'weighted-tardiness', maxIterations: 1500, seed: 9 });
    const b = flexibleSearch(inst, { objective: 'weighted-tardiness', maxIterations: 1500, seed: 9 });
    expect(b.schedule).toEqual(a.schedule);
    const streamed = await lastValueFrom(
      flexibleSearch$(inst, { objective: 'weighted-tardiness', maxIterations: 1500, seed: 9, sliceIterations: 100 }).pipe(toArray()),
    );
    const last = streamed.at(-1) as FlexResult;
    expect(last.schedule).toEqual(a.schedule);
    for (let i = 1; i < streamed.length - 1; i++) expect(streamed[i]!.value).toBeLessThan(streamed[i - 1]!.value);
  });

  it('rejects malformed instances with a clear message', () => {
    expect(() => validateFlexibleInstance({ name: 'x', machines: 2, jobs: [{ operations: [{ alternatives: [] }] }] })).toThrow(
      /job 0 operation 0 has no machine/,
    );
    expect(() => validateFlexibleInstance({ name: 'x', machines: 2, jobs: [{ operations: [{ alternatives: [{ machine: 2, duration: 1 }] }] }] })).toThrow(
      /machine 2 not in 0..1/,
    );
    expect(() =>
      validateFlexibleInstance({ name: 'x', machines: 2, jobs: [{ operations: [{ alternatives: [{ machine: 0, duration: 1 }] }], release: -1 }] }),
    ).toThrow(/release/);
    expect(() => flexibleSearch(twoMachineStages(1), {})).toThrow(/maxIterations or timeLimitMs/);
  });
});
