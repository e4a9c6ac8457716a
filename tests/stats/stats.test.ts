import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { studentTCdf, studentTQuantile } from '../../src/core/stats/student-t.ts';
import { estimate } from '../../src/core/stats/summary.ts';
import { Tally, TimeWeighted } from '../../src/core/stats/tally.ts';

describe('Tally', () => {
  it('matches the two-pass mean and sample variance', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 2, maxLength: 100 }), (xs) => {
        const tally = new Tally();
        xs.forEach((x) => tally.add(x));
        const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
        const variance = xs.reduce((a, x) => a + (x - mean) ** 2, 0) / (xs.length - 1);
        expect(tally.count).toBe(xs.length);
        expect(tally.mean).toBeCloseTo(mean, 6);
        expect(Math.abs(tally.variance - variance)).toBeLessThanOrEqual(1e-9 * Math.max(1, variance));
        expect(tally.min).toBe(Math.min(...xs));
        expect(tally.max).toBe(Math.max(...xs));
      }),
    );
  });

  it('is NaN when empty and resets', () => {
    const tally = new Tally();
    expect(tally.mean).toBeNaN();
    tally.add(3);
    expect(tally.variance).toBeNaN();
    tally.reset();
    expect(tally.count).toBe(0);
  });
});

describe('TimeWeighted', () => {
  it('averages a piecewise-constant quantity over time', () => {
    // 0 on [0,2), 3 on [2,6), 1 on [6,10]: integral 12 + 4 = 16, mean 1.6
    const queue = new TimeWeighted(0, 0);
    queue.set(2, 3);
    queue.add(6, -2);
    expect(queue.integral(10)).toBe(16);
    expect(queue.mean(10)).toBeCloseTo(1.6, 12);
    // E[x^2] = (9*4 + 1*4) / 10 = 4, variance = 4 - 2.56
    expect(queue.variance(10)).toBeCloseTo(1.44, 12);
    expect(queue.max).toBe(3);
  });

  it('forgets the warm-up on reset but keeps the current value', () => {
    const wip = new TimeWeighted(5, 0);
    wip.set(100, 2);
    wip.reset(100);
    expect(wip.mean(110)).toBe(2);
  });
});

describe('Student t', () => {
  it('matches tabulated two-sided 95 % quantiles', () => {
    const table: [number, number][] = [
      [1, 12.706],
      [2, 4.303],
      [4, 2.776],
      [9, 2.262],
      [29, 2.045],
      [120, 1.98],
      [1e6, 1.96],
    ];
    for (const [df, t] of table) expect(studentTQuantile(0.975, df)).toBeCloseTo(t, 3);
  });

  it('is the inverse of its CDF and symmetric', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.001, max: 0.999, noNaN: true }), fc.integer({ min: 1, max: 200 }), (p, df) => {
        const t = studentTQuantile(p, df);
        expect(studentTCdf(t, df)).toBeCloseTo(p, 9);
        expect(studentTQuantile(1 - p, df)).toBeCloseTo(-t, 6);
      }),
    );
  });

  it('gives the 95 % half-width of a replication mean', () => {
    const e = estimate([10, 12, 11, 13, 9]);
    expect(e.mean).toBe(11);
    expect(e.sd).toBeCloseTo(Math.sqrt(2.5), 12);
    expect(e.ci95).toBeCloseTo((2.7764451 * Math.sqrt(2.5)) / Math.sqrt(5), 6);
    expect(estimate([4]).ci95).toBeNaN();
  });
});
