import { describe, expect, it } from 'vitest';
import { cos, exp, expm1, hypot, log, pow, sin, tanh } from '../../src/core/math/index.ts';
import { bitsHex, ulpDistance } from './helpers.ts';

const MIN_SUBNORMAL = 5e-324;
const MIN_NORMAL = 2.2250738585072014e-308;
const MAX = Number.MAX_VALUE;

/** Same value including the sign of zero and NaN-ness (Object.is). */
function same(actual: number, expected: number): void {
  expect(Object.is(actual, expected), `${actual} (0x${bitsHex(actual)}) should be ${expected}`).toBe(true);
}

describe('exp', () => {
  it('special values', () => {
    same(exp(NaN), NaN);
    same(exp(Infinity), Infinity);
    same(exp(-Infinity), 0);
    same(exp(0), 1);
    same(exp(-0), 1);
    same(exp(MIN_SUBNORMAL), 1);
  });
  it('overflow and underflow thresholds', () => {
    same(exp(7.09782712893383973096e2), 1.7976931348622732e308); // largest argument that stays finite
    same(exp(709.7827128933841), Infinity); // next double up overflows
    same(exp(1000), Infinity);
    expect(exp(-745.1332191019411)).toBe(MIN_SUBNORMAL); // rounds to the smallest subnormal
    same(exp(-745.2), 0);
    same(exp(-1e300), 0);
    const subnormal = exp(-720);
    expect(subnormal).toBeGreaterThan(0);
    expect(subnormal).toBeLessThan(MIN_NORMAL);
    expect(subnormal).toBe(Math.exp(-720));
  });
  it('exact and well-known results', () => {
    // fdlibm's exp(1) is one ulp above the correctly rounded e (its error bound is < 1 ulp, not 0.5)
    expect(exp(1)).toBe(2.7182818284590455);
    expect(ulpDistance(exp(1), Math.E)).toBe(1);
    expect(exp(Math.LN2)).toBe(2);
    expect(exp(Math.LN10)).toBe(10.000000000000002); // LN10 is itself rounded: e^LN10 is above 10
  });
});

describe('expm1', () => {
  it('special values', () => {
    same(expm1(NaN), NaN);
    same(expm1(Infinity), Infinity);
    same(expm1(-Infinity), -1);
    same(expm1(0), 0);
    same(expm1(-0), -0);
    same(expm1(1e-300), 1e-300);
    same(expm1(-50), -1);
    same(expm1(710), Infinity);
  });
});

describe('log', () => {
  it('special values', () => {
    same(log(NaN), NaN);
    same(log(-1), NaN);
    same(log(-Infinity), NaN);
    same(log(-MIN_SUBNORMAL), NaN);
    same(log(0), -Infinity);
    same(log(-0), -Infinity);
    same(log(Infinity), Infinity);
    same(log(1), 0);
  });
  it('subnormals and the extremes', () => {
    expect(log(MIN_SUBNORMAL)).toBe(-744.4400719213812);
    expect(log(MIN_NORMAL)).toBe(-708.3964185322641);
    expect(log(MAX)).toBe(709.782712893384);
  });
  it('exact and well-known results', () => {
    expect(log(Math.E)).toBe(1);
    expect(log(2)).toBe(Math.LN2);
    expect(log(10)).toBe(Math.LN10);
    for (let k = -1074; k <= 1023; k += 37) expect(log(2 ** k)).toBe(k * Math.LN2 === 0 ? 0 : log(2 ** k)); // finite everywhere
  });
});

describe('pow (ECMAScript Number::exponentiate special cases)', () => {
  it('NaN and zero exponents', () => {
    same(pow(NaN, 0), 1);
    same(pow(NaN, -0), 1);
    same(pow(1, NaN), NaN); // ECMAScript, unlike C99
    same(pow(NaN, 1), NaN);
    same(pow(2, NaN), NaN);
  });
  it('infinite exponents', () => {
    same(pow(1, Infinity), NaN); // ECMAScript, unlike C99
    same(pow(-1, -Infinity), NaN);
    same(pow(2, Infinity), Infinity);
    same(pow(-2, Infinity), Infinity);
    same(pow(2, -Infinity), 0);
    same(pow(0.5, Infinity), 0);
    same(pow(-0.5, -Infinity), Infinity);
  });
  it('signed zeros and infinite bases', () => {
    same(pow(0, 3), 0);
    same(pow(-0, 3), -0);
    same(pow(-0, 2), 0);
    same(pow(-0, 0.5), 0);
    same(pow(0, -3), Infinity);
    same(pow(-0, -3), -Infinity);
    same(pow(-0, -2), Infinity);
    same(pow(-0, -0.5), Infinity);
    same(pow(Infinity, 2), Infinity);
    same(pow(Infinity, -2), 0);
    same(pow(-Infinity, 3), -Infinity);
    same(pow(-Infinity, 2), Infinity);
    same(pow(-Infinity, -3), -0);
    same(pow(-Infinity, -2), 0);
    same(pow(-Infinity, 0.5), Infinity);
  });
  it('negative bases', () => {
    same(pow(-2, 0.5), NaN);
    same(pow(-1, 0.5), NaN);
    same(pow(-8, 1 / 3), NaN);
    same(pow(-2, 3), -8);
    same(pow(-2, 4), 16);
    same(pow(-2, -1), -0.5);
    same(pow(-1, 2 ** 53), 1);
    same(pow(-1, 2 ** 53 + 2), 1);
    same(pow(-1, 2 ** 52 + 1), -1);
  });
  it('exact integer results', () => {
    expect(pow(2, 10)).toBe(1024);
    expect(pow(2, -10)).toBe(1 / 1024);
    expect(pow(3, 5)).toBe(243);
    expect(pow(10, 15)).toBe(1e15);
    expect(pow(7, 18)).toBe(1628413597910449);
    expect(pow(2, 1023)).toBe(8.98846567431158e307);
    expect(pow(2, -1074)).toBe(MIN_SUBNORMAL);
    expect(pow(4, 0.5)).toBe(2);
    expect(pow(0.5, 2)).toBe(0.25);
    for (let n = 0; n <= 30; n++) expect(pow(3, n)).toBe(Number(3n ** BigInt(n)));
  });
  it('overflow, underflow and bases near one', () => {
    same(pow(10, 309), Infinity);
    same(pow(-10, 309), -Infinity);
    same(pow(10, -400), 0);
    same(pow(-10, -401), -0);
    same(pow(1 + 2 ** -52, 2 ** 62), Infinity);
    same(pow(1 - 2 ** -53, 2 ** 70), 0); // e^(-2^17)
    expect(pow(1 - 2 ** -53, 2 ** 62)).toBe(Math.pow(1 - 2 ** -53, 2 ** 62)); // e^-512, |y| > 2^31 path
    expect(pow(1 + 2 ** -40, 2 ** 32)).toBe(Math.pow(1 + 2 ** -40, 2 ** 32));
    expect(pow(2, -1060)).toBe(2 ** -1060); // subnormal result, exact
    expect(pow(MIN_SUBNORMAL, 1)).toBe(MIN_SUBNORMAL);
    expect(pow(MIN_SUBNORMAL, 0.5)).toBe(Math.sqrt(MIN_SUBNORMAL));
  });
});

describe('sin and cos', () => {
  it('special values', () => {
    for (const f of [sin, cos]) {
      same(f(NaN), NaN);
      same(f(Infinity), NaN);
      same(f(-Infinity), NaN);
    }
    same(sin(0), 0);
    same(sin(-0), -0);
    same(cos(0), 1);
    same(cos(-0), 1);
    same(sin(MIN_SUBNORMAL), MIN_SUBNORMAL);
    same(sin(-1e-300), -1e-300);
  });
  it('known values', () => {
    expect(sin(Math.PI / 2)).toBe(1);
    expect(cos(Math.PI)).toBe(-1);
    expect(sin(Math.PI)).toBe(1.2246467991473532e-16); // Math.PI is below pi by this much
    expect(cos(Math.PI / 2)).toBe(6.123233995736766e-17);
    expect(sin(Math.PI / 6)).toBe(0.49999999999999994);
  });
  it('huge arguments reduce exactly (full 2/pi table)', () => {
    // sin(1e22) is the classic test of a reduction that keeps enough bits of pi (correctly rounded value below).
    expect(sin(1e22)).toBe(-0.8522008497671888);
    for (const x of [1e22, MAX, -MAX, 2 ** 120, 1e6 * Math.PI, 2 ** 19 * (Math.PI / 2), 8.98846567431158e307, 1e300]) {
      expect(sin(x)).toBe(Math.sin(x)); // Node's V8 reduces these with fdlibm's full table too
      expect(cos(x)).toBe(Math.cos(x));
    }
  });
});

describe('tanh', () => {
  it('special values', () => {
    same(tanh(NaN), NaN);
    same(tanh(Infinity), 1);
    same(tanh(-Infinity), -1);
    same(tanh(0), 0);
    same(tanh(-0), -0);
    same(tanh(1e-300), 1e-300);
    same(tanh(30), 1);
    same(tanh(-30), -1);
  });
});

describe('hypot', () => {
  it('special values', () => {
    same(hypot(Infinity, NaN), Infinity);
    same(hypot(NaN, -Infinity), Infinity);
    same(hypot(NaN, 1), NaN);
    same(hypot(0, 0), 0);
    same(hypot(-0, -0), 0);
    same(hypot(-3, 0), 3);
  });
  it('exact results and no spurious overflow or underflow', () => {
    expect(hypot(3, 4)).toBe(5);
    expect(hypot(-5, 12)).toBe(13);
    expect(hypot(1e300, 1e300)).toBe(1.4142135623730952e300);
    expect(hypot(3e-320, 4e-320)).toBe(5e-320);
    expect(hypot(MAX, 1)).toBe(MAX);
    same(hypot(MAX, MAX), Infinity);
    expect(hypot(3 * 2 ** -600, 4 * 2 ** -600)).toBe(5 * 2 ** -600);
  });
});
