/**
 * sin and cos, fully specified in IEEE double arithmetic so that every JavaScript engine returns the same bits.
 *
 * Algorithm: fdlibm (Sun Microsystems, freely distributable) s_sin.c / s_cos.c over k_sin.c / k_cos.c (degree-13 and
 * degree-14 polynomials on [-pi/4, pi/4], error < 2^-58) with __ieee754_rem_pio2 for the argument reduction:
 * |x| < 2^19 pi/2 is reduced Cody-Waite style with pi/2 in up to three 33-bit parts (good to 151 bits, enough for every
 * double in that range); larger |x| goes through __kernel_rem_pio2 (the full Payne-Hanek style reduction with 396 hex
 * digits of 2/pi), so the result stays within 1 ulp for every finite double.
 * Accuracy: < 1 ulp over the whole double range (fdlibm's analysis; tests check within 1 ulp of Math.sin/Math.cos).
 * Trade-off: slower than the engine's builtins, for bit-identical results across engines.
 */
import { fromWords, highWord, lowWord, scalbn, withLowWord } from './bits.ts';

const S1 = -1.66666666666666324348e-1;
const S2 = 8.33333333332248946124e-3;
const S3 = -1.98412698298579493134e-4;
const S4 = 2.75573137070700676789e-6;
const S5 = -2.50507602534068634195e-8;
const S6 = 1.58969099521155010221e-10;
const TWO_M27 = fromWords(0x3e400000, 0); // 2^-27
const HW_3FD33333 = fromWords(0x3fd33333, 0); // ~0.3
const HW_3FE90001 = fromWords(0x3fe90001, 0); // just above 0.78125
const PIO4_BOUND = fromWords(0x3fe921fc, 0); // |x| below this has high word <= 0x3fe921fb (|x| ~<= pi/4)

/** sin(x + y) for |x| <= pi/4, y the tail of x; tailIsZero skips the y terms (fdlibm __kernel_sin). */
function kernelSin(x: number, y: number, tailIsZero: boolean): number {
  if (Math.abs(x) < TWO_M27) return x; // fdlibm tests the high word; comparing |x| is the same test, without bit access
  const z = x * x;
  const v = z * x;
  const r = S2 + z * (S3 + z * (S4 + z * (S5 + z * S6)));
  if (tailIsZero) return x + v * (S1 + z * r);
  return x - (z * (0.5 * y - v * r) - y - v * S1);
}

const C1 = 4.16666666666666019037e-2;
const C2 = -1.38888888888741095749e-3;
const C3 = 2.48015872894767294178e-5;
const C4 = -2.75573143513906633035e-7;
const C5 = 2.0875723212981748279e-9;
const C6 = -1.13596475577881948265e-11;

/** cos(x + y) for |x| <= pi/4 (fdlibm __kernel_cos). */
function kernelCos(x: number, y: number): number {
  // fdlibm compares the high word ix of |x| with thresholds H; "ix < H" is exactly "|x| < the double with high word H
  // and low word 0", which spares the bit access on the common paths.
  const ax = Math.abs(x);
  if (ax < TWO_M27) return 1;
  const z = x * x;
  const r = z * (C1 + z * (C2 + z * (C3 + z * (C4 + z * (C5 + z * C6)))));
  if (ax < HW_3FD33333) return 1 - (0.5 * z - (z * r - x * y)); // |x| < 0.3
  // Above 0.3, 1 - z/2 would lose bits: take a quarter-sized exact part qx off first.
  const qx = ax >= HW_3FE90001 ? 0.28125 : fromWords((highWord(x) & 0x7fffffff) - 0x00200000, 0);
  const hz = 0.5 * z - qx;
  const a = 1 - qx;
  return a - (hz - (z * r - x * y));
}

// 2/pi in 24-bit chunks (396 hex digits), for the reduction of huge arguments.
const TWO_OVER_PI = [
  0xa2f983, 0x6e4e44, 0x1529fc, 0x2757d1, 0xf534dd, 0xc0db62, 0x95993c, 0x439041, 0xfe5163, 0xabdebb, 0xc561b7, 0x246e3a, 0x424dd2, 0xe00649, 0x2eea09,
  0xd1921c, 0xfe1deb, 0x1cb129, 0xa73ee8, 0x8235f5, 0x2ebb44, 0x84e99c, 0x7026b4, 0x5f7e41, 0x3991d6, 0x398353, 0x39f49c, 0x845f8b, 0xbdf928, 0x3b1ff8,
  0x97ffde, 0x05980f, 0xef2f11, 0x8b5a0a, 0x6d1f6d, 0x367ecf, 0x27cb09, 0xb74f46, 0x3f669e, 0x5fea2d, 0x7527ba, 0xc7ebe5, 0xf17b3d, 0x0739f7, 0x8a5292,
  0xea6bfb, 0x5fb11f, 0x8d5d08, 0x560330, 0x46fc7b, 0x6babf0, 0xcfbc20, 0x9af436, 0x1da9e3, 0x91615e, 0xe61b08, 0x659985, 0x5f14a0, 0x68408d, 0xffd880,
  0x4d7327, 0x310606, 0x1556ca, 0x73a8c9, 0x60e27b, 0xc08c6b,
];
// High words of n*pi/2 for n = 1..32: an argument this close to a multiple of pi/2 needs the longer reduction.
const NPIO2_HW = [
  0x3ff921fb, 0x400921fb, 0x4012d97c, 0x401921fb, 0x401f6a7a, 0x4022d97c, 0x4025fdbb, 0x402921fb, 0x402c463a, 0x402f6a7a, 0x4031475c, 0x4032d97c, 0x40346b9c,
  0x4035fdbb, 0x40378fdb, 0x403921fb, 0x403ab41b, 0x403c463a, 0x403dd85a, 0x403f6a7a, 0x40407e4c, 0x4041475c, 0x4042106c, 0x4042d97c, 0x4043a28c, 0x40446b9c,
  0x404534ac, 0x4045fdbb, 0x4046c6cb, 0x40478fdb, 0x404858eb, 0x404921fb,
];
// pi/2 cut into 24-bit pieces.
const PIO2 = [
  1.57079625129699707031, 7.54978941586159635335e-8, 5.39030252995776476554e-15, 3.28200341580791294123e-22, 1.27065575308067607349e-29,
  1.22933308981111328932e-36, 2.73370053816464559624e-44, 2.16741683877804819444e-51,
];
const TWO24 = 1.6777216e7;
const TWON24 = 5.9604644775390625e-8;
const INV_PIO2 = 6.36619772367581382433e-1; // 53 bits of 2/pi
const PIO2_1 = 1.57079632673412561417; // first 33 bits of pi/2
const PIO2_1T = 6.07710050650619224932e-11; // pi/2 - PIO2_1
const PIO2_2 = 6.0771005063039659766e-11; // second 33 bits
const PIO2_2T = 2.02226624879595063154e-21; // pi/2 - (PIO2_1 + PIO2_2)
const PIO2_3 = 2.0222662487111664558e-21; // third 33 bits
const PIO2_3T = 8.47842766036889956997e-32; // pi/2 - (PIO2_1 + PIO2_2 + PIO2_3)

// Scratch of the huge-argument reduction, reused so that no call allocates.
const JK = 4; // terms of 2/pi beyond the first needed for 53-bit results (fdlibm prec = 2)
const f = new Float64Array(20);
const q = new Float64Array(20);
const fq = new Float64Array(20);
const iq = new Int32Array(20);
const tx = new Float64Array(3);

/**
 * x*2/pi for a huge positive x given as 24-bit chunks xs[0..nx-1] scaled by 2^e0: returns n mod 8 and writes
 * x - n*pi/2 into out[0] + out[1] (fdlibm __kernel_rem_pio2, prec = 2).
 */
function kernelRemPio2(xs: Float64Array, out: Float64Array, e0: number, nx: number): number {
  const jp = JK;
  const jx = nx - 1;
  let jv = Math.trunc((e0 - 3) / 24);
  if (jv < 0) jv = 0;
  let q0 = e0 - 24 * (jv + 1);

  // f[0..jx+jk] = TWO_OVER_PI[jv-jx .. jv+jk]
  let j = jv - jx;
  const m = jx + JK;
  for (let i = 0; i <= m; i++, j++) f[i] = j < 0 ? 0 : TWO_OVER_PI[j]!;
  for (let i = 0; i <= JK; i++) {
    let fw = 0;
    for (let l = 0; l <= jx; l++) fw += xs[l]! * f[jx + i - l]!;
    q[i] = fw;
  }

  let jz = JK;
  let z: number;
  let n: number;
  let ih: number;
  for (;;) {
    // distill q[] into iq[] in reverse
    z = q[jz]!;
    for (let i = 0, l = jz; l > 0; i++, l--) {
      const fw = Math.trunc(TWON24 * z);
      iq[i] = Math.trunc(z - TWO24 * fw);
      z = q[l - 1]! + fw;
    }
    z = scalbn(z, q0);
    z -= 8 * Math.floor(z * 0.125); // drop the multiple of 8
    n = Math.trunc(z);
    z -= n;
    ih = 0;
    if (q0 > 0) {
      const top = iq[jz - 1]! >> (24 - q0);
      n += top;
      iq[jz - 1] = iq[jz - 1]! - (top << (24 - q0));
      ih = iq[jz - 1]! >> (23 - q0);
    } else if (q0 === 0) ih = iq[jz - 1]! >> 23;
    else if (z >= 0.5) ih = 2;

    if (ih > 0) {
      // fraction >= 1/2: take 1 - fraction, n + 1
      n += 1;
      let carry = 0;
      for (let i = 0; i < jz; i++) {
        const v = iq[i]!;
        if (carry === 0) {
          if (v !== 0) {
            carry = 1;
            iq[i] = 0x1000000 - v;
          }
        } else iq[i] = 0xffffff - v;
      }
      if (q0 === 1) iq[jz - 1] = iq[jz - 1]! & 0x7fffff;
      else if (q0 === 2) iq[jz - 1] = iq[jz - 1]! & 0x3fffff;
      if (ih === 2) {
        z = 1 - z;
        if (carry !== 0) z -= scalbn(1, q0);
      }
    }

    // all remaining bits zero: the fraction needs more terms of 2/pi
    if (z === 0) {
      let any = 0;
      for (let i = jz - 1; i >= JK; i--) any |= iq[i]!;
      if (any === 0) {
        let k = 1;
        while (iq[JK - k] === 0) k++;
        for (let i = jz + 1; i <= jz + k; i++) {
          f[jx + i] = TWO_OVER_PI[jv + i]!;
          let fw = 0;
          for (let l = 0; l <= jx; l++) fw += xs[l]! * f[jx + i - l]!;
          q[i] = fw;
        }
        jz += k;
        continue;
      }
    }
    break;
  }

  // chop off zero terms
  if (z === 0) {
    jz -= 1;
    q0 -= 24;
    while (iq[jz] === 0) {
      jz--;
      q0 -= 24;
    }
  } else {
    z = scalbn(z, -q0);
    if (z >= TWO24) {
      const fw = Math.trunc(TWON24 * z);
      iq[jz] = Math.trunc(z - TWO24 * fw);
      jz += 1;
      q0 += 24;
      iq[jz] = fw;
    } else iq[jz] = Math.trunc(z);
  }

  // integer chunks back to floating point
  let fw = scalbn(1, q0);
  for (let i = jz; i >= 0; i--) {
    q[i] = fw * iq[i]!;
    fw *= TWON24;
  }
  // PIO2[0..jp] * q[jz..0]
  for (let i = jz; i >= 0; i--) {
    fw = 0;
    for (let k = 0; k <= jp && k <= jz - i; k++) fw += PIO2[k]! * q[i + k]!;
    fq[jz - i] = fw;
  }
  // compress fq[] into out[0] + out[1]
  fw = 0;
  for (let i = jz; i >= 0; i--) fw += fq[i]!;
  out[0] = ih === 0 ? fw : -fw;
  fw = fq[0]! - fw;
  for (let i = 1; i <= jz; i++) fw += fq[i]!;
  out[1] = ih === 0 ? fw : -fw;
  return n & 7;
}

/**
 * Reduces x to out[0] + out[1] in [-pi/4, pi/4] with x = n*pi/2 + out[0] + out[1]; returns n (only n mod 4 matters to
 * the callers). fdlibm __ieee754_rem_pio2. Exported for tests.
 */
export function remPio2(x: number, out: Float64Array): number {
  const hx = highWord(x);
  const ix = hx & 0x7fffffff;
  if (ix <= 0x3fe921fb) {
    // |x| <= pi/4
    out[0] = x;
    out[1] = 0;
    return 0;
  }
  if (ix < 0x4002d97c) {
    // |x| < 3pi/4: n = +-1
    if (hx > 0) {
      let z = x - PIO2_1;
      if (ix !== 0x3ff921fb) {
        out[0] = z - PIO2_1T;
        out[1] = z - out[0]! - PIO2_1T;
      } else {
        // near pi/2: 33+33+53 bits of pi/2
        z -= PIO2_2;
        out[0] = z - PIO2_2T;
        out[1] = z - out[0]! - PIO2_2T;
      }
      return 1;
    }
    let z = x + PIO2_1;
    if (ix !== 0x3ff921fb) {
      out[0] = z + PIO2_1T;
      out[1] = z - out[0]! + PIO2_1T;
    } else {
      z += PIO2_2;
      out[0] = z + PIO2_2T;
      out[1] = z - out[0]! + PIO2_2T;
    }
    return -1;
  }
  if (ix <= 0x413921fb) {
    // |x| <= 2^19 pi/2: medium size, Cody-Waite with up to three parts of pi/2
    const t0 = Math.abs(x);
    const n = Math.trunc(t0 * INV_PIO2 + 0.5);
    const fn = n;
    let r = t0 - fn * PIO2_1;
    let w = fn * PIO2_1T; // first round good to 85 bits
    if (n < 32 && ix !== NPIO2_HW[n - 1]) {
      out[0] = r - w; // no cancellation possible
    } else {
      const j = ix >> 20;
      out[0] = r - w;
      let i = j - ((highWord(out[0]!) >> 20) & 0x7ff);
      if (i > 16) {
        // second iteration, good to 118 bits
        let t = r;
        w = fn * PIO2_2;
        r = t - w;
        w = fn * PIO2_2T - (t - r - w);
        out[0] = r - w;
        i = j - ((highWord(out[0]!) >> 20) & 0x7ff);
        if (i > 49) {
          // third iteration, 151 bits: covers every case
          t = r;
          w = fn * PIO2_3;
          r = t - w;
          w = fn * PIO2_3T - (t - r - w);
          out[0] = r - w;
        }
      }
    }
    out[1] = r - out[0]! - w;
    if (hx < 0) {
      out[0] = -out[0]!;
      out[1] = -out[1]!;
      return -n;
    }
    return n;
  }
  if (ix >= 0x7ff00000) {
    // Inf or NaN
    out[0] = out[1] = x - x;
    return 0;
  }
  // huge |x|: split into three 24-bit chunks, z = |x| * 2^-e0 in [2^23, 2^24)
  const e0 = (ix >> 20) - 1046;
  let z = withLowWord(fromWords(ix - (e0 << 20), 0), lowWord(x));
  for (let i = 0; i < 2; i++) {
    tx[i] = Math.trunc(z);
    z = (z - tx[i]!) * TWO24;
  }
  tx[2] = z;
  let nx = 3;
  while (tx[nx - 1] === 0) nx--;
  const n = kernelRemPio2(tx, out, e0, nx);
  if (hx < 0) {
    out[0] = -out[0]!;
    out[1] = -out[1]!;
    return -n;
  }
  return n;
}

const reduced = new Float64Array(2);

/** sin x (radians). sin(+-0) = +-0, sin(+-Inf) = sin(NaN) = NaN. */
export function sin(x: number): number {
  if (Math.abs(x) < PIO4_BOUND) return kernelSin(x, 0, true);
  if (!(Math.abs(x) < Infinity)) return NaN; // +-Inf, NaN
  const n = remPio2(x, reduced);
  const y0 = reduced[0]!;
  const y1 = reduced[1]!;
  switch (n & 3) {
    case 0:
      return kernelSin(y0, y1, false);
    case 1:
      return kernelCos(y0, y1);
    case 2:
      return -kernelSin(y0, y1, false);
    default:
      return -kernelCos(y0, y1);
  }
}

/** cos x (radians). cos(+-0) = 1, cos(+-Inf) = cos(NaN) = NaN. */
export function cos(x: number): number {
  if (Math.abs(x) < PIO4_BOUND) return kernelCos(x, 0);
  if (!(Math.abs(x) < Infinity)) return NaN; // +-Inf, NaN
  const n = remPio2(x, reduced);
  const y0 = reduced[0]!;
  const y1 = reduced[1]!;
  switch (n & 3) {
    case 0:
      return kernelCos(y0, y1);
    case 1:
      return -kernelSin(y0, y1, false);
    case 2:
      return -kernelCos(y0, y1);
    default:
      return kernelSin(y0, y1, false);
  }
}
