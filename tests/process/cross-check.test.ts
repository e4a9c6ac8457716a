import { describe, expect, it } from 'vitest';
import { integrateFixed } from '../../src/core/kernel/continuous.ts';
import { exothermicDerivatives } from '../../src/core/process/exothermic-cstr.ts';
import { VDV_NOMINAL, VDV_REFERENCE, VDV_STEADY_STATE, reactorDerivatives, scaledSize, steadyConcentrations } from '../../src/core/process/van-de-vusse.ts';

/**
 * An independent adaptive solver for cross-checking the fixed-step RK4: Dormand-Prince 5(4) with error control, written
 * here from the published tableau (Dormand & Prince 1980) so the check needs no extra package.
 */
function dormandPrince(f: (y: Float64Array, dy: Float64Array) => void, y0: Float64Array, t1: number, tol = 1e-10): Float64Array {
  const a = [
    [],
    [1 / 5],
    [3 / 40, 9 / 40],
    [44 / 45, -56 / 15, 32 / 9],
    [19372 / 6561, -25360 / 2187, 64448 / 6561, -212 / 729],
    [9017 / 3168, -355 / 33, 46732 / 5247, 49 / 176, -5103 / 18656],
    [35 / 384, 0, 500 / 1113, 125 / 192, -2187 / 6784, 11 / 84],
  ];
  const b5 = [35 / 384, 0, 500 / 1113, 125 / 192, -2187 / 6784, 11 / 84, 0];
  const b4 = [5179 / 57600, 0, 7571 / 16695, 393 / 640, -92097 / 339200, 187 / 2100, 1 / 40];
  const n = y0.length;
  const y = Float64Array.from(y0);
  const k = Array.from({ length: 7 }, () => new Float64Array(n));
  const probe = new Float64Array(n);
  let t = 0;
  let h = 1e-4;
  while (t < t1) {
    if (t + h > t1) h = t1 - t;
    for (let s = 0; s < 7; s++) {
      for (let i = 0; i < n; i++) {
        let sum = y[i]!;
        for (let j = 0; j < s; j++) sum += h * a[s]![j]! * k[j]![i]!;
        probe[i] = sum;
      }
      f(probe, k[s]!);
    }
    let err = 0;
    for (let i = 0; i < n; i++) {
      let e = 0;
      for (let s = 0; s < 7; s++) e += h * (b5[s]! - b4[s]!) * k[s]![i]!;
      err = Math.max(err, Math.abs(e) / (tol * (1 + Math.abs(y[i]!))));
    }
    if (err <= 1) {
      for (let i = 0; i < n; i++) {
        let sum = 0;
        for (let s = 0; s < 7; s++) sum += b5[s]! * k[s]![i]!;
        y[i] = y[i]! + h * sum;
      }
      t += h;
    }
    h *= Math.min(5, Math.max(0.2, 0.9 * Math.pow(Math.max(err, 1e-12), -0.2)));
  }
  return y;
}

describe('fixed-step RK4 against an adaptive Dormand-Prince solver', () => {
  it('van de Vusse, T0 +5 C for 2 h at plant scale: agrees to 1e-6', () => {
    const size = scaledSize(1000);
    const u = { ...VDV_NOMINAL, T0: VDV_NOMINAL.T0 + 5, QK: VDV_NOMINAL.QK * 1000, kw: VDV_REFERENCE.kw };
    const r = { r1: 0, r2: 0, r3: 0 };
    const s = VDV_STEADY_STATE;
    const c = steadyConcentrations(VDV_NOMINAL.F, s.T, VDV_NOMINAL.cA0);
    const y0 = Float64Array.of(s.cA, s.cB, c.cC, c.cD, s.T, s.TK);
    const f = (y: Float64Array, dy: Float64Array) => reactorDerivatives(y, dy, 0, u, size, r);
    const rk4 = integrateFixed((_t, y, dy) => f(y, dy), Float64Array.from(y0), 0, 2, 30 / 3600);
    const dp = dormandPrince(f, y0, 2);
    for (let i = 0; i < 6; i++) expect(Math.abs(rk4[i]! - dp[i]!) / Math.abs(dp[i]!)).toBeLessThan(1e-6);
  });

  it('exothermic CSTR ignition at Tc = 310 K: the 0.001 min RK4 steps agree after the peak', () => {
    const u = { Tc: 310, q: 100 };
    const f = (y: Float64Array, dy: Float64Array) => exothermicDerivatives(y, dy, u);
    const y0 = Float64Array.of(0.87725, 324.475);
    const rk4 = integrateFixed((_t, y, dy) => f(y, dy), Float64Array.from(y0), 0, 5, 0.001);
    const dp = dormandPrince(f, y0, 5);
    expect(Math.abs(rk4[1]! - dp[1]!)).toBeLessThan(0.01);
    expect(Math.abs(rk4[0]! - dp[0]!)).toBeLessThan(1e-4);
  });
});
