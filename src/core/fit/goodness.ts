/**
 * Goodness-of-fit statistics of a sample against a distribution: Kolmogorov-Smirnov D, Anderson-Darling A^2 and
 * Pearson's chi-square on binned counts.
 *
 * p-values: KS by the asymptotic Kolmogorov distribution with Stephens' small-sample correction, AD by Marsaglia and
 * Marsaglia's (2004) approximation with its finite-n correction, chi-square by the chi-square distribution with
 * bins - 1 - (estimated parameters) degrees of freedom. The KS and AD p-values are exact only for a distribution fixed
 * before seeing the data; with parameters estimated from the same sample they are conservative (too large), which is
 * why `fitDistributions` can replace them by parametric-bootstrap p-values (refit on each simulated sample, seeded stream).
 */
import { log, pow } from '../math/index.ts';
import type { Distribution } from './families.ts';
import { adPValue, chiSquareSurvival, ksPValue } from './special.ts';

/** KS statistic D = sup |F_n - F| of an ascending sample. */
export function ksStatistic(sorted: Float64Array, dist: Pick<Distribution, 'cdf'>): number {
  const n = sorted.length;
  let d = 0;
  for (let i = 0; i < n; i++) {
    const f = dist.cdf(sorted[i]!);
    d = Math.max(d, (i + 1) / n - f, f - i / n);
  }
  return d;
}

// Keeps ln F finite where a fitted CDF rounds to 0 or 1 at an extreme observation (the statistic is then huge anyway).
const SMALLEST = 1e-300;

/** AD statistic A^2 = -n - (1/n) sum (2i - 1) [ln F(x_i) + ln S(x_(n+1-i))] of an ascending sample. */
export function adStatistic(sorted: Float64Array, dist: Pick<Distribution, 'cdf' | 'sf'>): number {
  const n = sorted.length;
  let total = 0;
  for (let i = 0; i < n; i++) {
    const lower = Math.max(SMALLEST, dist.cdf(sorted[i]!));
    const upper = Math.max(SMALLEST, dist.sf(sorted[n - 1 - i]!));
    total += (2 * i + 1) * (log(lower) + log(upper));
  }
  return -n - total / n;
}

export interface ChiSquareResult {
  statistic: number;
  bins: number;
  degreesOfFreedom: number;
  pValue: number;
}

/**
 * Pearson's chi-square for binned data: `edges` are the k + 1 bin boundaries (the first and last may be -/+Infinity),
 * `counts` the k observed counts; expected counts come from the distribution's CDF.
 */
export function chiSquareBinned(
  edges: readonly number[],
  counts: readonly number[],
  dist: Pick<Distribution, 'cdf'>,
  estimatedParameters: number,
): ChiSquareResult {
  if (edges.length !== counts.length + 1) throw new RangeError(`chi-square: expected ${counts.length + 1} bin edges, got ${edges.length}`);
  const n = counts.reduce((a, b) => a + b, 0);
  let statistic = 0;
  for (let i = 0; i < counts.length; i++) {
    const lower = edges[i] === -Infinity ? 0 : dist.cdf(edges[i]!);
    const upper = edges[i + 1] === Infinity ? 1 : dist.cdf(edges[i + 1]!);
    const expected = n * Math.max(upper - lower, 0);
    const observed = counts[i]!;
    statistic += expected > 0 ? ((observed - expected) * (observed - expected)) / expected : observed > 0 ? Infinity : 0;
  }
  const degreesOfFreedom = counts.length - 1 - estimatedParameters;
  return {
    statistic,
    bins: counts.length,
    degreesOfFreedom,
    pValue: degreesOfFreedom > 0 ? chiSquareSurvival(statistic, degreesOfFreedom) : Number.NaN,
  };
}

/**
 * Chi-square of a raw sample on equiprobable bins under the fitted distribution:
 * k = min(ceil(2 n^0.4), floor(n / 5)) (Moore's rule, capped so that at least 5 are expected per bin).
 */
export function chiSquareEquiprobable(sorted: Float64Array, dist: Pick<Distribution, 'cdf' | 'quantile'>, estimatedParameters: number): ChiSquareResult {
  const n = sorted.length;
  const k = Math.min(Math.ceil(2 * pow(n, 0.4)), Math.floor(n / 5));
  if (k < 3) return { statistic: Number.NaN, bins: k, degreesOfFreedom: k - 1 - estimatedParameters, pValue: Number.NaN };
  const edges = [-Infinity];
  for (let i = 1; i < k; i++) edges.push(dist.quantile(i / k));
  edges.push(Infinity);
  const counts = new Array<number>(k).fill(0);
  let bin = 0;
  for (let i = 0; i < n; i++) {
    while (bin < k - 1 && sorted[i]! > edges[bin + 1]!) bin++;
    counts[bin]!++;
  }
  return chiSquareBinned(edges, counts, dist, estimatedParameters);
}

export { ksPValue, adPValue };
