/**
 * Natural logarithm, fully specified in IEEE double arithmetic so that every JavaScript engine returns the same bits.
 *
 * Algorithm: fdlibm e_log.c (Sun Microsystems, freely distributable): x = 2^k (1+f) with sqrt(2)/2 < 1+f < sqrt(2);
 * log(1+f) = 2s + s*R(s^2) with s = f/(2+f) and R a degree-14 Remez polynomial (error < 2^-58.45); k*ln2 added with
 * ln2 split so that k*ln2_hi is exact. Accuracy: < 1 ulp (fdlibm's error analysis; tests check within 1 ulp of Math.log).
 * Trade-off: slower than the engine's builtin, for bit-identical results across engines.
 */
import { highWord, lowWord, withHighWord } from './bits.ts';

const LN2_HI = 6.9314718036912381649e-1; // 0x3fe62e42 fee00000
const LN2_LO = 1.90821492927058770002e-10; // 0x3dea39ef 35793c76
const TWO54 = 1.8014398509481984e16;
const LG1 = 6.66666666666673513e-1;
const LG2 = 3.999999999940941908e-1;
const LG3 = 2.857142874366239149e-1;
const LG4 = 2.222219843214978396e-1;
const LG5 = 1.818357216161805012e-1;
const LG6 = 1.531383769920937332e-1;
const LG7 = 1.479819860511658591e-1;

/** ln x. Special cases: log(+-0) = -Inf, log(x < 0) = NaN, log(+Inf) = +Inf, log(NaN) = NaN, log(1) = +0. */
export function log(x: number): number {
  let v = x;
  let hx = highWord(v);
  let k = 0;
  if (hx < 0x00100000) {
    // x < 2^-1022: zero, negative or subnormal
    if (((hx & 0x7fffffff) | lowWord(v)) === 0) return -Infinity;
    if (hx < 0) return NaN;
    k -= 54;
    v *= TWO54; // subnormal: scale up exactly
    hx = highWord(v);
  }
  if (hx >= 0x7ff00000) return v + v; // +Inf or NaN
  k += (hx >> 20) - 1023;
  hx &= 0x000fffff;
  const i = (hx + 0x95f64) & 0x100000;
  v = withHighWord(v, hx | (i ^ 0x3ff00000)); // normalise v or v/2 into [sqrt(2)/2, sqrt(2))
  k += i >> 20;
  const f = v - 1;
  const dk = k;
  if ((0x000fffff & (2 + hx)) < 3) {
    // |f| < 2^-20
    if (f === 0) return k === 0 ? 0 : dk * LN2_HI + dk * LN2_LO;
    const r = f * f * (0.5 - 0.3333333333333333 * f);
    return k === 0 ? f - r : dk * LN2_HI - (r - dk * LN2_LO - f);
  }
  const s = f / (2 + f);
  const z = s * s;
  const w = z * z;
  const t1 = w * (LG2 + w * (LG4 + w * LG6));
  const t2 = z * (LG1 + w * (LG3 + w * (LG5 + w * LG7)));
  const r = t2 + t1;
  if (((hx - 0x6147a) | (0x6b851 - hx)) > 0) {
    const hfsq = 0.5 * f * f;
    return k === 0 ? f - (hfsq - s * (hfsq + r)) : dk * LN2_HI - (hfsq - (s * (hfsq + r) + dk * LN2_LO) - f);
  }
  return k === 0 ? f - s * (f - r) : dk * LN2_HI - (s * (f - r) - dk * LN2_LO - f);
}
