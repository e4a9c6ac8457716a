import { describe, expect, it } from 'vitest';
import { lastValueFrom, toArray } from 'rxjs';
import { TabuSearch, tabuSearch, tabuSearch$, type TabuImprovement, type TabuResult } from '../../src/core/scheduling/tabu.ts';
import { validateStarts, makespanOf } from '../../src/core/scheduling/schedule.ts';
import { runRule } from '../../src/core/scheduling/rules.ts';
import { SAMPLE, bounds, load } from './helpers.ts';

/** A fake clock advancing 1 ms per reading: time limits become deterministic in tests. */
function fakeClock(): () => number {
  let t = 0;
  return () => t++;
}

describe('tabu search', () => {
  it('reaches the optimum 55 on ft06 from the worst rule start (LPT, 77), with both neighbourhoods', () => {
    const ft06 = load('ft06');
    const start = runRule(ft06, 'lpt').starts;
    for (const neighbourhood of ['n7', 'n5'] as const) {
      const r = tabuSearch(ft06, { seed: 1, maxIterations: 5000, neighbourhood, initialStarts: start, target: 55 });
      expect(r.makespan, neighbourhood).toBe(55);
      expect(validateStarts(ft06, r.starts)).toEqual([]);
      expect(r.stop).toBe('target');
    }
  });

  it('keeps searching below a target it cannot reach and stops at the iteration limit', () => {
    const ft06 = load('ft06');
    const r = tabuSearch(ft06, { seed: 1, maxIterations: 3000, target: 54 });
    expect(r.stop).toBe('iterations');
    expect(r.iterations).toBe(3000);
    expect(r.makespan).toBe(55);
  });

  it('returns valid schedules no worse than its start on the sample, with a strictly improving stream', () => {
    for (const name of SAMPLE) {
      const inst = load(name);
      const seen: TabuImprovement[] = [];
      const r = tabuSearch(inst, { seed: 2, maxIterations: 1500, target: bounds.get(name)!.lowerBound }, (imp) => seen.push(imp));
      expect(validateStarts(inst, r.starts), name).toEqual([]);
      expect(r.makespan).toBe(makespanOf(inst, r.starts));
      expect(r.makespan).toBeGreaterThanOrEqual(bounds.get(name)!.lowerBound);
      expect(seen.length).toBeGreaterThan(0);
      for (let i = 1; i < seen.length; i++) expect(seen[i]!.makespan).toBeLessThan(seen[i - 1]!.makespan);
      for (const imp of seen) {
        expect(validateStarts(inst, imp.starts)).toEqual([]);
        expect(makespanOf(inst, imp.starts)).toBe(imp.makespan);
      }
      expect(seen.at(-1)!.makespan).toBe(r.makespan);
    }
  });

  it('improves a poor start substantially on ft10 within a few thousand iterations', () => {
    const ft10 = load('ft10');
    const start = runRule(ft10, 'spt').starts; // 1074... far from 930
    const r = tabuSearch(ft10, { seed: 1, maxIterations: 20_000, initialStarts: start, target: 930 });
    expect(makespanOf(ft10, start)).toBeGreaterThan(1000);
    expect(r.makespan).toBeLessThan(960);
  });

  it('is bit-identical for the same seed and iteration limit, and the seed matters', () => {
    const inst = load('la21');
    const run = (seed: number) => tabuSearch(inst, { seed, maxIterations: 3000, target: 0 });
    const a = run(7);
    const b = run(7);
    expect(b.starts).toEqual(a.starts);
    expect(b.makespan).toBe(a.makespan);
    const others = [8, 9, 10].map((s) => run(s));
    expect(others.some((o) => o.starts.join() !== a.starts.join())).toBe(true);
  });

  it('gives the same trajectory however the run is sliced', () => {
    const inst = load('abz5');
    const whole = new TabuSearch(inst, { seed: 3, maxIterations: 2000, target: 0 });
    whole.run();
    const sliced = new TabuSearch(inst, { seed: 3, maxIterations: 2000, target: 0 });
    while (!sliced.run(37));
    expect(sliced.result()).toEqual(whole.result());
  });

  it('stops on a time limit read from the injected clock only', () => {
    const inst = load('la21');
    const r = tabuSearch(inst, { seed: 1, timeLimitMs: 20, clock: fakeClock(), target: 0 });
    expect(r.stop).toBe('time');
    // the clock is read at the start, at each new best and every 64 iterations: fewer than 20 * 64 iterations ran
    expect(r.iterations).toBeGreaterThan(0);
    expect(r.iterations).toBeLessThanOrEqual(20 * 64);
    // a deterministic clock gives a deterministic run
    expect(tabuSearch(inst, { seed: 1, timeLimitMs: 20, clock: fakeClock(), target: 0 })).toEqual(r);
    expect(() => tabuSearch(inst, { timeLimitMs: 10 })).toThrow(/clock/);
    expect(() => tabuSearch(inst, {})).toThrow(/never stop/);
  });

  it('streams improvements as an Observable with the same values as the synchronous run, then the result', async () => {
    const inst = load('la16');
    const sync: TabuImprovement[] = [];
    const final = tabuSearch(inst, { seed: 4, maxIterations: 4000, target: 945 }, (imp) => sync.push(imp));
    const values = await lastValueFrom(tabuSearch$(inst, { seed: 4, maxIterations: 4000, target: 945, sliceIterations: 250 }).pipe(toArray()));
    const last = values.at(-1) as TabuResult;
    expect(last.stop).toBe(final.stop);
    expect(last.makespan).toBe(final.makespan);
    expect(values.slice(0, -1).map((v) => v.makespan)).toEqual(sync.map((v) => v.makespan));
  });

  it('stops searching when the subscriber unsubscribes', async () => {
    const inst = load('ta01');
    let count = 0;
    const sub = tabuSearch$(inst, { seed: 1, maxIterations: 10_000_000, sliceIterations: 100 }).subscribe(() => count++);
    await new Promise((r) => setTimeout(r, 30));
    sub.unsubscribe();
    const after = count;
    await new Promise((r) => setTimeout(r, 50));
    expect(count).toBe(after);
  });
});
