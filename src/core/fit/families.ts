/**
 * The fitted families: maximum-likelihood estimates from a sorted sample, and the fitted distribution's density, CDF,
 * survival, quantile, sampler and model-file form.
 *
 * Closed forms where they exist (exponential, normal, lognormal, uniform); Newton's method on the profile score for the
 * gamma shape (ln k - psi(k) = ln mean - mean ln x, started from Minka's approximation) and the Weibull shape (the
 * score is increasing in k, so Newton is safeguarded by a bisection bracket); for the triangular, the mode is profiled out
 * exactly (for fixed endpoints the likelihood is convex in the mode between order statistics, so its maximum is at an
 * order statistic or an endpoint) and the endpoints are found by Nelder-Mead on log distances beyond the sample's range.
 */
import { exp, log, pow } from '../math/index.ts';
import type { DistributionSpec } from '../model/distribution.ts';
import { exponential, lognormal, normal, triangular, uniform, weibull } from '../random/distributions.ts';
import { gammaVariate } from '../random/gamma.ts';
import type { Rng } from '../random/stream.ts';
import { nelderMead } from './nelder-mead.ts';
import { digamma, logGamma, normalCdf, normalPdf, normalQuantile, normalSf, regularizedGamma, trigamma } from './special.ts';

export const FAMILIES = ['exponential', 'normal', 'lognormal', 'gamma', 'weibull', 'triangular', 'uniform'] as const;
export type FamilyName = (typeof FAMILIES)[number];

/** A distribution with fixed parameters. */
export interface Distribution {
  readonly family: FamilyName;
  /** The parameters in the family's usual form (lognormal: mu and sigma of ln X). */
  readonly parameters: Readonly<Record<string, number>>;
  pdf(x: number): number;
  cdf(x: number): number;
  /** 1 - cdf(x), computed without cancellation where the family allows. */
  sf(x: number): number;
  quantile(p: number): number;
  sample(rng: Rng): number;
  logLikelihood(sorted: Float64Array): number;
  /** The distribution as a model file writes it. */
  spec(): DistributionSpec;
}

export interface Family {
  readonly name: FamilyName;
  readonly parameterCount: number;
  /** Where the family lives: x > 0, x >= 0, or any real (a sample outside cannot be fitted). */
  readonly support: 'positive' | 'nonNegative' | 'real';
  /** Maximum-likelihood fit to an ascending sample. */
  fit(sorted: Float64Array): Distribution;
}

function sum(values: Float64Array, f: (x: number) => number): number {
  let total = 0;
  for (let i = 0; i < values.length; i++) total += f(values[i]!);
  return total;
}

/** Quantile by bracketing then bisection on the CDF: for families without a closed-form inverse (gamma). */
function quantileByBisection(cdf: (x: number) => number, p: number, lo: number, hi: number): number {
  while (cdf(hi) < p) hi *= 2;
  for (let i = 0; i < 200 && hi - lo > 1e-13 * hi; i++) {
    const mid = 0.5 * (lo + hi);
    if (cdf(mid) < p) lo = mid;
    else hi = mid;
  }
  return 0.5 * (lo + hi);
}

export function exponentialDistribution(mean: number): Distribution {
  return {
    family: 'exponential',
    parameters: { mean },
    pdf: (x) => (x < 0 ? 0 : exp(-x / mean) / mean),
    cdf: (x) => (x <= 0 ? 0 : 1 - exp(-x / mean)),
    sf: (x) => (x <= 0 ? 1 : exp(-x / mean)),
    quantile: (p) => -mean * log(1 - p),
    sample: (rng) => exponential(rng, mean),
    logLikelihood: (s) => sum(s, (x) => (x < 0 ? -Infinity : -x / mean)) - s.length * log(mean),
    spec: () => ({ dist: 'exponential', mean }),
  };
}

export function normalDistribution(mean: number, sd: number): Distribution {
  return {
    family: 'normal',
    parameters: { mean, sd },
    pdf: (x) => normalPdf((x - mean) / sd) / sd,
    cdf: (x) => normalCdf((x - mean) / sd),
    sf: (x) => normalSf((x - mean) / sd),
    quantile: (p) => mean + sd * normalQuantile(p),
    sample: (rng) => normal(rng, mean, sd),
    logLikelihood: (s) => -0.5 * sum(s, (x) => ((x - mean) / sd) ** 2) - s.length * (log(sd) + 0.5 * log(2 * Math.PI)),
    spec: () => ({ dist: 'normal', mean, sd }),
  };
}

export function lognormalDistribution(mu: number, sigma: number): Distribution {
  const logPdf = (x: number) => {
    const z = (log(x) - mu) / sigma;
    return -0.5 * z * z - log(x * sigma) - 0.5 * log(2 * Math.PI);
  };
  return {
    family: 'lognormal',
    parameters: { mu, sigma },
    pdf: (x) => (x <= 0 ? 0 : exp(logPdf(x))),
    cdf: (x) => (x <= 0 ? 0 : normalCdf((log(x) - mu) / sigma)),
    sf: (x) => (x <= 0 ? 1 : normalSf((log(x) - mu) / sigma)),
    quantile: (p) => exp(mu + sigma * normalQuantile(p)),
    sample: (rng) => lognormal(rng, mu, sigma),
    logLikelihood: (s) => sum(s, (x) => (x <= 0 ? -Infinity : logPdf(x))),
    spec: () => {
      // The model file gives a lognormal by the mean and standard deviation of X itself.
      const mean = exp(mu + (sigma * sigma) / 2);
      return { dist: 'lognormal', mean, sd: mean * Math.sqrt(exp(sigma * sigma) - 1) };
    },
  };
}

export function gammaDistribution(shape: number, scale: number): Distribution {
  const logNorm = logGamma(shape) + shape * log(scale);
  const logPdf = (x: number) => (shape - 1) * log(x) - x / scale - logNorm;
  const cdf = (x: number) => (x <= 0 ? 0 : regularizedGamma(shape, x / scale).lower);
  return {
    family: 'gamma',
    parameters: { shape, scale },
    pdf: (x) => (x < 0 ? 0 : x === 0 ? (shape === 1 ? 1 / scale : shape < 1 ? Infinity : 0) : exp(logPdf(x))),
    cdf,
    sf: (x) => (x <= 0 ? 1 : regularizedGamma(shape, x / scale).upper),
    quantile: (p) => quantileByBisection(cdf, p, 0, shape * scale + 1e-300),
    sample: (rng) => gammaVariate(rng, shape, scale),
    logLikelihood: (s) => sum(s, (x) => (x <= 0 ? -Infinity : logPdf(x))),
    spec: () => ({ dist: 'gamma', shape, scale }),
  };
}

export function weibullDistribution(shape: number, scale: number): Distribution {
  const hazardIntegral = (x: number) => pow(x / scale, shape);
  return {
    family: 'weibull',
    parameters: { shape, scale },
    pdf: (x) =>
      x < 0
        ? 0
        : x === 0
          ? shape === 1
            ? 1 / scale
            : shape < 1
              ? Infinity
              : 0
          : ((shape / scale) * hazardIntegral(x) * exp(-hazardIntegral(x))) / (x / scale),
    cdf: (x) => (x <= 0 ? 0 : 1 - exp(-hazardIntegral(x))),
    sf: (x) => (x <= 0 ? 1 : exp(-hazardIntegral(x))),
    quantile: (p) => scale * pow(-log(1 - p), 1 / shape),
    sample: (rng) => weibull(rng, shape, scale),
    logLikelihood: (s) => s.length * (log(shape) - shape * log(scale)) + sum(s, (x) => (x <= 0 ? -Infinity : (shape - 1) * log(x) - hazardIntegral(x))),
    spec: () => ({ dist: 'weibull', shape, scale }),
  };
}

export function uniformDistribution(min: number, max: number): Distribution {
  const width = max - min;
  return {
    family: 'uniform',
    parameters: { min, max },
    pdf: (x) => (x < min || x > max ? 0 : 1 / width),
    cdf: (x) => (x <= min ? 0 : x >= max ? 1 : (x - min) / width),
    sf: (x) => (x <= min ? 1 : x >= max ? 0 : (max - x) / width),
    quantile: (p) => min + p * width,
    sample: (rng) => uniform(rng, min, max),
    logLikelihood: (s) => (s[0]! < min || s[s.length - 1]! > max ? -Infinity : -s.length * log(width)),
    spec: () => ({ dist: 'uniform', min, max }),
  };
}

export function triangularDistribution(min: number, mode: number, max: number): Distribution {
  const width = max - min;
  const cdf = (x: number) =>
    x <= min ? 0 : x >= max ? 1 : x <= mode ? ((x - min) * (x - min)) / (width * (mode - min)) : 1 - ((max - x) * (max - x)) / (width * (max - mode));
  const pdf = (x: number) =>
    x < min || x > max ? 0 : x < mode ? (2 * (x - min)) / (width * (mode - min)) : x > mode ? (2 * (max - x)) / (width * (max - mode)) : 2 / width;
  return {
    family: 'triangular',
    parameters: { min, mode, max },
    pdf,
    cdf,
    sf: (x) => 1 - cdf(x),
    quantile: (p) => {
      const split = (mode - min) / width;
      return p < split ? min + Math.sqrt(p * width * (mode - min)) : max - Math.sqrt((1 - p) * width * (max - mode));
    },
    sample: (rng) => triangular(rng, min, mode, max),
    logLikelihood: (s) => sum(s, (x) => log(pdf(x))),
    spec: () => ({ dist: 'triangular', min, mode, max }),
  };
}

const exponentialFamily: Family = {
  name: 'exponential',
  parameterCount: 1,
  support: 'nonNegative',
  fit: (s) => exponentialDistribution(sum(s, (x) => x) / s.length),
};

const normalFamily: Family = {
  name: 'normal',
  parameterCount: 2,
  support: 'real',
  fit: (s) => {
    const mean = sum(s, (x) => x) / s.length;
    return normalDistribution(mean, Math.sqrt(sum(s, (x) => (x - mean) * (x - mean)) / s.length));
  },
};

const lognormalFamily: Family = {
  name: 'lognormal',
  parameterCount: 2,
  support: 'positive',
  fit: (s) => {
    const mu = sum(s, (x) => log(x)) / s.length;
    return lognormalDistribution(mu, Math.sqrt(sum(s, (x) => (log(x) - mu) ** 2) / s.length));
  },
};

/** Gamma shape from s = ln(mean) - mean(ln x) > 0: Newton on ln k - psi(k) = s (decreasing and convex in k). */
export function gammaShapeMle(s: number): number {
  let k = (3 - s + Math.sqrt((s - 3) * (s - 3) + 24 * s)) / (12 * s);
  for (let i = 0; i < 100; i++) {
    const f = log(k) - digamma(k) - s;
    const slope = 1 / k - trigamma(k);
    let next = k - f / slope;
    if (!(next > 0)) next = k / 2;
    if (Math.abs(next - k) <= 1e-14 * k) return next;
    k = next;
  }
  return k;
}

const gammaFamily: Family = {
  name: 'gamma',
  parameterCount: 2,
  support: 'positive',
  fit: (s) => {
    const mean = sum(s, (x) => x) / s.length;
    const meanLog = sum(s, (x) => log(x)) / s.length;
    const shape = gammaShapeMle(log(mean) - meanLog);
    return gammaDistribution(shape, mean / shape);
  },
};

/**
 * Weibull shape: the root of 1/k + mean(y) - sum(w y) / sum(w) = 0 with y = ln(x / max x) and w = exp(k y) (scaling by
 * the maximum keeps x^k in range for large k). The left side is decreasing in k.
 */
export function weibullShapeMle(sorted: Float64Array): number {
  const n = sorted.length;
  const logMax = log(sorted[n - 1]!);
  const y = Float64Array.from(sorted, (x) => log(x) - logMax);
  const meanY = y.reduce((a, b) => a + b, 0) / n;
  const score = (k: number) => {
    let w0 = 0;
    let w1 = 0;
    let w2 = 0;
    for (let i = 0; i < n; i++) {
      const w = exp(k * y[i]!);
      w0 += w;
      w1 += w * y[i]!;
      w2 += w * y[i]! * y[i]!;
    }
    const m1 = w1 / w0;
    return { value: 1 / k + meanY - m1, slope: -1 / (k * k) - (w2 / w0 - m1 * m1) };
  };
  const sdY = Math.sqrt(y.reduce((a, v) => a + (v - meanY) * (v - meanY), 0) / n);
  let k = 1.28 / sdY; // sd of ln X is pi / (k sqrt 6)
  let lo = 0;
  let hi = Infinity;
  for (let i = 0; i < 200; i++) {
    const { value, slope } = score(k);
    if (value > 0) lo = k;
    else hi = k;
    let next = k - value / slope;
    if (!(next > lo && next < hi)) next = hi === Infinity ? 2 * k : 0.5 * (lo + hi);
    if (Math.abs(next - k) <= 1e-14 * k) return next;
    k = next;
  }
  return k;
}

const weibullFamily: Family = {
  name: 'weibull',
  parameterCount: 2,
  support: 'positive',
  fit: (s) => {
    const shape = weibullShapeMle(s);
    const logMax = log(s[s.length - 1]!);
    const meanW = sum(s, (x) => exp(shape * (log(x) - logMax))) / s.length;
    return weibullDistribution(shape, exp(logMax + log(meanW) / shape));
  },
};

const uniformFamily: Family = {
  name: 'uniform',
  parameterCount: 2,
  support: 'real',
  fit: (s) => uniformDistribution(s[0]!, s[s.length - 1]!),
};

/**
 * The triangular log-likelihood maximised over the mode for fixed endpoints a < x_(1), b > x_(n): O(n) with prefix sums
 * of ln(x - a) and suffix sums of ln(b - x), over the candidate modes a, x_(1..n), b.
 */
export function triangularProfile(s: Float64Array, a: number, b: number): { logLikelihood: number; mode: number } {
  const n = s.length;
  const base = n * (Math.LN2 - log(b - a));
  let right = 0;
  for (let i = 0; i < n; i++) right += log(b - s[i]!);
  // Mode at a: every point on the falling side.
  let best = base + right - n * log(b - a);
  let mode = a;
  let left = 0;
  for (let j = 0; j < n; j++) {
    const c = s[j]!;
    left += log(c - a);
    right -= log(b - c);
    const value = base + left - (j + 1) * log(c - a) + right - (n - j - 1) * log(b - c);
    if (value > best) {
      best = value;
      mode = c;
    }
  }
  return { logLikelihood: best, mode };
}

const triangularFamily: Family = {
  name: 'triangular',
  parameterCount: 3,
  support: 'real',
  fit: (s) => {
    const n = s.length;
    const lowest = s[0]!;
    const highest = s[n - 1]!;
    const range = highest - lowest;
    // Times cannot fall below zero, so for non-negative data the gap below the sample is x_(1) / (1 + e^-u), which keeps
    // the lower endpoint in [0, x_(1)) without a flat region where a clamp would stall the simplex.
    const bounded = lowest >= 0;
    const gapBelow = (u: number) => (bounded ? lowest / (1 + exp(-u)) : range * exp(u));
    const ends = ([u, v]: readonly number[]) => ({ a: lowest - gapBelow(u!), b: highest + range * exp(v!) });
    const objective = (p: readonly number[]) => {
      const { a, b } = ends(p);
      return -triangularProfile(s, a, b).logLikelihood;
    };
    // A few deterministic starts (gaps of range / n, range / sqrt(n), range / 3): the profile can have several local maxima.
    let result: ReturnType<typeof nelderMead> | undefined;
    for (const gap of [range / n, range / Math.sqrt(n), range / 3]) {
      const v = log(gap / range);
      const u = bounded ? (lowest > 0 ? log(Math.min(gap, 0.999 * lowest) / (lowest - Math.min(gap, 0.999 * lowest))) : 0) : v;
      const candidate = nelderMead(objective, [u, v], 1, { maxIterations: 400, tolerance: 1e-13 });
      if (result === undefined || candidate.value < result.value) result = candidate;
    }
    let { a, b } = ends(result!.point);
    const mode = triangularProfile(s, a, b).mode;
    // The supremum can lie on the boundary a = mode (or mode = b), which the search approaches without reaching.
    if (mode - a < 1e-9 * range) a = mode;
    if (b - mode < 1e-9 * range) b = mode;
    return triangularDistribution(a, mode, b);
  },
};

export const FAMILY_FITTERS: Readonly<Record<FamilyName, Family>> = {
  exponential: exponentialFamily,
  normal: normalFamily,
  lognormal: lognormalFamily,
  gamma: gammaFamily,
  weibull: weibullFamily,
  triangular: triangularFamily,
  uniform: uniformFamily,
};
