/**
 * Random variates by inversion or classical transforms, each a pure function of a stream.
 * Parameters are checked once, where a sampler is made (`makeSampler`), not on every draw.
 */
import type { Rng } from './stream.ts';
import { exp, log, pow, cos } from '../math/index.ts';

export function uniform(rng: Rng, min: number, max: number): number {
  return min + (max - min) * rng.next();
}

export function exponential(rng: Rng, mean: number): number {
  // 1 - U lies in (0, 1], so the logarithm is finite.
  return -mean * log(1 - rng.next());
}

/** Box-Muller with both uniforms drawn per variate: no cached second value, so a stream's state depends only on draws. */
export function standardNormal(rng: Rng): number {
  const u1 = 1 - rng.next();
  const u2 = rng.next();
  return Math.sqrt(-2 * log(u1)) * cos(2 * Math.PI * u2);
}

export function normal(rng: Rng, mean: number, sd: number): number {
  return mean + sd * standardNormal(rng);
}

/** Parameters of the underlying normal for a lognormal with the given mean and standard deviation. */
export function lognormalParameters(mean: number, sd: number): { mu: number; sigma: number } {
  const sigma2 = log(1 + (sd * sd) / (mean * mean));
  return { mu: log(mean) - sigma2 / 2, sigma: Math.sqrt(sigma2) };
}

export function lognormal(rng: Rng, mu: number, sigma: number): number {
  return exp(mu + sigma * standardNormal(rng));
}

/** Weibull with shape k and scale lambda: F(x) = 1 - exp(-(x / lambda)^k). */
export function weibull(rng: Rng, shape: number, scale: number): number {
  return scale * pow(-log(1 - rng.next()), 1 / shape);
}

export function triangular(rng: Rng, min: number, mode: number, max: number): number {
  const u = rng.next();
  const split = (mode - min) / (max - min);
  return u < split ? min + Math.sqrt(u * (max - min) * (mode - min)) : max - Math.sqrt((1 - u) * (max - min) * (max - mode));
}

export function bernoulli(rng: Rng, p: number): boolean {
  return rng.next() < p;
}

/** Index drawn with probability proportional to its weight; `cumulative` holds running sums of the weights. */
export function discreteIndex(rng: Rng, cumulative: ArrayLike<number>): number {
  const target = rng.next() * cumulative[cumulative.length - 1]!;
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cumulative[mid]! > target) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
