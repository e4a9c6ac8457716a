import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { makeBernoulli, makeSampler, distributionMean, type DistributionSpec } from '../../src/core/model/distribution.ts';
import { createStream, RandomStreams } from '../../src/core/random/stream.ts';

const draws = (seed: number, name: string, n: number) => {
  const rng = createStream(seed, name);
  return Array.from({ length: n }, () => rng.next());
};

describe('named random streams', () => {
  it('give the same sequence for the same seed and name', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e9, max: 1e9 }), fc.string({ maxLength: 20 }), (seed, name) => {
        expect(draws(seed, name, 20)).toEqual(draws(seed, name, 20));
      }),
    );
  });

  it('differ between names and between seeds', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e6 }), fc.string({ maxLength: 12 }), fc.string({ maxLength: 12 }), (seed, a, b) => {
        fc.pre(a !== b);
        expect(draws(seed, a, 4)).not.toEqual(draws(seed, b, 4));
        expect(draws(seed, a, 4)).not.toEqual(draws(seed + 1, a, 4));
      }),
    );
  });

  it('are independent: drawing from one stream, or adding streams, never shifts another (common random numbers)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 200 }), (schedule) => {
        // Interleave draws from arrival and failure streams in an arbitrary order, with extra streams created on the way.
        const streams = new RandomStreams(7);
        const arrivals: number[] = [];
        for (const pick of schedule) {
          if (pick === 0) arrivals.push(streams.stream('arrivals').next());
          else if (pick === 1) streams.stream('failures:cnc-3').next();
          else streams.stream(`extra:${pick}:${arrivals.length}`).next();
        }
        expect(arrivals).toEqual(draws(7, 'arrivals', arrivals.length));
      }),
    );
  });

  it('produce uniforms in [0, 1) and integers in [0, n)', () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: 1, max: 1000 }), (seed, n) => {
        const rng = createStream(seed, 'u');
        for (let i = 0; i < 50; i++) {
          const u = rng.next();
          expect(u >= 0 && u < 1).toBe(true);
          const k = rng.nextInt(n);
          expect(Number.isInteger(k) && k >= 0 && k < n).toBe(true);
        }
      }),
    );
  });

  it('look uniform: mean, variance and a chi-square test on 10 bins', () => {
    const rng = createStream(1, 'uniformity');
    const n = 200_000;
    const bins = new Array(10).fill(0);
    let sum = 0;
    let sumSq = 0;
    for (let i = 0; i < n; i++) {
      const u = rng.next();
      sum += u;
      sumSq += u * u;
      bins[Math.floor(u * 10)]++;
    }
    expect(sum / n).toBeCloseTo(0.5, 2);
    expect(sumSq / n - (sum / n) ** 2).toBeCloseTo(1 / 12, 3);
    const expected = n / 10;
    const chi2 = bins.reduce((acc, b) => acc + (b - expected) ** 2 / expected, 0);
    expect(chi2).toBeLessThan(27.9); // 99.9th percentile of chi-square with 9 degrees of freedom
  });
});

describe('distributions', () => {
  const cases: [DistributionSpec, number][] = [
    [{ dist: 'exponential', mean: 2 }, 4],
    [{ dist: 'normal', mean: 5, sd: 2 }, 4],
    [{ dist: 'lognormal', mean: 3, sd: 1.5 }, 2.25],
    [{ dist: 'weibull', shape: 2, scale: 10 }, 100 * (1 - Math.PI / 4)],
    [{ dist: 'triangular', min: 1, mode: 2, max: 6 }, (1 + 4 + 36 - 2 - 6 - 12) / 18],
    [{ dist: 'uniform', min: 2, max: 4 }, 4 / 12],
    [{ dist: 'empirical', values: [1, 2, 10], weights: [1, 2, 1] }, (1 + 8 + 100) / 4 - (15 / 4) ** 2],
    [{ dist: 'constant', value: 3 }, 0],
  ];
  for (const [spec, variance] of cases) {
    it(`${spec.dist}: sample mean and variance match the theory`, () => {
      const sample = makeSampler(spec, createStream(3, spec.dist));
      const n = 200_000;
      let sum = 0;
      let sumSq = 0;
      for (let i = 0; i < n; i++) {
        const x = sample();
        sum += x;
        sumSq += x * x;
      }
      const mean = sum / n;
      const sampleVariance = sumSq / n - mean * mean;
      const sd = Math.sqrt(variance);
      // Five standard errors of the mean; variance within 3 %.
      expect(Math.abs(mean - distributionMean(spec))).toBeLessThanOrEqual(5 * (sd / Math.sqrt(n)) + 1e-12);
      expect(Math.abs(sampleVariance - variance)).toBeLessThanOrEqual(0.03 * variance + 1e-12);
    });
  }

  it('bernoulli: the frequency of true matches p', () => {
    for (const p of [0, 0.02, 0.5, 1]) {
      const trial = makeBernoulli(p, createStream(9, `bernoulli:${p}`));
      const n = 100_000;
      let hits = 0;
      for (let i = 0; i < n; i++) if (trial()) hits++;
      expect(Math.abs(hits / n - p)).toBeLessThanOrEqual(5 * Math.sqrt((p * (1 - p)) / n));
    }
  });

  it('keep samples inside their support', () => {
    fc.assert(
      fc.property(fc.integer(), (seed) => {
        const rng = createStream(seed, 'support');
        const tri = makeSampler({ dist: 'triangular', min: 1, mode: 1.5, max: 4 }, rng);
        const wei = makeSampler({ dist: 'weibull', shape: 0.7, scale: 3 }, rng);
        const logn = makeSampler({ dist: 'lognormal', mean: 1, sd: 4 }, rng);
        const emp = makeSampler({ dist: 'empirical', values: [3, 5], weights: [0, 1] }, rng);
        for (let i = 0; i < 30; i++) {
          const t = tri();
          expect(t >= 1 && t <= 4).toBe(true);
          expect(wei()).toBeGreaterThanOrEqual(0);
          expect(logn()).toBeGreaterThan(0);
          expect(emp()).toBe(5);
        }
      }),
    );
  });
});
