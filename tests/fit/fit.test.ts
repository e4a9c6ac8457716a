import { describe, expect, it } from 'vitest';
import {
  FAMILIES,
  FitDataError,
  exponentialDistribution,
  fitDistributions,
  gammaDistribution,
  lognormalDistribution,
  normalDistribution,
  parseSample,
  triangularDistribution,
  uniformDistribution,
  weibullDistribution,
  type Distribution,
  type FamilyName,
} from '../../src/core/fit/index.ts';
import { chiSquareBinned, ksStatistic } from '../../src/core/fit/goodness.ts';
import { adPValue, chiSquareSurvival, digamma, kolmogorovSurvival, normalCdf, normalQuantile, regularizedGamma, trigamma } from '../../src/core/fit/special.ts';
import { distributionSchema, makeSampler } from '../../src/core/model/distribution.ts';
import { createStream } from '../../src/core/random/stream.ts';

describe('special functions', () => {
  it('match reference values', () => {
    expect(digamma(1)).toBeCloseTo(-0.5772156649015329, 13);
    expect(digamma(0.5)).toBeCloseTo(-1.9635100260214235, 13);
    expect(trigamma(1)).toBeCloseTo((Math.PI * Math.PI) / 6, 13);
    expect(regularizedGamma(3, 2).lower).toBeCloseTo(1 - Math.exp(-2) * (1 + 2 + 2), 14);
    expect(regularizedGamma(3, 20).upper).toBeCloseTo(Math.exp(-20) * (1 + 20 + 200), 20);
    expect(normalCdf(-1.96)).toBeCloseTo(0.024997895148220435, 15);
    expect(normalCdf(-10) / 7.619853024160527e-24).toBeCloseTo(1, 10);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 12);
    expect(normalQuantile(1e-10)).toBeCloseTo(-6.361340902404056, 9);
    expect(chiSquareSurvival(3.841458820694124, 1)).toBeCloseTo(0.05, 12);
    expect(chiSquareSurvival(18.307038053275146, 10)).toBeCloseTo(0.05, 12);
  });

  it('give the tabulated critical values of the KS and AD distributions', () => {
    // Kolmogorov: P(K > 1.3581) = 0.05, P(K > 1.6276) = 0.01 (Smirnov 1948 tables).
    expect(kolmogorovSurvival(1.3581)).toBeCloseTo(0.05, 4);
    expect(kolmogorovSurvival(1.6276)).toBeCloseTo(0.01, 4);
    expect(kolmogorovSurvival(0.5)).toBeCloseTo(0.9639452436648751, 10);
    // Anderson-Darling, fully specified case, large n: 1.933 (10 %), 2.492 (5 %), 3.857 (1 %) (Stephens 1974, Table 1A).
    expect(adPValue(1.933, 1000)).toBeCloseTo(0.1, 3);
    expect(adPValue(2.492, 1000)).toBeCloseTo(0.05, 3);
    expect(adPValue(3.857, 1000)).toBeCloseTo(0.01, 3);
  });
});

/**
 * Published worked example: the Lieblein and Zelen (1956) ball-bearing endurance data (millions of revolutions, 23
 * bearings), analysed in J. F. Lawless, Statistical Models and Methods for Lifetime Data (Wiley, 2nd ed. 2003): the
 * Weibull MLEs are alpha = 81.88, beta = 2.102 (reported there as the extreme-value u = ln alpha = 4.405, b = 1 / beta =
 * 0.476) and the lognormal MLEs mu = 4.150, sigma = 0.522.
 */
const BALL_BEARINGS = [
  17.88, 28.92, 33.0, 41.52, 42.12, 45.6, 48.48, 51.84, 51.96, 54.12, 55.56, 67.8, 68.64, 68.64, 68.88, 84.12, 93.12, 98.64, 105.12, 105.84, 127.92, 128.04,
  173.4,
];

describe('published worked examples', () => {
  const report = fitDistributions(BALL_BEARINGS);
  const byFamily = (family: FamilyName) => report.fits.find((f) => f.family === family)!;

  it('reproduces the Weibull and lognormal MLEs of the ball-bearing data (Lawless 2003)', () => {
    const weibull = byFamily('weibull').parameters;
    expect(weibull.scale).toBeCloseTo(81.88, 2);
    expect(weibull.shape).toBeCloseTo(2.102, 3);
    expect(Math.log(weibull.scale)).toBeCloseTo(4.405, 3);
    expect(1 / weibull.shape).toBeCloseTo(0.476, 3);
    const lognormal = byFamily('lognormal').parameters;
    expect(lognormal.mu).toBeCloseTo(4.15, 3);
    expect(lognormal.sigma).toBeCloseTo(0.522, 3);
    expect(byFamily('exponential').parameters.mean).toBeCloseTo(BALL_BEARINGS.reduce((a, b) => a + b) / 23, 12);
  });

  it('solves the gamma likelihood equations on the same data', () => {
    // No published figure we can cite to more digits, so the test checks the score equations themselves:
    // shape * scale = mean and ln(shape) - psi(shape) = ln(mean) - mean(ln x). (scipy.stats.gamma.fit gives 4.0254, 17.942.)
    const { shape, scale } = byFamily('gamma').parameters;
    const mean = BALL_BEARINGS.reduce((a, b) => a + b) / 23;
    const meanLog = BALL_BEARINGS.reduce((a, b) => a + Math.log(b), 0) / 23;
    expect(shape * scale).toBeCloseTo(mean, 10);
    expect(Math.log(shape) - digamma(shape)).toBeCloseTo(Math.log(mean) - meanLog, 12);
    expect(shape).toBeCloseTo(4.0254, 3);
  });

  it('ranks every family by AIC and BIC and reports the tests', () => {
    expect(report.fits.map((f) => f.family).sort()).toEqual([...FAMILIES].sort());
    for (let i = 1; i < report.fits.length; i++) expect(report.fits[i]!.aic).toBeGreaterThanOrEqual(report.fits[i - 1]!.aic);
    expect(report.fits[0]!.deltaAic).toBe(0);
    expect(new Set(report.fits.map((f) => f.bicRank))).toEqual(new Set([1, 2, 3, 4, 5, 6, 7]));
    // The positively skewed families beat the exponential and the uniform here, which the KS test rejects at 5 %.
    expect(['gamma', 'lognormal', 'weibull']).toContain(report.fits[0]!.family);
    expect(byFamily('exponential').ks.pValue).toBeLessThan(0.05);
    expect(byFamily('lognormal').ks.pValue).toBeGreaterThan(0.5);
    for (const fit of report.fits) expect(distributionSchema.safeParse(fit.spec).success).toBe(true);
    expect(report.empirical.values).toHaveLength(22); // 68.64 appears twice
    expect(report.empirical.weights?.[report.empirical.values.indexOf(68.64)]).toBe(2);
  });

  it('the triangular fit is a maximum of the likelihood (no nearby triangle does better)', () => {
    const fit = byFamily('triangular');
    const sorted = Float64Array.from(BALL_BEARINGS).sort();
    const { min, mode, max } = fit.parameters;
    for (const [da, dc, db] of [
      [-1, 0, 0],
      [0, 0, 1],
      [0, 0, -1],
      [-0.5, 0.5, 0.5],
      [0, 1, 0],
      [0, -1, 0],
    ]) {
      const a = Math.min(min + da!, sorted[0]!);
      const b = Math.max(max + db!, sorted[22]!);
      const c = Math.min(Math.max(mode + dc!, a), b);
      expect(triangularDistribution(a, c, b).logLikelihood(sorted)).toBeLessThanOrEqual(fit.logLikelihood + 1e-9);
    }
  });
});

interface Truth {
  family: FamilyName;
  dist: Distribution;
  /** Asymptotic standard errors of the parameters for a sample of n, where the family is regular. */
  standardErrors?: (n: number) => Record<string, number>;
}

const TRUTHS: Truth[] = [
  { family: 'exponential', dist: exponentialDistribution(4), standardErrors: (n) => ({ mean: 4 / Math.sqrt(n) }) },
  { family: 'normal', dist: normalDistribution(10, 2), standardErrors: (n) => ({ mean: 2 / Math.sqrt(n), sd: 2 / Math.sqrt(2 * n) }) },
  { family: 'lognormal', dist: lognormalDistribution(1, 0.5), standardErrors: (n) => ({ mu: 0.5 / Math.sqrt(n), sigma: 0.5 / Math.sqrt(2 * n) }) },
  {
    family: 'gamma',
    dist: gammaDistribution(2.5, 3),
    // Inverse Fisher information of (shape k, scale theta): var k = k / (n (k psi'(k) - 1)), var theta = psi'(k) theta^2 / (n (k psi'(k) - 1)).
    standardErrors: (n) => {
      const k = 2.5;
      const det = k * trigamma(k) - 1;
      return { shape: Math.sqrt(k / (n * det)), scale: Math.sqrt((trigamma(k) * 9) / (n * det)) };
    },
  },
  {
    family: 'weibull',
    dist: weibullDistribution(1.7, 10),
    // var beta = 0.608 beta^2 / n, var alpha = 1.109 alpha^2 / (beta^2 n) (inverse Fisher information of the Weibull).
    standardErrors: (n) => ({ shape: Math.sqrt((0.608 * 1.7 * 1.7) / n), scale: Math.sqrt((1.109 * 100) / (1.7 * 1.7 * n)) }),
  },
  { family: 'triangular', dist: triangularDistribution(2, 5, 12) },
  { family: 'uniform', dist: uniformDistribution(3, 8) },
];

const SEEDS_PER_SIZE: Record<number, number> = { 50: 30, 500: 12, 5000: 2 };

describe('recovery of known distributions from seeded samples', () => {
  const firstRate: Record<number, { first: number; runs: number }> = {};
  const rows: string[] = [];

  for (const truth of TRUTHS) {
    it(`recovers ${truth.family} (n = 50, 500, 5000)`, () => {
      for (const n of [50, 500, 5000]) {
        let first = 0;
        const seeds = SEEDS_PER_SIZE[n]!;
        for (let seed = 1; seed <= seeds; seed++) {
          const rng = createStream(seed, `fit-test:${truth.family}:${n}`);
          const sample = Array.from({ length: n }, () => truth.dist.sample(rng));
          const report = fitDistributions(sample);
          if (report.fits[0]!.family === truth.family) first++;
          const fit = report.fits.find((f) => f.family === truth.family)!;
          if (truth.standardErrors) {
            const se = truth.standardErrors(n);
            for (const [name, value] of Object.entries(se)) {
              // 4.5 standard errors: with ~250 checks in all, a correct estimator fails one with probability < 0.2 %.
              expect(Math.abs(fit.parameters[name]! - truth.dist.parameters[name]!), `${truth.family} ${name} n=${n} seed ${seed}`).toBeLessThan(4.5 * value);
            }
          } else {
            // Non-regular families (endpoints are parameters): the fitted CDF stays within the KS 99.9 % band of the truth.
            const grid = Float64Array.from({ length: 401 }, (_, i) => truth.dist.quantile(0.0005 + (0.999 * i) / 400));
            let distance = 0;
            for (const x of grid) distance = Math.max(distance, Math.abs(fit.distribution.cdf(x) - truth.dist.cdf(x)));
            expect(distance, `${truth.family} n=${n} seed ${seed}`).toBeLessThan(1.95 / Math.sqrt(n));
            const range = truth.dist.quantile(0.999999) - truth.dist.quantile(0.000001);
            for (const name of Object.keys(truth.dist.parameters)) {
              expect(Math.abs(fit.parameters[name]! - truth.dist.parameters[name]!), `${truth.family} ${name} n=${n}`).toBeLessThan((range * 4) / Math.sqrt(n));
            }
          }
        }
        firstRate[n] = { first: (firstRate[n]?.first ?? 0) + first, runs: (firstRate[n]?.runs ?? 0) + seeds };
        rows.push(`${truth.family} n=${n}: true family ranked first by AIC in ${first}/${seeds}`);
        // "Most cases": a majority at n = 500 and beyond; at n = 50 the nested exponential / gamma / Weibull often tie.
        if (n >= 500) expect(first / seeds, `${truth.family} n=${n}`).toBeGreaterThanOrEqual(0.5);
      }
    });
  }

  it('ranks the true family first in most cases overall', () => {
    console.info(
      `fit recovery:\n  ${rows.join('\n  ')}\n  ${Object.entries(firstRate)
        .map(([n, r]) => `n=${n}: ${r.first}/${r.runs}`)
        .join(', ')}`,
    );
    expect(firstRate[500]!.first / firstRate[500]!.runs).toBeGreaterThanOrEqual(0.8);
    expect(firstRate[5000]!.first / firstRate[5000]!.runs).toBeGreaterThanOrEqual(0.9);
    expect(firstRate[50]!.first / firstRate[50]!.runs).toBeGreaterThanOrEqual(0.5);
  });
});

describe('goodness of fit', () => {
  it('asymptotic KS p-values of a fully specified distribution are roughly uniform (size of the test)', () => {
    const truth = gammaDistribution(2, 1);
    let rejections = 0;
    const runs = 400;
    for (let seed = 1; seed <= runs; seed++) {
      const rng = createStream(seed, 'ks-size');
      const sorted = Float64Array.from({ length: 100 }, () => truth.sample(rng)).sort();
      const d = ksStatistic(sorted, truth);
      if (kolmogorovSurvival((10 + 0.12 + 0.011) * d) < 0.05) rejections++;
    }
    // Binomial(400, 0.05): mean 20, sd 4.4.
    expect(rejections).toBeGreaterThan(6);
    expect(rejections).toBeLessThan(34);
  });

  it('bootstrap p-values are seeded, reproducible and reject a wrong family', () => {
    const rng = createStream(3, 'bootstrap-data');
    const sample = Array.from({ length: 200 }, () => weibullDistribution(3, 10).sample(rng));
    const a = fitDistributions(sample, { bootstrap: 99, seed: 5, families: ['exponential', 'weibull'] });
    const b = fitDistributions(sample, { bootstrap: 99, seed: 5, families: ['exponential', 'weibull'] });
    expect(a.fits.map((f) => [f.ks.pValue, f.ad.pValue])).toEqual(b.fits.map((f) => [f.ks.pValue, f.ad.pValue]));
    const exponential = a.fits.find((f) => f.family === 'exponential')!;
    expect(exponential.ks.pValue).toBe(0.01); // (0 + 1) / (99 + 1): no bootstrap sample was as far off
    expect(a.fits.find((f) => f.family === 'weibull')!.ad.pValue).toBeGreaterThan(0.05);
    expect(a.pValueMethod).toMatch(/bootstrap, 99 replicates/);
  });

  it('chi-square on binned counts follows Pearson', () => {
    const dist = uniformDistribution(0, 4);
    const result = chiSquareBinned([0, 1, 2, 3, 4], [10, 20, 30, 40], dist, 0);
    // expected 25 each: (225 + 25 + 25 + 225) / 25 = 20 on 3 degrees of freedom.
    expect(result.statistic).toBeCloseTo(20, 12);
    expect(result.degreesOfFreedom).toBe(3);
    expect(result.pValue).toBeCloseTo(0.00016974243555282632, 10);
  });
});

describe('fitted distributions run in models', () => {
  it('a fitted gamma is a model distribution whose sampler has the fitted mean', () => {
    const spec = gammaDistribution(2.5, 3).spec();
    expect(distributionSchema.parse(spec)).toEqual({ dist: 'gamma', shape: 2.5, scale: 3 });
    const draw = makeSampler(distributionSchema.parse(spec), createStream(1, 'gamma-mean'));
    let total = 0;
    for (let i = 0; i < 20000; i++) total += draw();
    expect(total / 20000).toBeCloseTo(7.5, 0);
  });

  it('a lognormal is written by the mean and sd of the variable itself', () => {
    const spec = lognormalDistribution(1, 0.5).spec() as { mean: number; sd: number };
    expect(spec.mean).toBeCloseTo(Math.exp(1.125), 12);
    expect(spec.sd).toBeCloseTo(Math.exp(1.125) * Math.sqrt(Math.exp(0.25) - 1), 12);
  });
});

describe('bad data', () => {
  const message = (f: () => unknown) => {
    try {
      f();
    } catch (e) {
      expect(e).toBeInstanceOf(FitDataError);
      return (e as Error).message;
    }
    throw new Error('expected a FitDataError');
  };

  it('names the line of an empty or non-numeric cell and of a negative time', () => {
    expect(message(() => parseSample('cycle\n1.2\n\n3.4\nabc\n', { source: 'd.csv' }))).toBe('d.csv: line 5, column "cycle": expected a number, got "abc"');
    expect(message(() => parseSample('id,cycle\n1,2.5\n2,\n', { column: 'cycle', source: 'd.csv' }))).toBe(
      'd.csv: line 3, column "cycle": empty cell; expected a number',
    );
    expect(message(() => parseSample('1.5\n-2\n', { source: 'd.csv' }))).toMatch(/^d\.csv: line 2, column "column 1": -2 is negative; times must be >= 0/);
    expect(parseSample('1.5\n-2\n', { nonNegative: false }).values).toEqual([1.5, -2]);
  });

  it('refuses an empty text, a missing column and an ambiguous one', () => {
    expect(message(() => parseSample('\n \n', { source: 'e.csv' }))).toBe('e.csv: no data (the text is empty)');
    expect(message(() => parseSample('a,b\n1,2\n', { source: 'e.csv' }))).toMatch(/2 columns \("a", "b"\); choose one with --column/);
    expect(message(() => parseSample('a,b\n1,2\n', { column: 'c', source: 'e.csv' }))).toBe('e.csv: no column "c"; the columns are "a", "b"');
    expect(parseSample('a;b\n1;2\n3;"4"\n', { column: '2' }).values).toEqual([2, 4]);
  });

  it('refuses a single value and a constant column, and skips positive families when a value is zero', () => {
    const single = parseSample('t\n4.2\n');
    expect(message(() => fitDistributions(single.values, { lines: single.lines }))).toBe(
      'only one value (4.2 at line 2): a fit needs at least two different values',
    );
    expect(message(() => fitDistributions([3, 3, 3]))).toMatch(/all 3 values equal 3/);
    const withZero = parseSample('t\n1\n0\n2\n3\n2.5\n');
    const report = fitDistributions(withZero.values, { lines: withZero.lines });
    expect(report.skipped.map((s) => s.family)).toEqual(['lognormal', 'gamma', 'weibull']);
    expect(report.skipped[0]!.reason).toBe('needs every value > 0; line 3 is 0');
    const signed = fitDistributions([-1.5, 0.5, 2, 3, -2, 1, 0.25]);
    expect(signed.skipped.map((s) => s.family)).toEqual(['exponential', 'lognormal', 'gamma', 'weibull']);
    expect(signed.skipped[0]!.reason).toBe('needs every value >= 0; value 5 is -2');
    expect(signed.fits.map((f) => f.family).sort()).toEqual(['normal', 'triangular', 'uniform']);
  });
});
