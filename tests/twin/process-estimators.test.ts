/**
 * The petrochemical estimators on synthetic data with known truth: the regression interval, catalyst activity from the
 * B balance, the deactivation rate, the fouling resistance and the mean fouling rate over lognormal cycles.
 */
import { describe, expect, it } from 'vitest';
import { catalystActivity, deactivationRate, foulingResistance, linearFit, meanFoulingRate, rateConstants } from '../../src/core/twin/process-estimators.ts';
import { mulberry32 } from './rng.ts';

function normal(rng: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
}

describe('process estimators', () => {
  it('the regression interval of a slope covers the truth about 95 % of the time with independent errors', () => {
    const rng = mulberry32(11);
    let covered = 0;
    const trials = 400;
    for (let k = 0; k < trials; k++) {
      const xs = Array.from({ length: 30 }, (_, i) => i);
      const ys = xs.map((x) => 2 - 0.3 * x + 0.5 * normal(rng));
      const fit = linearFit(xs, ys)!;
      if (fit.slopeCi95[0] <= -0.3 && -0.3 <= fit.slopeCi95[1]) covered++;
    }
    expect(covered / trials).toBeGreaterThan(0.9);
    expect(covered / trials).toBeLessThan(0.99);
  });

  it('widens the interval for serially correlated errors (AR(1)), keeping coverage near 95 %', () => {
    const rng = mulberry32(5);
    let covered = 0;
    const trials = 300;
    for (let k = 0; k < trials; k++) {
      let e = 0;
      const xs = Array.from({ length: 80 }, (_, i) => i);
      const ys = xs.map((x) => {
        e = 0.7 * e + 0.3 * normal(rng);
        return 1 + 0.01 * x + e;
      });
      const fit = linearFit(xs, ys)!;
      expect(fit.residualLag1).toBeGreaterThan(0.3);
      if (fit.slopeCi95[0] <= 0.01 && 0.01 <= fit.slopeCi95[1]) covered++;
    }
    expect(covered / trials).toBeGreaterThan(0.88);
  });

  it('catalyst activity from the B balance is exact at a steady state of scaled kinetics', () => {
    for (const [a, T, F] of [
      [1, 114, 14],
      [0.8, 120, 18],
      [0.55, 105, 10],
    ] as const) {
      const { k1, k2, k3 } = rateConstants(T);
      const cA0 = 5.1;
      // Steady state with rates scaled by a: a k3 cA^2 + (F + a k1) cA - F cA0 = 0, cB = a k1 cA / (F + a k2).
      const b = F + a * k1;
      const cA = (2 * F * cA0) / (b + Math.sqrt(b * b + 4 * a * k3 * F * cA0));
      const cB = (a * k1 * cA) / (F + a * k2);
      expect(catalystActivity(F, T, cA, cB)).toBeCloseTo(a, 10);
    }
    expect(catalystActivity(0, 114, 2, 1)).toBeNaN();
  });

  it('recovers a known deactivation rate within its interval, and does not exclude zero without deactivation', () => {
    const rng = mulberry32(3);
    const hours = Array.from({ length: 96 }, (_, i) => i + 0.5);
    const truth = 0.02;
    const decaying = hours.map((h) => Math.exp((-truth * h) / 24 + 0.0005 * normal(rng)));
    const est = deactivationRate(hours, decaying)!;
    expect(est.ci95[0]).toBeLessThanOrEqual(truth);
    expect(est.ci95[1]).toBeGreaterThanOrEqual(truth);
    expect(est.ci95[0]).toBeGreaterThan(0);
    const flat = hours.map(() => Math.exp(0.0005 * normal(rng)));
    const none = deactivationRate(hours, flat)!;
    expect(none.ci95[0]).toBeLessThanOrEqual(0);
    expect(none.ci95[1]).toBeGreaterThanOrEqual(0);
  });

  it('fouling resistance from the jacket heat balance', () => {
    const area = 215;
    const clean = 4032;
    const rf = 3e-5;
    const kw = 1 / (1 / clean + rf);
    // Three readings at different loads: removed = kw A (T - TK).
    const dts = [20, 25, 22];
    const removed = dts.map((d) => kw * area * d);
    const sum = (xs: number[]) => xs.reduce((s, x) => s + x, 0);
    expect(foulingResistance(area, clean, sum(dts), sum(removed))).toBeCloseTo(rf, 12);
    expect(foulingResistance(area, clean, 10, 0)).toBeNaN();
  });

  it('the mean fouling rate over lognormal cycles covers the truth about 95 % of the time', () => {
    const rng = mulberry32(21);
    const mean = 5e-6;
    const cv = 0.5;
    const s = Math.sqrt(Math.log(1 + cv * cv));
    let covered = 0;
    const trials = 400;
    for (let k = 0; k < trials; k++) {
      const cycles = Array.from({ length: 3 }, () => {
        const rate = mean * Math.exp(s * normal(rng) - (s * s) / 2);
        return { rate, se: 0.02 * rate, n: 100 };
      });
      const est = meanFoulingRate(cycles, cv)!;
      if (est.ci95[0] <= mean && mean <= est.ci95[1]) covered++;
    }
    expect(covered / trials).toBeGreaterThan(0.9);
    expect(covered / trials).toBeLessThan(0.99);
    expect(meanFoulingRate([{ rate: -1e-6, se: 1e-7, n: 20 }], cv)).toBeUndefined();
  });
});
