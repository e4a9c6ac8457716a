import { describe, expect, it } from 'vitest';
import {
  chiSquareQuantile,
  gamma,
  PooledRegression,
  proportionCi95,
  tQuantile975,
  Welford,
  weibullScaleKnownShape,
  type Life,
} from '../../src/core/twin/estimators.ts';
import { mulberry32 } from './rng.ts';

describe('twin estimators', () => {
  it('Welford matches the two-pass mean and variance', () => {
    const xs = [3, 1, 4, 1, 5, 9, 2, 6, 5, 3];
    const w = new Welford();
    for (const x of xs) w.push(x);
    const mean = xs.reduce((a, b) => a + b) / xs.length;
    const variance = xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (xs.length - 1);
    expect(w.mean).toBeCloseTo(mean, 12);
    expect(w.variance).toBeCloseTo(variance, 12);
  });

  it('Welford gives the t interval of the mean and the prediction interval of one more observation', () => {
    const w = new Welford();
    for (const x of [1, 2, 3]) w.push(x);
    // n = 3, s = 1, t(2, 0.975) = 4.302653 (the project's quantile is an approximation good to about 1e-4 relative):
    // mean +- t s / sqrt(3); one more observation: t s sqrt(1 + 1/3).
    const [low, high] = w.ci95();
    expect(low).toBeCloseTo(2 - 4.302653 / Math.sqrt(3), 3);
    expect(high).toBeCloseTo(2 + 4.302653 / Math.sqrt(3), 3);
    expect(w.predictionHalfWidth95()).toBeCloseTo(4.302653 * Math.sqrt(4 / 3), 3);
    const one = new Welford();
    one.push(5);
    expect(one.ci95()).toEqual([NaN, NaN]);
    expect(one.predictionHalfWidth95()).toBe(0);
  });

  it('chi-square quantiles and gamma agree with tables', () => {
    expect(chiSquareQuantile(0.975, 10)).toBeCloseTo(20.483, 1);
    expect(chiSquareQuantile(0.025, 10)).toBeCloseTo(3.247, 1);
    expect(gamma(5)).toBeCloseTo(24, 9);
    expect(gamma(1 + 1 / 2.2)).toBeCloseTo(0.8856, 3);
    expect(proportionCi95(0, 10)[0]).toBe(0);
  });

  it('the Weibull scale interval with censoring covers the truth in about 95 % of samples', () => {
    const random = mulberry32(7);
    const shape = 2.2;
    const scale = 100;
    let covered = 0;
    const trials = 400;
    for (let t = 0; t < trials; t++) {
      const lives: Life[] = [];
      for (let i = 0; i < 15; i++) {
        const life = scale * (-Math.log(1 - random())) ** (1 / shape);
        const censor = 60 + 120 * random();
        lives.push(life < censor ? { exposure: life, failed: true } : { exposure: censor, failed: false });
      }
      const estimate = weibullScaleKnownShape(lives, shape);
      if (estimate && estimate.ci95[0] <= scale && scale <= estimate.ci95[1]) covered++;
    }
    expect(covered / trials).toBeGreaterThan(0.9);
    expect(covered / trials).toBeLessThan(0.995);
  });

  it('PooledRegression: the slope within groups, not between them; residual variance and prediction interval', () => {
    // Two groups on the same slope 2 with offsets 0 and 100: a regression over all points ignoring the groups would
    // take the offset for slope; within groups it is exactly 2. Residuals: +-1 in group one, 0 in group two.
    const r = new PooledRegression();
    r.pushGroup([0, 1, 2, 3], [1, 1, 5, 5]);
    r.pushGroup([10, 11, 12], [100, 102, 104]);
    // Group one centred: x -1.5 -0.5 0.5 1.5, y -2 -2 2 2: Sxx 5, Sxy 8; group two: Sxx 2, Sxy 4. Slope 12/7.
    expect(r.slope).toBeCloseTo(12 / 7, 12);
    expect(r.n).toBe(7);
    expect(r.groups).toBe(2);
    expect(r.df).toBe(4);
    // Syy: 16 + 8 = 24; residual SS 24 - 144/7; variance / df 4.
    const variance = (24 - 144 / 7) / 4;
    expect(r.residualVariance).toBeCloseTo(variance, 12);
    expect(r.predictionHalfWidth95(4, 2)).toBeCloseTo(tQuantile975(4) * Math.sqrt(variance * (1 + 1 / 4 + 4 / 7)), 12);
    // A group of one pair (no slope within it) or with a non-finite value adds nothing.
    r.pushGroup([5], [5]);
    r.pushGroup([1, 2], [NaN, 3]);
    expect(r.n).toBe(7);
    expect(() => r.pushGroup([1, 2], [1])).toThrow(/2 x values but 1 y values/);
  });

  it('PooledRegression recovers a noisy slope, with residual variance near the noise', () => {
    const rng = mulberry32(7);
    const r = new PooledRegression();
    for (let g = 0; g < 200; g++) {
      const xs: number[] = [];
      const ys: number[] = [];
      for (let i = 0; i < 8; i++) {
        const x = 300 + 60 * (rng() - 0.5);
        xs.push(x);
        // Noise uniform on [-10, 10]: variance 100 / 3.
        ys.push(50 * g + 0.7 * x + 20 * (rng() - 0.5));
      }
      r.pushGroup(xs, ys);
    }
    expect(r.slope).toBeGreaterThan(0.65);
    expect(r.slope).toBeLessThan(0.75);
    expect(r.residualVariance / (100 / 3)).toBeGreaterThan(0.9);
    expect(r.residualVariance / (100 / 3)).toBeLessThan(1.1);
  });
});
