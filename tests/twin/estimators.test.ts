import { describe, expect, it } from 'vitest';
import { chiSquareQuantile, gamma, proportionCi95, Welford, weibullScaleKnownShape, type Life } from '../../src/core/twin/estimators.ts';
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
});
