/**
 * Our functions against the host engine's Math.* on hundreds of thousands of seeded random inputs over the ranges the
 * simulation uses (and beyond): never more than 1 ulp apart. (Node's V8 happens to use fdlibm for exp, log, sin, cos
 * and tanh, so those agree bit for bit here; pow and hypot are V8's own and differ in the last bit at times.)
 */
import { describe, expect, it } from 'vitest';
import { cos, exp, expm1, hypot, log, pow, sin, tanh } from '../../src/core/math/index.ts';
import { ulpDistance, uniform } from './helpers.ts';

const N = 200_000;

interface Case {
  name: string;
  ours: (x: number, y: number) => number;
  host: (x: number, y: number) => number;
  input: (u: () => number) => [number, number];
}

const logUniform = (u: () => number, lo: number, hi: number): number => Math.exp(Math.log(lo) + u() * (Math.log(hi) - Math.log(lo)));

const CASES: Case[] = [
  { name: 'exp on [-50, 50] (rates, kernels, softmax)', ours: exp, host: Math.exp, input: (u) => [(u() - 0.5) * 100, 0] },
  { name: 'exp on [-745, 710] (whole finite range)', ours: exp, host: Math.exp, input: (u) => [-745 + u() * 1455, 0] },
  { name: 'exp on [-1e-6, 1e-6]', ours: exp, host: Math.exp, input: (u) => [(u() - 0.5) * 2e-6, 0] },
  { name: 'expm1 on [-40, 40]', ours: expm1, host: Math.expm1, input: (u) => [(u() - 0.5) * 80, 0] },
  { name: 'log on (0, 1] (exponential and normal draws)', ours: log, host: Math.log, input: (u) => [1 - u(), 0] },
  { name: 'log on [1e-300, 1e300]', ours: log, host: Math.log, input: (u) => [logUniform(u, 1e-300, 1e300), 0] },
  { name: 'log near 1', ours: log, host: Math.log, input: (u) => [1 + (u() - 0.5) * 1e-5, 0] },
  { name: 'sin on [0, 2 pi] (Box-Muller)', ours: sin, host: Math.sin, input: (u) => [2 * Math.PI * u(), 0] },
  { name: 'cos on [0, 2 pi] (Box-Muller)', ours: cos, host: Math.cos, input: (u) => [2 * Math.PI * u(), 0] },
  { name: 'sin on [-1e5, 1e5] (daily cycles over years of hours)', ours: sin, host: Math.sin, input: (u) => [(u() - 0.5) * 2e5, 0] },
  { name: 'cos on [-1e9, 1e9] (past the medium reduction)', ours: cos, host: Math.cos, input: (u) => [(u() - 0.5) * 2e9, 0] },
  { name: 'sin on huge magnitudes', ours: sin, host: Math.sin, input: (u) => [(u() < 0.5 ? -1 : 1) * logUniform(u, 1e9, 1e308), 0] },
  { name: 'tanh on [-25, 25] (network activations)', ours: tanh, host: Math.tanh, input: (u) => [(u() - 0.5) * 50, 0] },
  {
    name: 'pow, base (0, 1e3], exponent [-10, 10] (Weibull, gamma, wear drift)',
    ours: pow,
    host: Math.pow,
    input: (u) => [logUniform(u, 1e-6, 1e3), (u() - 0.5) * 20],
  },
  { name: 'pow, base (0.9, 1), integer exponent to 1e5 (Adam)', ours: pow, host: Math.pow, input: (u) => [0.9 + 0.1 * u(), Math.floor(u() * 1e5)] },
  { name: 'pow, negative base, integer exponent', ours: pow, host: Math.pow, input: (u) => [-logUniform(u, 1e-3, 1e3), Math.round((u() - 0.5) * 60)] },
  { name: 'pow over wide magnitudes', ours: pow, host: Math.pow, input: (u) => [logUniform(u, 1e-300, 1e300), (u() - 0.5) * 4] },
];

describe('agreement with the host Math within 1 ulp', () => {
  for (const c of CASES) {
    it(c.name, () => {
      const u = uniform(c.name);
      let worst = 0;
      let worstAt: [number, number] = [0, 0];
      for (let i = 0; i < N; i++) {
        const [x, y] = c.input(u);
        const d = ulpDistance(c.ours(x, y), c.host(x, y));
        if (d > worst) {
          worst = d;
          worstAt = [x, y];
        }
      }
      expect(worst, `worst at ${worstAt.join(', ')}`).toBeLessThanOrEqual(1);
    });
  }
});

/** sqrt(a^2 + b^2) correctly rounded, computed exactly with BigInt. */
function exactHypot(x: number, y: number): number {
  const parts = [Math.abs(x), Math.abs(y)].map((v) => {
    let m = v;
    let e = 0;
    while (!Number.isInteger(m)) {
      m *= 2;
      e--;
    }
    return [BigInt(m), e] as const;
  });
  const e = Math.min(parts[0]![1], parts[1]![1]);
  const [a, b] = parts.map(([m, ex]) => m << BigInt(ex - e));
  const square = (a! * a! + b! * b!) << 240n; // (value * 2^-e)^2 * 2^240
  let r = 1n << BigInt(Math.ceil(square.toString(2).length / 2) + 1);
  for (;;) {
    const next = (r + square / r) >> 1n;
    if (next >= r) break;
    r = next;
  }
  // r = floor(sqrt(value^2) * 2^(120 - e)); round to 53 bits, ties to even (an exact tie cannot happen here)
  const shift = r.toString(2).length - 53;
  let mantissa = r >> BigInt(shift);
  const rest = r - (mantissa << BigInt(shift));
  const half = 1n << BigInt(shift - 1);
  if (rest > half || (rest === half && (mantissa & 1n) === 1n)) mantissa++;
  return Number(mantissa) * 2 ** (shift + e - 120);
}

describe('hypot', () => {
  it('is correctly rounded on 20,000 random pairs (exact BigInt reference), within 2 ulp of V8', () => {
    const u = uniform('hypot');
    let wrong = 0;
    let worstHost = 0;
    for (let i = 0; i < 20_000; i++) {
      const x = (u() - 0.5) * 100;
      const y = (u() - 0.5) * Math.pow(10, Math.floor(u() * 6) - 3);
      if (hypot(x, y) !== exactHypot(x, y)) wrong++;
      worstHost = Math.max(worstHost, ulpDistance(hypot(x, y), Math.hypot(x, y)));
    }
    expect(wrong).toBe(0);
    expect(worstHost).toBeLessThanOrEqual(2);
  });
});

describe('monotonicity spot checks', () => {
  const u = uniform('monotone');
  const next = (x: number): number => {
    const f = new Float64Array([x]);
    const i = new BigInt64Array(f.buffer);
    i[0] = i[0]! + (x >= 0 ? 1n : -1n);
    return f[0]!;
  };
  it('exp, log, tanh and pow(x, y > 0) never decrease between neighbouring doubles', () => {
    const violations: string[] = [];
    for (let i = 0; i < 20_000; i++) {
      const a = (u() - 0.5) * 1400;
      if (exp(next(a)) < exp(a)) violations.push(`exp at ${a}`);
      const b = logUniform(u, 1e-300, 1e300);
      if (log(next(b)) < log(b)) violations.push(`log at ${b}`);
      const c = (u() - 0.5) * 40;
      if (tanh(next(c)) < tanh(c)) violations.push(`tanh at ${c}`);
      const d = logUniform(u, 1e-3, 1e3);
      const y = u() * 8;
      if (pow(next(d), y) < pow(d, y)) violations.push(`pow at ${d}, ${y}`);
    }
    expect(violations).toEqual([]);
  });
  it('sin increases and cos decreases on [0, pi/2] between neighbouring doubles', () => {
    const violations: string[] = [];
    for (let i = 0; i < 20_000; i++) {
      const a = u() * (Math.PI / 2 - 1e-9);
      if (sin(next(a)) < sin(a)) violations.push(`sin at ${a}`);
      if (cos(next(a)) > cos(a)) violations.push(`cos at ${a}`);
    }
    expect(violations).toEqual([]);
  });
});
