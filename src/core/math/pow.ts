/**
 * x^y, fully specified in IEEE double arithmetic so that every JavaScript engine returns the same bits.
 *
 * Algorithm: fdlibm e_pow.c (Sun Microsystems, freely distributable): log2(|x|) in two pieces (head with 29 trailing
 * zero bits + tail) from a Remez approximation, y*log2(x) = n + y' in simulated extra precision (|y'| <= 1/2), then
 * 2^n * exp(y' ln2). Accuracy: "nearly rounded" (< 1 ulp in fdlibm's analysis; tests check within 1 ulp of Math.pow on
 * the simulation's ranges); pow(integer, integer) is exact whenever the result is representable.
 * Special cases follow ECMAScript's Number::exponentiate, which differs from C99 pow in two places: y = NaN gives NaN
 * even for x = 1, and (+-1)^(+-Infinity) is NaN (C gives 1). Everything else (signed zeros, odd integer exponents of
 * negative bases, Infinity) is as IEEE 754 / C99 specify.
 * Trade-off: slower than the engine's operator, for bit-identical results across engines.
 */
import { fromWords, highWord, lowWord, scalbn, withHighWord, withLowWord } from './bits.ts';

const DP_H1 = 5.84962487220764160156e-1; // log2(1.5) head, 0x3fe2b803 40000000
const DP_L1 = 1.35003920212974897128e-8; // log2(1.5) tail
const TWO53 = 9007199254740992;
const L1 = 5.99999999999994648725e-1;
const L2 = 4.28571428578550184252e-1;
const L3 = 3.33333329818377432918e-1;
const L4 = 2.72728123808534006489e-1;
const L5 = 2.30660745775561754067e-1;
const L6 = 2.06975017800338417784e-1;
const P1 = 1.66666666666666019037e-1;
const P2 = -2.77777777770155933842e-3;
const P3 = 6.61375632143793436117e-5;
const P4 = -1.6533902205465251539e-6;
const P5 = 4.13813679705723846039e-8;
const LG2 = 6.93147180559945286227e-1;
const LG2_H = 6.93147182464599609375e-1; // 0x3fe62e43 00000000
const LG2_L = -1.90465429995776804525e-9;
const OVT = 8.008566259537294e-17; // -(1024 - log2(overflow threshold + 1/2 ulp))
const CP = 9.61796693925975554329e-1; // 2/(3 ln2)
const CP_H = 9.61796700954437255859e-1; // (float)CP
const CP_L = -7.02846165095275826516e-9; // tail of CP_H
const IVLN2 = 1.442695040888963387; // 1/ln2
const IVLN2_H = 1.44269502162933349609; // 24-bit head of 1/ln2
const IVLN2_L = 1.92596299112661746887e-8; // tail
const SIGNED_C090CC00 = 0xc090cc00 | 0; // high word of -1075 as a signed int32

/** 0: y is not an integer, 1: odd integer, 2: even integer (only computed when x < 0, as fdlibm does). */
function integerKind(iy: number, ly: number): number {
  if (iy >= 0x43400000) return 2; // |y| >= 2^53: even
  if (iy < 0x3ff00000) return 0; // |y| < 1, nonzero
  const k = (iy >> 20) - 0x3ff; // unbiased exponent
  if (k > 20) {
    const j = ly >>> (52 - k);
    return (j << (52 - k)) >>> 0 === ly ? 2 - (j & 1) : 0;
  }
  if (ly !== 0) return 0;
  const j = iy >> (20 - k);
  return j << (20 - k) === iy ? 2 - (j & 1) : 0;
}

export function pow(x: number, y: number): number {
  const hx = highWord(x);
  const lx = lowWord(x);
  const hy = highWord(y);
  const ly = lowWord(y);
  const ix = hx & 0x7fffffff;
  const iy = hy & 0x7fffffff;

  if ((iy | ly) === 0) return 1; // x^+-0 = 1, even for NaN
  if (x !== x || y !== y) return NaN;

  const yisint = hx < 0 ? integerKind(iy, ly) : 0;

  if (ly === 0) {
    if (iy === 0x7ff00000) {
      // y = +-Infinity
      if (((ix - 0x3ff00000) | lx) === 0) return NaN; // (+-1)^+-Inf: NaN in ECMAScript
      if (ix >= 0x3ff00000) return hy >= 0 ? y : 0; // |x| > 1
      return hy < 0 ? -y : 0; // |x| < 1
    }
    if (iy === 0x3ff00000) return hy < 0 ? 1 / x : x; // y = +-1
    if (hy === 0x40000000) return x * x; // y = 2
    if (hy === 0x3fe00000 && hx >= 0) return Math.sqrt(x); // y = 0.5, x >= +0 (sqrt is correctly rounded)
  }

  const ax = Math.abs(x);
  if (lx === 0 && (ix === 0x7ff00000 || ix === 0 || ix === 0x3ff00000)) {
    // x = +-0, +-Inf, +-1
    let z = hy < 0 ? 1 / ax : ax;
    if (hx < 0) {
      if (((ix - 0x3ff00000) | yisint) === 0)
        z = NaN; // (-1)^non-integer
      else if (yisint === 1) z = -z; // negative base, odd exponent
    }
    return z;
  }

  const negativeBase = hx < 0;
  if (negativeBase && yisint === 0) return NaN; // (x < 0)^non-integer
  const sign = negativeBase && yisint === 1 ? -1 : 1;

  let t1: number;
  let t2: number;
  if (iy > 0x41e00000) {
    // |y| > 2^31
    if (iy > 0x43f00000) {
      // |y| > 2^64: over/underflow unless x is exactly 1 (handled above)
      if (ix <= 0x3fefffff) return hy < 0 ? sign * Infinity : sign * 0;
      return hy > 0 ? sign * Infinity : sign * 0;
    }
    if (ix < 0x3fefffff) return hy < 0 ? sign * Infinity : sign * 0;
    if (ix > 0x3ff00000) return hy > 0 ? sign * Infinity : sign * 0;
    // |1 - x| <= 2^-20: log(x) by x - x^2/2 + x^3/3 - x^4/4
    const t = ax - 1;
    const w = t * t * (0.5 - t * (0.3333333333333333 - t * 0.25));
    const u = IVLN2_H * t;
    const v = t * IVLN2_L - w * IVLN2;
    t1 = withLowWord(u + v, 0);
    t2 = v - (t1 - u);
  } else {
    let n = 0;
    let a = ax;
    let ia = ix;
    if (ia < 0x00100000) {
      // subnormal x
      a *= TWO53;
      n -= 53;
      ia = highWord(a);
    }
    n += (ia >> 20) - 0x3ff;
    const j = ia & 0x000fffff;
    ia = j | 0x3ff00000; // normalise to [1, 2)
    let k: number;
    if (j <= 0x3988e)
      k = 0; // |x| < sqrt(3/2)
    else if (j < 0xbb67a)
      k = 1; // |x| < sqrt(3)
    else {
      k = 0;
      n += 1;
      ia -= 0x00100000;
    }
    a = withHighWord(a, ia);
    const bp = k === 0 ? 1 : 1.5;
    const dpH = k === 0 ? 0 : DP_H1;
    const dpL = k === 0 ? 0 : DP_L1;

    // s = s_h + s_l = (a - bp) / (a + bp)
    let u = a - bp;
    let v = 1 / (a + bp);
    const s = u * v;
    const sH = withLowWord(s, 0);
    let tH = fromWords(((ia >> 1) | 0x20000000) + 0x00080000 + (k << 18), 0); // a + bp, high part
    let tL = a - (tH - bp);
    const sL = v * (u - sH * tH - sH * tL);
    // log(a)
    let s2 = s * s;
    let r = s2 * s2 * (L1 + s2 * (L2 + s2 * (L3 + s2 * (L4 + s2 * (L5 + s2 * L6)))));
    r += sL * (sH + s);
    s2 = sH * sH;
    tH = withLowWord(3 + s2 + r, 0);
    tL = r - (tH - 3 - s2);
    // u + v = s * (1 + ...)
    u = sH * tH;
    v = sL * tH + tL * s;
    // 2/(3 log2) * (s + ...)
    const pH = withLowWord(u + v, 0);
    const pL = v - (pH - u);
    const zH = CP_H * pH;
    const zL = CP_L * pH + pL * CP + dpL;
    // log2(a) = n + dpH + zH + zL
    const t = n;
    t1 = withLowWord(zH + zL + dpH + t, 0);
    t2 = zL - (t1 - t - dpH - zH);
  }

  // (y1 + y2) * (t1 + t2) with y1 = y's high part
  const y1 = withLowWord(y, 0);
  const pL = (y - y1) * t1 + y * t2;
  let pH = y1 * t1;
  let z = pL + pH;
  let j = highWord(z);
  const i = lowWord(z);
  if (j >= 0x40900000) {
    // z >= 1024
    if (((j - 0x40900000) | i) !== 0) return sign * Infinity;
    if (pL + OVT > z - pH) return sign * Infinity;
  } else if ((j & 0x7fffffff) >= 0x4090cc00) {
    // z <= -1075
    if (((j - SIGNED_C090CC00) | i) !== 0) return sign * 0;
    if (pL <= z - pH) return sign * 0;
  }

  // 2^(pH + pL)
  const ij = j & 0x7fffffff;
  let k = (ij >> 20) - 0x3ff;
  let n = 0;
  if (ij > 0x3fe00000) {
    // |z| > 1/2: n = [z + 1/2]
    n = j + (0x00100000 >> (k + 1));
    k = ((n & 0x7fffffff) >> 20) - 0x3ff;
    const t = fromWords(n & ~(0x000fffff >> k), 0);
    n = ((n & 0x000fffff) | 0x00100000) >> (20 - k);
    if (j < 0) n = -n;
    pH -= t;
  }
  let t = withLowWord(pL + pH, 0);
  const u = t * LG2_H;
  const v = (pL - (t - pH)) * LG2 + t * LG2_L;
  z = u + v;
  const w = v - (z - u);
  t = z * z;
  const c = z - t * (P1 + t * (P2 + t * (P3 + t * (P4 + t * P5))));
  const r = (z * c) / (c - 2) - (w + z * w);
  z = 1 - (r - z);
  j = highWord(z) + (n << 20);
  z = j >> 20 <= 0 ? scalbn(z, n) : withHighWord(z, j); // subnormal result: round once
  return sign * z;
}
