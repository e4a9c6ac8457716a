/**
 * Age replacement for a Weibull life (core/twin/replacement.ts), against what the theory says independently of the
 * grid search: the run-to-failure share from the Weibull mean, the first-order condition at the optimum, scaling.
 */
import { describe, expect, it } from 'vitest';
import { gamma } from '../../src/core/twin/estimators.ts';
import { ageReplacement, ageReplacementDowntime } from '../../src/core/twin/replacement.ts';

describe('age replacement (renewal-reward)', () => {
  it('run to failure: failure downtime over mean life plus failure downtime', () => {
    const r = ageReplacement(2.2, 55, 6, 1.5);
    const mean = 55 * gamma(1 + 1 / 2.2);
    expect(r.runToFailureShare).toBeCloseTo(6 / (mean + 6), 6);
  });

  it('the optimum satisfies the first-order condition r(T) * integral of R - F(T) = c_p / (c_f - c_p)', () => {
    // Minimising down/(up+down) is minimising down/up, the cost-rate form whose optimum has this condition.
    const [k, eta, cf, cp] = [2.2, 55, 6, 1.5];
    const { age, downtimeShare, runToFailureShare } = ageReplacement(k, eta, cf, cp);
    expect(age).toBeGreaterThan(0);
    expect(age).toBeLessThan(eta);
    const R = (t: number) => Math.exp(-((t / eta) ** k));
    let up = 0;
    const n = 20000;
    for (let i = 0; i < n; i++) up += R(((i + 0.5) * age) / n) * (age / n);
    const hazard = (k / eta) * (age / eta) ** (k - 1);
    // On a grid of eta/500 the condition holds to the grid's resolution.
    expect(hazard * up - (1 - R(age))).toBeCloseTo(cp / (cf - cp), 1);
    expect(downtimeShare).toBeLessThan(runToFailureShare);
    expect(downtimeShare).toBeCloseTo(ageReplacementDowntime(k, eta, cf, cp, age), 6);
    for (const other of [0.7 * age, 1.3 * age]) expect(ageReplacementDowntime(k, eta, cf, cp, other)).toBeGreaterThan(downtimeShare);
  });

  it('a worse life is renewed younger, and time scales: twice the scale and downtimes, twice the age, same share', () => {
    const healthy = ageReplacement(2.2, 110, 6, 1.5);
    const worn = ageReplacement(2.2, 55, 6, 1.5);
    expect(worn.age).toBeLessThan(healthy.age);
    expect(worn.downtimeShare).toBeGreaterThan(healthy.downtimeShare);
    const doubled = ageReplacement(2.2, 110, 12, 3);
    expect(doubled.age / worn.age).toBeCloseTo(2, 1);
    expect(doubled.downtimeShare).toBeCloseTo(worn.downtimeShare, 4);
  });

  it('no finite optimum for a memoryless life or a PM as long as a repair; bad input is refused', () => {
    expect(ageReplacement(1, 100, 6, 1.5).age).toBe(Infinity);
    expect(ageReplacement(2.2, 55, 1.5, 1.5).age).toBe(Infinity);
    expect(() => ageReplacement(2.2, -1, 6, 1.5)).toThrow(/positive shape, scale/);
  });
});
