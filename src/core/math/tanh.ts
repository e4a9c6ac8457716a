/**
 * Hyperbolic tangent, fully specified in IEEE double arithmetic so that every JavaScript engine returns the same bits.
 *
 * Algorithm: fdlibm s_tanh.c (Sun Microsystems, freely distributable) over our expm1: for 2^-55 < |x| < 1,
 * tanh = -t/(t+2) with t = expm1(-2|x|); for 1 <= |x| < 22, tanh = 1 - 2/(expm1(2|x|) + 2); beyond 22 it is +-1 (the
 * difference is below half an ulp). Accuracy: < 2 ulp (fdlibm), in practice within 1 ulp of Math.tanh (tests check).
 * Trade-off: slower than the engine's builtin, for bit-identical results across engines.
 */
import { highWord } from './bits.ts';
import { expm1 } from './exp.ts';

/** tanh x. tanh(+-0) = +-0, tanh(+-Inf) = +-1, tanh(NaN) = NaN. */
export function tanh(x: number): number {
  if (x !== x) return x;
  const high = highWord(x);
  const ix = high & 0x7fffffff;
  let z: number;
  if (ix >= 0x7ff00000) return high >= 0 ? 1 : -1; // +-Inf
  if (ix < 0x40360000) {
    // |x| < 22
    if (ix < 0x3c800000) return x * (1 + x); // |x| < 2^-55: tanh x = x (keeps -0)
    if (ix >= 0x3ff00000) {
      const t = expm1(2 * Math.abs(x));
      z = 1 - 2 / (t + 2);
    } else {
      const t = expm1(-2 * Math.abs(x));
      z = -t / (t + 2);
    }
  } else {
    z = 1;
  }
  return high >= 0 ? z : -z;
}
