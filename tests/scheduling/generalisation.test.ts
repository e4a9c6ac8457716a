import { describe, expect, it } from 'vitest';
import type { JobShopInstance } from '../../src/core/scheduling/instance.ts';
import { compareWithMwkr, freshTaillard, GENERALISATION_SIZES } from '../../src/core/scheduling/generalisation.ts';
import { TAILLARD_SEEDS_15x15, taillardInstance } from '../../src/core/scheduling/generator.ts';
import { validationSet } from '../../src/core/scheduling/train.ts';
import { checkWeights, runLearned } from '../../src/core/scheduling/learned.ts';
import { runRule } from '../../src/core/scheduling/rules.ts';
import { lowerBounds } from '../../src/core/scheduling/bounds.ts';
import shipped from '../../src/core/scheduling/dispatcher-weights.json' with { type: 'json' };

describe('fresh Taillard instances for judging generalisation', () => {
  it('test and selection sets are deterministic, disjoint, and hold none of the benchmark or training instances', () => {
    for (const [jobs, machines] of GENERALISATION_SIZES) {
      const test = freshTaillard(jobs, machines, 20, 'test');
      expect(freshTaillard(jobs, machines, 20, 'test')).toEqual(test);
      const selection = freshTaillard(jobs, machines, 20, 'selection');
      const key = (i: JobShopInstance) => JSON.stringify([i.duration, i.machine]);
      const seen = new Set(test.map(key));
      expect(seen.size).toBe(20);
      for (const inst of selection) expect(seen.has(key(inst))).toBe(false);
      if (jobs === 15) {
        for (const inst of validationSet()) expect(seen.has(key(inst))).toBe(false);
        // Taillard's own ta01-10 are not among them.
        for (const [t, m] of TAILLARD_SEEDS_15x15) expect(seen.has(key(taillardInstance('ta', 15, 15, t, m)))).toBe(false);
      }
      expect(test[0]!.jobs).toBe(jobs);
      expect(test[0]!.machines).toBe(machines);
    }
  });

  it('compares a policy with MWKR instance by instance, in gap points to the lower bound', () => {
    const weights = checkWeights(shipped);
    const instances = freshTaillard(15, 15, 4, 'test');
    const row = compareWithMwkr(instances, weights);
    let gain = 0;
    let worse = 0;
    for (const inst of instances) {
      const lb = lowerBounds(inst).value;
      const a = runLearned(inst, weights).makespan;
      const b = runRule(inst, 'mwkr').makespan;
      gain += ((b - a) / lb) * 100;
      if (a > b) worse++;
    }
    expect(row.gain).toBeCloseTo(gain / 4, 10);
    expect(row.worse).toBe(worse);
    expect(row.mwkrGap - row.learnedGap).toBeCloseTo(row.gain, 10);
  });
});
