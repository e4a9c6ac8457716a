/**
 * Gamma variates (Marsaglia and Tsang 2000, "A simple method for generating gamma variables", ACM TOMS 26(3)):
 * squeeze-and-reject on a cubed normal for shape >= 1, and Gamma(a) = Gamma(a + 1) U^(1/a) below 1.
 */
import type { Rng } from './stream.ts';
import { standardNormal } from './distributions.ts';
import { log, pow } from '../math/index.ts';

export function gammaVariate(rng: Rng, shape: number, scale: number): number {
  if (shape < 1) return gammaVariate(rng, shape + 1, scale) * pow(1 - rng.next(), 1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const x = standardNormal(rng);
    const base = 1 + c * x;
    if (base <= 0) continue;
    const v = base * base * base;
    const u = 1 - rng.next();
    if (u < 1 - 0.0331 * x * x * x * x) return d * v * scale;
    if (log(u) < 0.5 * x * x + d * (1 - v + log(v))) return d * v * scale;
  }
}
