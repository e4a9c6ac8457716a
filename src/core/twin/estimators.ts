/**
 * Parameter estimation for a twin that follows a plant: online means (Welford), life-data estimators with censoring
 * (exponential and Weibull of known shape), proportions, each with a 95 % confidence interval, the test that a
 * model file's value lies outside it, and a regression slope pooled within groups with its prediction interval (the
 * 3C forecasts' control variate). Pure: no Node imports, and the core's own math (`src/core/math`).
 */
import { exp, log, pow, sin } from '../math/index.ts';

export type Interval = [number, number];

/** Welford's online mean and variance: numerically stable, one pass, O(1) memory. */
export class Welford {
  n = 0;
  mean = 0;
  private m2 = 0;

  push(x: number): void {
    if (!Number.isFinite(x)) return;
    this.n++;
    const delta = x - this.mean;
    this.mean += delta / this.n;
    this.m2 += delta * (x - this.mean);
  }

  get variance(): number {
    return this.n > 1 ? this.m2 / (this.n - 1) : NaN;
  }

  /** Student-t 95 % interval of the mean (NaN bounds below two observations). */
  ci95(): Interval {
    if (this.n < 2) return [NaN, NaN];
    const half = tQuantile975(this.n - 1) * Math.sqrt(this.variance / this.n);
    return [this.mean - half, this.mean + half];
  }

  /**
   * Half-width of the Student-t 95 % prediction interval of one more observation, t(n-1) sd sqrt(1 + 1/n): what the
   * twin's forecasts put around the forks' mean. Zero width from a single observation (no spread seen).
   */
  predictionHalfWidth95(): number {
    return tQuantile975(Math.max(1, this.n - 1)) * Math.sqrt((this.variance || 0) * (1 + 1 / this.n));
  }
}

/**
 * Least-squares slope of y on x pooled within groups (each group centred on its own means, so what differs between
 * groups, e.g. the time of day of each forecast, does not enter the slope), with the residual variance about the
 * group-wise lines. The twin's forecasts use it as a control variate: within one forecast the forks' remainders are
 * regressed on their own work in progress, and the forks' mean is moved to the plant's observed work in progress.
 */
export class PooledRegression {
  private sxx = 0;
  private sxy = 0;
  private syy = 0;
  /** Observations and groups pooled so far. */
  n = 0;
  groups = 0;

  /** Adds one group of paired observations (ignored below two pairs: a single point carries no within-group slope). */
  pushGroup(xs: readonly number[], ys: readonly number[]): void {
    if (xs.length !== ys.length) throw new Error(`PooledRegression.pushGroup: ${xs.length} x values but ${ys.length} y values`);
    const mx = new Welford();
    const my = new Welford();
    for (let i = 0; i < xs.length; i++) {
      if (!Number.isFinite(xs[i]!) || !Number.isFinite(ys[i]!)) return;
      mx.push(xs[i]!);
      my.push(ys[i]!);
    }
    if (mx.n < 2) return;
    for (let i = 0; i < xs.length; i++) {
      const dx = xs[i]! - mx.mean;
      const dy = ys[i]! - my.mean;
      this.sxx += dx * dx;
      this.sxy += dx * dy;
      this.syy += dy * dy;
    }
    this.n += mx.n;
    this.groups++;
  }

  /** Residual degrees of freedom: observations less one mean per group less the slope. */
  get df(): number {
    return this.n - this.groups - 1;
  }

  /** The pooled slope (NaN while x has not varied within a group). */
  get slope(): number {
    return this.sxx > 0 ? this.sxy / this.sxx : NaN;
  }

  /** Residual variance about the group-wise lines (NaN below one residual degree of freedom). */
  get residualVariance(): number {
    return this.df >= 1 && this.sxx > 0 ? Math.max(0, this.syy - (this.sxy * this.sxy) / this.sxx) / this.df : NaN;
  }

  /**
   * Half-width of the 95 % prediction interval of one new y at x = xMean + dx from a group of m observations whose
   * mean of y is the intercept: t(df) s sqrt(1 + 1/m + dx^2 / Sxx).
   */
  predictionHalfWidth95(m: number, dx: number): number {
    return tQuantile975(this.df) * Math.sqrt(this.residualVariance * (1 + 1 / m + (dx * dx) / this.sxx));
  }
}

/** Standard normal quantile (Acklam's rational approximation, relative error below 1.2e-9). */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) return p === 0 ? -Infinity : p === 1 ? Infinity : NaN;
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const low = 0.02425;
  if (p < low) {
    const q = Math.sqrt(-2 * log(p));
    return (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) / ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  }
  if (p > 1 - low) return -normalQuantile(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return (
    ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) / (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1)
  );
}

/** Student t 0.975 quantile: exact table to 30 degrees of freedom, then the Cornish-Fisher expansion. */
export function tQuantile975(df: number): number {
  const table = [
    NaN,
    12.706,
    4.303,
    3.182,
    2.776,
    2.571,
    2.447,
    2.365,
    2.306,
    2.262,
    2.228,
    2.201,
    2.179,
    2.16,
    2.145,
    2.131,
    2.12,
    2.11,
    2.101,
    2.093,
    2.086,
    2.08,
    2.074,
    2.069,
    2.064,
    2.06,
    2.056,
    2.052,
    2.048,
    2.045,
    2.042,
  ];
  if (df < 1) return NaN;
  if (df <= 30) return table[Math.floor(df)]!;
  const z = 1.959964;
  const z3 = z * z * z;
  return z + (z3 + z) / (4 * df) + (5 * z3 * z * z + 16 * z3 + 3 * z) / (96 * df * df);
}

/** Chi-square quantile by the Wilson-Hilferty transformation (within about 1 % from 2 degrees of freedom). */
export function chiSquareQuantile(p: number, df: number): number {
  const z = normalQuantile(p);
  const k = 2 / (9 * df);
  const base = 1 - k + z * Math.sqrt(k);
  return df * base * base * base;
}

/** One observed life: exposure (operating time since renewal) and whether it ended in a failure (else censored). */
export interface Life {
  exposure: number;
  failed: boolean;
}

export interface LifeEstimate {
  /** Point estimate (MLE) of the scale (Weibull) or mean (exponential). */
  estimate: number;
  ci95: Interval;
  failures: number;
  exposure: number;
}

/**
 * Weibull scale with a known shape k from right-censored lives: with T = sum of exposure^k, the MLE is (T/r)^(1/k),
 * and 2T/scale^k is chi-square with 2r degrees of freedom (exact for failure-truncated data, the usual approximation
 * for time-truncated data), which gives the 95 % interval. Shape 1 is the exponential mean time between failures.
 * Undefined with no failure (no finite estimate).
 */
export function weibullScaleKnownShape(lives: readonly Life[], shape: number): LifeEstimate | undefined {
  let total = 0;
  let failures = 0;
  let exposure = 0;
  for (const life of lives) {
    if (!(life.exposure >= 0)) continue;
    total += shape === 1 ? life.exposure : pow(life.exposure, shape);
    exposure += life.exposure;
    if (life.failed) failures++;
  }
  if (failures === 0) return undefined;
  const root = (x: number) => (shape === 1 ? x : pow(x, 1 / shape));
  const estimate = root(total / failures);
  // Time-truncated: the upper bound uses 2r + 2 degrees of freedom (the conservative convention for a test that ends at a time).
  const low = root((2 * total) / chiSquareQuantile(0.975, 2 * failures + 2));
  const high = root((2 * total) / chiSquareQuantile(0.025, 2 * failures));
  return { estimate, ci95: [low, high], failures, exposure };
}

/** Weibull mean from scale and shape: scale * Gamma(1 + 1/shape). */
export function weibullMean(scale: number, shape: number): number {
  return scale * gamma(1 + 1 / shape);
}

/** Gamma function (Lanczos, g = 7), for positive arguments. */
export function gamma(x: number): number {
  const g = 7;
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012,
    9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  if (x < 0.5) return Math.PI / (sin(Math.PI * x) * gamma(1 - x));
  const z = x - 1;
  let a = c[0]!;
  const t = z + g + 0.5;
  for (let i = 1; i < g + 2; i++) a += c[i]! / (z + i);
  return Math.sqrt(2 * Math.PI) * pow(t, z + 0.5) * exp(-t) * a;
}

/** Wilson score 95 % interval of a proportion. */
export function proportionCi95(successes: number, trials: number): Interval {
  if (trials <= 0) return [NaN, NaN];
  const z = 1.959964;
  const p = successes / trials;
  const denominator = 1 + (z * z) / trials;
  const centre = (p + (z * z) / (2 * trials)) / denominator;
  const half = (z * Math.sqrt((p * (1 - p)) / trials + (z * z) / (4 * trials * trials))) / denominator;
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}

/** A model parameter whose value the observed data contradict (its 95 % interval excludes the model file's value). */
export interface Discrepancy {
  unit: string;
  /** The model file's JSON path (the `--set` syntax). */
  parameter: string;
  observed: number;
  ci95: Interval;
  model: number;
}

export function excludes(ci: Interval, value: number): boolean {
  return Number.isFinite(ci[0]) && Number.isFinite(ci[1]) && (value < ci[0] || value > ci[1]);
}
