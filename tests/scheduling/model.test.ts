import { describe, expect, it } from 'vitest';
import type { JobShopInstance } from '../../src/core/scheduling/instance.ts';
import {
  semiActiveFromSequences,
  sequencesOf,
  toOperationList,
  validateOperationList,
  validateStarts,
  makespanOf,
} from '../../src/core/scheduling/schedule.ts';
import { jacksonPreemptive, lowerBounds } from '../../src/core/scheduling/bounds.ts';
import { TAILLARD_SEEDS_15x15, randomInstance, taillardInstance } from '../../src/core/scheduling/generator.ts';
import { runRule } from '../../src/core/scheduling/rules.ts';
import { bounds, load, shippedNames } from './helpers.ts';

// job 0: M0 3 then M1 2; job 1: M1 2 then M0 4
const tiny: JobShopInstance = {
  name: 'tiny',
  jobs: 2,
  machines: 2,
  machine: [
    [0, 1],
    [1, 0],
  ],
  duration: [
    [3, 2],
    [2, 4],
  ],
};

describe('schedule checker', () => {
  it('accepts a feasible schedule and computes its makespan', () => {
    const starts = [0, 3, 0, 3]; // j0: M0 [0,3) M1 [3,5); j1: M1 [0,2) M0 [3,7)
    expect(validateStarts(tiny, starts)).toEqual([]);
    expect(makespanOf(tiny, starts)).toBe(7);
  });

  it('reports precedence violations, machine overlaps, bad times and wrong lengths', () => {
    expect(validateStarts(tiny, [0, 2, 0, 3]).map((v) => v.kind)).toContain('precedence');
    const overlap = validateStarts(tiny, [0, 3, 0, 2]);
    expect(overlap.map((v) => v.kind)).toEqual(['overlap']);
    expect(overlap[0]!.message).toMatch(/machine 0: job 0 op 0 \[0, 3\) overlaps job 1 op 1 \[2, 6\)/);
    expect(validateStarts(tiny, [0, 3, -1, 3]).map((v) => v.kind)).toEqual(['time']);
    expect(validateStarts(tiny, [0, 3, 0]).map((v) => v.kind)).toEqual(['shape']);
  });

  it('checks operation lists: machine, duration, duplicates and missing operations', () => {
    const good = toOperationList(tiny, [0, 3, 0, 3]);
    expect(validateOperationList(tiny, good)).toEqual([]);
    const wrongMachine = good.map((o, i) => (i === 0 ? { ...o, machine: 1 } : o));
    expect(validateOperationList(tiny, wrongMachine)[0]!.kind).toBe('machine');
    const wrongDuration = good.map((o, i) => (i === 0 ? { ...o, end: o.end + 1 } : o));
    expect(validateOperationList(tiny, wrongDuration)[0]!.kind).toBe('duration');
    expect(validateOperationList(tiny, good.slice(1)).map((v) => v.message)).toContain('job 0 operation 0 is missing');
    expect(validateOperationList(tiny, [...good, good[0]!]).map((v) => v.message)).toContain('job 0 operation 0 is listed twice');
  });

  it('rebuilds the semi-active schedule from machine sequences and detects cyclic sequences', () => {
    const la01 = load('la01');
    const r = runRule(la01, 'mwkr');
    const rebuilt = semiActiveFromSequences(la01, sequencesOf(la01, r.starts))!;
    expect(validateStarts(la01, rebuilt)).toEqual([]);
    expect(makespanOf(la01, rebuilt)).toBeLessThanOrEqual(r.makespan);
    // tiny: job 1 first on M0 needs job 1's M1 op first, and job 0 first on M1 needs job 0's M0 op first: a cycle.
    expect(
      semiActiveFromSequences(tiny, [
        [1, 0],
        [0, 1],
      ]),
    ).toBeNull();
    expect(
      semiActiveFromSequences(tiny, [
        [0, 1],
        [1, 0],
      ]),
    ).toEqual([0, 3, 0, 3]);
  });
});

describe('lower bounds', () => {
  it('solve the one-machine preemptive relaxation by hand example', () => {
    // r = (0, 1), p = (4, 1), q = (0, 5): run op 0 on [0,1), preempt for op 1 on [1,2) -> 2 + 5 = 7; op 0 ends at 5.
    expect(jacksonPreemptive([0, 1], [4, 1], [0, 5])).toBe(7);
    expect(jacksonPreemptive([5], [2], [1])).toBe(8);
  });

  it('never exceed the proved lower bound of any shipped instance, and are tight where the bound is trivial', () => {
    for (const name of shippedNames()) {
      const lb = lowerBounds(load(name));
      const entry = bounds.get(name)!;
      expect(lb.value, name).toBeLessThanOrEqual(entry.lowerBound);
      expect(lb.value).toBe(Math.max(lb.job, lb.machine));
    }
    // ta71 (100x20) and la01 are solved by their machine bound (the optimum equals it)
    expect(lowerBounds(load('ta71')).value).toBe(5464);
    expect(lowerBounds(load('la01')).value).toBe(666);
  });

  it('dominate the classical machine bound (min head + load + min tail) and the job bound', () => {
    const inst = load('ft10');
    const lb = lowerBounds(inst);
    let classical = 0;
    for (let mach = 0; mach < inst.machines; mach++) {
      let load = 0;
      let minHead = Infinity;
      let minTail = Infinity;
      for (let j = 0; j < inst.jobs; j++) {
        const k = inst.machine[j]!.indexOf(mach);
        const row = inst.duration[j]!;
        load += row[k]!;
        minHead = Math.min(
          minHead,
          row.slice(0, k).reduce((a, b) => a + b, 0),
        );
        minTail = Math.min(
          minTail,
          row.slice(k + 1).reduce((a, b) => a + b, 0),
        );
      }
      classical = Math.max(classical, minHead + load + minTail);
    }
    expect(lb.machine).toBeGreaterThanOrEqual(classical);
    expect(lb.job).toBe(Math.max(...inst.duration.map((r) => r.reduce((a, b) => a + b, 0))));
  });
});

describe('generators', () => {
  it("Taillard's generator with his published seeds gives back ta01-ta10 exactly", () => {
    TAILLARD_SEEDS_15x15.forEach(([timeSeed, machineSeed], i) => {
      const name = `ta${String(i + 1).padStart(2, '0')}`;
      const shipped = load(name);
      const generated = taillardInstance(name, 15, 15, timeSeed, machineSeed);
      expect(generated.duration, name).toEqual(shipped.duration);
      expect(generated.machine, name).toEqual(shipped.machine);
    });
  });

  it('draws random instances deterministically per seed and stream', () => {
    const a = randomInstance({ jobs: 6, machines: 4, seed: 1 });
    expect(randomInstance({ jobs: 6, machines: 4, seed: 1 })).toEqual(a);
    expect(randomInstance({ jobs: 6, machines: 4, seed: 2 }).duration).not.toEqual(a.duration);
    expect(randomInstance({ jobs: 6, machines: 4, seed: 1, stream: 'other' }).duration).not.toEqual(a.duration);
    for (const row of a.machine) expect([...row].sort()).toEqual([0, 1, 2, 3]);
    for (const row of a.duration) for (const d of row) expect(d >= 1 && d <= 99).toBe(true);
  });
});
