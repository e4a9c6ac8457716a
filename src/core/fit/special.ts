/**
 * Special functions the fitting and goodness-of-fit code needs: digamma and trigamma (gamma MLE), the regularised
 * incomplete gamma (gamma CDF, normal CDF through erfc, chi-square p-values), the normal quantile, the Kolmogorov
 * distribution and Marsaglia's Anderson-Darling distribution. Written on src/core/math so that a fit gives the same
 * bits on every engine.
 */
import { exp, log } from '../math/index.ts';
import { logGamma } from '../stats/student-t.ts';

export { logGamma };

/** psi(x) = d/dx ln Gamma(x) for x > 0: recurrence up to x >= 10, then the asymptotic (Bernoulli) series. */
export function digamma(x: number): number {
  let shift = 0;
  while (x < 10) {
    shift -= 1 / x;
    x += 1;
  }
  const inv2 = 1 / (x * x);
  const series = inv2 * (1 / 12 - inv2 * (1 / 120 - inv2 * (1 / 252 - inv2 * (1 / 240 - inv2 * (1 / 132)))));
  return shift + log(x) - 0.5 / x - series;
}

/** psi'(x) for x > 0: recurrence up to x >= 10, then the asymptotic series. */
export function trigamma(x: number): number {
  let shift = 0;
  while (x < 10) {
    shift += 1 / (x * x);
    x += 1;
  }
  const inv = 1 / x;
  const inv2 = inv * inv;
  return shift + inv + inv2 / 2 + inv * inv2 * (1 / 6 - inv2 * (1 / 30 - inv2 * (1 / 42 - inv2 * (1 / 30 - inv2 * (5 / 66 - inv2 * (691 / 2730))))));
}

const EPSILON = 1e-16;
const TINY = 1e-300;

/** Regularised incomplete gamma: lower P(a, x) and upper Q(a, x) (series for x < a + 1, Lentz continued fraction else). */
export function regularizedGamma(a: number, x: number): { lower: number; upper: number } {
  if (x <= 0) return { lower: 0, upper: 1 };
  const front = a * log(x) - x - logGamma(a);
  if (x < a + 1) {
    let term = 1 / a;
    let sum = term;
    for (let n = 1; n < 10_000; n++) {
      term *= x / (a + n);
      sum += term;
      if (Math.abs(term) < Math.abs(sum) * EPSILON) break;
    }
    const lower = sum * exp(front);
    return { lower, upper: 1 - lower };
  }
  let b = x + 1 - a;
  let c = 1 / TINY;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 10_000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < EPSILON) break;
  }
  const upper = exp(front) * h;
  return { lower: 1 - upper, upper };
}

/** Standard normal CDF, accurate in both tails (erfc through the incomplete gamma Q(1/2, z^2 / 2)). */
export function normalCdf(z: number): number {
  const tail = 0.5 * regularizedGamma(0.5, (z * z) / 2).upper;
  return z < 0 ? tail : 1 - tail;
}

/** Standard normal survival 1 - Phi(z), without cancellation in the upper tail. */
export function normalSf(z: number): number {
  return normalCdf(-z);
}

/** Standard normal density. */
export function normalPdf(z: number): number {
  return exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);
}

// Acklam's rational approximation (relative error 1.15e-9), refined below by Newton steps on normalCdf.
const A = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
const B = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
const C = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
const D = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];

/** The z with Phi(z) = p, 0 < p < 1. */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`normal quantile: expected 0 < p < 1, got ${p}`);
  let z: number;
  if (p < 0.02425) {
    const q = Math.sqrt(-2 * log(p));
    z = (((((C[0]! * q + C[1]!) * q + C[2]!) * q + C[3]!) * q + C[4]!) * q + C[5]!) / ((((D[0]! * q + D[1]!) * q + D[2]!) * q + D[3]!) * q + 1);
  } else if (p > 1 - 0.02425) {
    const q = Math.sqrt(-2 * log(1 - p));
    z = -(((((C[0]! * q + C[1]!) * q + C[2]!) * q + C[3]!) * q + C[4]!) * q + C[5]!) / ((((D[0]! * q + D[1]!) * q + D[2]!) * q + D[3]!) * q + 1);
  } else {
    const q = p - 0.5;
    const r = q * q;
    z =
      ((((((A[0]! * r + A[1]!) * r + A[2]!) * r + A[3]!) * r + A[4]!) * r + A[5]!) * q) /
      (((((B[0]! * r + B[1]!) * r + B[2]!) * r + B[3]!) * r + B[4]!) * r + 1);
  }
  // Newton steps on the tail nearer to p, so that extreme p keep their relative accuracy.
  for (let i = 0; i < 2; i++) {
    const density = normalPdf(z);
    if (density <= 0) break;
    z += p < 0.5 ? (p - normalCdf(z)) / density : (normalSf(z) - (1 - p)) / density;
  }
  return z;
}

/**
 * P(K > lambda) for the Kolmogorov distribution K = lim sqrt(n) D_n: the alternating series 2 sum (-1)^(j-1)
 * exp(-2 j^2 lambda^2) for lambda >= 1, the Jacobi-transformed series below (both converge fast where used).
 */
export function kolmogorovSurvival(lambda: number): number {
  if (lambda <= 0) return 1;
  if (lambda < 1) {
    // P(K <= lambda) = sqrt(2 pi) / lambda * sum_j exp(-(2j - 1)^2 pi^2 / (8 lambda^2))
    const factor = -(Math.PI * Math.PI) / (8 * lambda * lambda);
    let sum = 0;
    for (let j = 1; j <= 20; j++) {
      const term = exp((2 * j - 1) * (2 * j - 1) * factor);
      sum += term;
      if (term < 1e-17 * sum) break;
    }
    return 1 - (Math.sqrt(2 * Math.PI) / lambda) * sum;
  }
  let sum = 0;
  let sign = 1;
  for (let j = 1; j <= 100; j++) {
    const term = exp(-2 * j * j * lambda * lambda);
    sum += sign * term;
    if (term < 1e-17) break;
    sign = -sign;
  }
  return Math.min(1, Math.max(0, 2 * sum));
}

/**
 * Kolmogorov-Smirnov p-value for a sample of n against a fully specified distribution, with Stephens' (1970)
 * small-sample correction lambda = (sqrt(n) + 0.12 + 0.11 / sqrt(n)) D.
 */
export function ksPValue(d: number, n: number): number {
  const root = Math.sqrt(n);
  return kolmogorovSurvival((root + 0.12 + 0.11 / root) * d);
}

/** Asymptotic Anderson-Darling CDF (Marsaglia and Marsaglia 2004, "Evaluating the Anderson-Darling distribution", JSS 9(2)). */
function adInfinity(z: number): number {
  if (z < 2) {
    return (exp(-1.2337141 / z) / Math.sqrt(z)) * (2.00012 + (0.247105 - (0.0649821 - (0.0347962 - (0.011672 - 0.00168691 * z) * z) * z) * z) * z);
  }
  return exp(-exp(1.0776 - (2.30695 - (0.43424 - (0.082433 - (0.008056 - 0.0003146 * z) * z) * z) * z) * z));
}

/** Marsaglia and Marsaglia's correction of the asymptotic CDF for sample size n. */
function adErrorFix(n: number, x: number): number {
  if (x > 0.8) return (-130.2137 + (745.2337 - (1705.091 - (1950.646 - (1116.36 - 255.7844 * x) * x) * x) * x) * x) / n;
  const c = 0.01265 + 0.1757 / n;
  if (x < c) {
    let t = x / c;
    t = Math.sqrt(t) * (1 - t) * (49 * t - 102);
    return (t * (0.0037 / (n * n) + 0.00078 / n + 0.00006)) / n;
  }
  const t = (x - c) / (0.8 - c);
  const g = -0.00022633 + (6.54034 - (14.6538 - (14.458 - (8.259 - 1.91864 * t) * t) * t) * t) * t;
  return (g * (0.04213 + 0.01365 / n)) / n;
}

/** Anderson-Darling p-value P(A^2 >= a) for n observations of a fully specified continuous distribution. */
export function adPValue(a: number, n: number): number {
  if (a <= 0) return 1;
  const asymptotic = adInfinity(a);
  return Math.min(1, Math.max(0, 1 - (asymptotic + adErrorFix(n, asymptotic))));
}

/** Chi-square survival P(X >= x) with df degrees of freedom. */
export function chiSquareSurvival(x: number, df: number): number {
  return regularizedGamma(df / 2, x / 2).upper;
}
