/**
 * exp(x) and expm1(x), fully specified in IEEE double arithmetic so that every JavaScript engine returns the same bits.
 *
 * Algorithm: fdlibm e_exp.c / s_expm1.c (Sun Microsystems, freely distributable): reduce x = k*ln2 + r with |r| <= ln2/2
 * (ln2 split in a 32-bit head and a tail so that k*ln2_hi is exact), approximate with a degree-5 Remez rational form
 * (error < 2^-59 for exp, < 2^-61 for expm1), scale by 2^k through the exponent bits.
 * Accuracy: < 1 ulp (fdlibm's error analysis); our tests check agreement with the host's Math.exp within 1 ulp.
 * Trade-off: a few times slower than the engine's builtin, in exchange for bit-identical results across engines.
 */
import { fromWords, highWord, withHighWord } from './bits.ts';

const O_THRESHOLD = 7.09782712893383973096e2; // above: overflow
const U_THRESHOLD = -7.4513321910194110842e2; // below: underflow to +0
const LN2_HI = 6.9314718036912381649e-1; // 0x3fe62e42 fee00000
const LN2_LO = 1.90821492927058770002e-10; // 0x3dea39ef 35793c76
const INV_LN2 = 1.442695040888963387;
const TWO_M1000 = 9.3326361850321887899e-302; // 2^-1000
const P1 = 1.66666666666666019037e-1;
const P2 = -2.77777777770155933842e-3;
const P3 = 6.61375632143793436117e-5;
const P4 = -1.6533902205465251539e-6;
const P5 = 4.13813679705723846039e-8;

// fdlibm tests the high word ix of |x| against thresholds H; "ix >= H" is exactly "|x| >= the double with high word H
// and low word 0", so exp compares |x| with these doubles and reads no bits (same results, faster).
const HW_40862E42 = fromWords(0x40862e42, 0); // ~709.78
const HW_3FD62E43 = fromWords(0x3fd62e43, 0); // just above ln2/2
const HW_3FF0A2B2 = fromWords(0x3ff0a2b2, 0); // ~1.5 ln2
const HW_3DF00000 = fromWords(0x3df00000, 0); // 2^-32
/** 2^k for k in [-1022, 1023] (index k + 1022): scaling by 2^k is a multiplication, exact while the result is normal. */
const POWERS_OF_TWO = new Float64Array(2046);
for (let k = -1022; k <= 1023; k++) POWERS_OF_TWO[k + 1022] = fromWords((k + 0x3ff) << 20, 0);

/** e^x. Special cases: exp(NaN) = NaN, exp(+Inf) = +Inf, exp(-Inf) = +0, overflow above 709.78, +0 below -745.13. */
export function exp(x: number): number {
  if (x !== x) return x;
  const negative = x < 0;
  const ax = Math.abs(x);
  if (ax >= HW_40862E42) {
    if (ax === Infinity) return negative ? 0 : x;
    if (x > O_THRESHOLD) return Infinity;
    if (x < U_THRESHOLD) return 0;
  }
  let r = x;
  let hi = 0;
  let lo = 0;
  let k = 0;
  if (ax >= HW_3FD62E43) {
    // |x| > ln2/2: reduce
    if (ax < HW_3FF0A2B2) {
      // and |x| < 1.5 ln2: k = +-1
      hi = negative ? x + LN2_HI : x - LN2_HI;
      lo = negative ? -LN2_LO : LN2_LO;
      k = negative ? -1 : 1;
    } else {
      k = Math.trunc(INV_LN2 * x + (negative ? -0.5 : 0.5));
      hi = x - k * LN2_HI; // exact: k has at most 11 bits, LN2_HI 32
      lo = k * LN2_LO;
    }
    r = hi - lo;
  } else if (ax < HW_3DF00000) {
    // |x| < 2^-32: 1 + x is the correctly rounded result
    return 1 + x;
  }
  const t = r * r;
  const c = r - t * (P1 + t * (P2 + t * (P3 + t * (P4 + t * P5))));
  if (k === 0) return 1 - ((r * c) / (c - 2) - r);
  const y = 1 - (lo - (r * c) / (2 - c) - hi);
  // y * 2^k as fdlibm's exponent addition gives it: exact for k >= -1021 (y*2 first when 2^1024 is not a double);
  // below, scale by 2^(k+1000) exactly and round once with 2^-1000.
  if (k >= -1021) return k === 1024 ? y * 2 * POWERS_OF_TWO[1023 + 1022]! : y * POWERS_OF_TWO[k + 1022]!;
  return y * POWERS_OF_TWO[k + 1000 + 1022]! * TWO_M1000;
}

const Q1 = -3.33333333333331316428e-2;
const Q2 = 1.58730158725481460165e-3;
const Q3 = -7.93650757867487942473e-5;
const Q4 = 4.00821782732936239552e-6;
const Q5 = -2.01099218183624371326e-7;

/** e^x - 1, accurate for small x. expm1(-Inf) = -1, expm1(+Inf) = +Inf, expm1(+-0) = +-0. < 1 ulp (fdlibm s_expm1.c). */
export function expm1(x: number): number {
  if (x !== x) return x;
  const high = highWord(x);
  const negative = high < 0;
  const ix = high & 0x7fffffff;
  if (ix >= 0x4043687a) {
    // |x| >= 56 ln2
    if (ix >= 0x40862e42) {
      if (ix >= 0x7ff00000) return negative ? -1 : x;
      if (x > O_THRESHOLD) return Infinity;
    }
    if (negative) return -1; // e^x below half an ulp of 1
  }
  let r = x;
  let c = 0;
  let k = 0;
  if (ix > 0x3fd62e42) {
    let hi: number;
    let lo: number;
    if (ix < 0x3ff0a2b2) {
      if (!negative) {
        hi = x - LN2_HI;
        lo = LN2_LO;
        k = 1;
      } else {
        hi = x + LN2_HI;
        lo = -LN2_LO;
        k = -1;
      }
    } else {
      k = Math.trunc(INV_LN2 * x + (negative ? -0.5 : 0.5));
      hi = x - k * LN2_HI;
      lo = k * LN2_LO;
    }
    r = hi - lo;
    c = hi - r - lo;
  } else if (ix < 0x3c900000) {
    return x; // |x| < 2^-54
  }
  const hfx = 0.5 * r;
  const hxs = r * hfx;
  const r1 = 1 + hxs * (Q1 + hxs * (Q2 + hxs * (Q3 + hxs * (Q4 + hxs * Q5))));
  const t = 3 - r1 * hfx;
  let e = hxs * ((r1 - t) / (6 - r * t));
  if (k === 0) return r - (r * e - hxs);
  e = r * (e - c) - c;
  e -= hxs;
  if (k === -1) return 0.5 * (r - e) - 0.5;
  if (k === 1) return r < -0.25 ? -2 * (e - (r + 0.5)) : 1 + 2 * (r - e);
  if (k <= -2 || k > 56) {
    const y = 1 - (e - r);
    return withHighWord(y, highWord(y) + (k << 20)) - 1;
  }
  if (k < 20) {
    const oneMinus = fromWords(0x3ff00000 - (0x200000 >> k), 0); // 1 - 2^-k
    const y = oneMinus - (e - r);
    return withHighWord(y, highWord(y) + (k << 20));
  }
  const twoMinusK = fromWords((0x3ff - k) << 20, 0); // 2^-k
  let y = r - (e + twoMinusK);
  y += 1;
  return withHighWord(y, highWord(y) + (k << 20));
}
