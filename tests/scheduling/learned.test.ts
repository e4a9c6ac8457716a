import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FEATURE_COUNT, checkWeights, runLearned, scoreCandidates } from '../../src/core/scheduling/learned.ts';
import { DispatcherTrainer, addLogProbGradient, trainDispatcher, validationSet, view } from '../../src/core/scheduling/train.ts';
import { RULE_NAMES, runRule } from '../../src/core/scheduling/rules.ts';
import { validateStarts } from '../../src/core/scheduling/schedule.ts';
import { createStream } from '../../src/core/random/stream.ts';
import { ROOT, SAMPLE, bounds, load } from './helpers.ts';

const WEIGHTS_FILE = join(ROOT, 'src/core/scheduling/dispatcher-weights.json');
const weights = checkWeights(JSON.parse(readFileSync(WEIGHTS_FILE, 'utf8')), WEIGHTS_FILE);

describe('learned dispatcher', () => {
  it('ships small weights of the expected shape', () => {
    expect(weights.w1.length + weights.b1.length + weights.w2.length).toBeLessThan(1000);
    expect(() => checkWeights({ ...weights, w2: weights.w2.slice(1) }, 'x.json')).toThrow(/x.json: invalid dispatcher weights: w2 must hold/);
    expect(() => checkWeights({ ...weights, format: 'v0' }, 'x.json')).toThrow(/format/);
  });

  it('produces valid schedules on the sample, deterministically', () => {
    for (const name of SAMPLE) {
      const inst = load(name);
      const r = runLearned(inst, weights);
      expect(validateStarts(inst, r.starts), name).toEqual([]);
      expect(runLearned(inst, weights).starts).toEqual(r.starts);
      expect(r.makespan).toBeGreaterThanOrEqual(bounds.get(name)!.lowerBound);
    }
  });

  it('beats the best single greedy rule on ta01-ta10 by at least 3 points of mean gap (the issue target)', () => {
    const gaps: Record<string, number> = {};
    let learned = 0;
    for (let i = 1; i <= 10; i++) {
      const name = `ta${String(i).padStart(2, '0')}`;
      const inst = load(name);
      const ub = bounds.get(name)!.upperBound;
      learned += ((runLearned(inst, weights).makespan - ub) / ub) * 10;
      for (const rule of RULE_NAMES) gaps[rule] = (gaps[rule] ?? 0) + ((runRule(inst, rule).makespan - ub) / ub) * 10;
    }
    const bestRule = Math.min(...Object.values(gaps));
    expect(learned).toBeLessThanOrEqual(bestRule - 3);
  });

  it('computes the exact policy gradient (checked by finite differences)', () => {
    const rng = createStream(1, 'test:gradient');
    const hidden = 4;
    const params = Float64Array.from({ length: hidden * FEATURE_COUNT + 2 * hidden }, () => rng.next() * 2 - 1);
    const count = 3;
    const x = Float64Array.from({ length: count * FEATURE_COUNT }, () => rng.next() * 2 - 1);
    const chosen = 1;
    const logProb = (p: Float64Array) => {
      const scores = new Float64Array(count);
      scoreCandidates(view(p, hidden), x, count, scores);
      const max = Math.max(...scores);
      const z = scores.reduce((a, s) => a + Math.exp(s - max), 0);
      return scores[chosen]! - max - Math.log(z);
    };
    const grad = new Float64Array(params.length);
    addLogProbGradient(view(params, hidden), x, count, chosen, 1, grad);
    const eps = 1e-6;
    for (let i = 0; i < params.length; i++) {
      const plus = params.slice();
      plus[i] = plus[i]! + eps;
      const minus = params.slice();
      minus[i] = minus[i]! - eps;
      const numeric = (logProb(plus) - logProb(minus)) / (2 * eps);
      expect(grad[i]!, `parameter ${i}`).toBeCloseTo(numeric, 6);
    }
  });

  it('trains deterministically per seed', () => {
    const validation = validationSet(2);
    const make = (seed: number) => {
      const t = new DispatcherTrainer({ seed, iterations: 2, batch: 2, samples: 3, sizes: [[6, 4]], evalEvery: 2, validation });
      t.step();
      t.step();
      return t;
    };
    const a = make(1);
    const b = make(1);
    expect(Array.from(b.params)).toEqual(Array.from(a.params));
    expect(b.curve).toEqual(a.curve);
    expect(Array.from(make(2).params)).not.toEqual(Array.from(a.params));
  });

  it('runs a whole (tiny) training with and without a progress callback, keeping the best validated weights', () => {
    const options = { seed: 3, iterations: 4, batch: 2, samples: 3, sizes: [[6, 4]] as const, evalEvery: 2, validation: validationSet(2) };
    const seen: number[] = [];
    const withCallback = trainDispatcher(options, (p) => seen.push(p.iteration));
    const without = trainDispatcher(options);
    expect(seen).toEqual([2, 4]);
    expect(without.weights).toEqual(withCallback.weights);
    expect(without.weights.meta?.bestValidationGap).toBe(Math.min(...without.curve.map((p) => p.validationGap)));
    checkWeights(without.weights);
  });
});
