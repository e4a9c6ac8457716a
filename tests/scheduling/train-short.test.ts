import { describe, expect, it } from 'vitest';
import { DispatcherTrainer } from '../../src/core/scheduling/train.ts';
import { checkWeights } from '../../src/core/scheduling/learned.ts';

describe("a short training run (the lab's)", () => {
  it('starts no better than SPT and beats it within 30 updates, deterministically per seed', () => {
    const run = () => {
      const trainer = new DispatcherTrainer({ seed: 1, iterations: 30, evalEvery: 1, hidden: 8, sizes: [[10, 10]] });
      while (trainer.iteration < 30) trainer.step();
      return trainer;
    };
    const trainer = run();
    const first = trainer.curve[0]!;
    expect(first.validationGap).toBeGreaterThan(first.sptGap - 1);
    const best = Math.min(...trainer.curve.map((p) => p.validationGap));
    expect(best).toBeLessThan(first.sptGap - 3);
    const weights = checkWeights(JSON.parse(JSON.stringify(trainer.result().weights)));
    expect(weights.meta?.bestValidationGap).toBe(best);
    expect(run().result().weights).toEqual(trainer.result().weights);
  });
});
