/**
 * A frozen table of exact results (bit patterns in hex) for a few hundred inputs, so that any future change of any
 * result, even in the last bit, is seen: the promise is that a replay made today reproduces bit for bit later.
 * The table (frozen-bits.json) was written from these inputs by `UPDATE_FROZEN_MATH=1 npx vitest run
 * tests/math/frozen-bits.test.ts`; rewrite it only for a deliberate change of results, and say so in the commit.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cos, exp, expm1, hypot, log, pow, sin, tanh } from '../../src/core/math/index.ts';
import { bitsHex, fromHex, uniform } from './helpers.ts';

const FUNCTIONS: Record<string, (x: number, y: number) => number> = { exp, expm1, log, sin, cos, tanh, pow, hypot };
const TABLE = join(import.meta.dirname, 'frozen-bits.json');

type Row = [name: string, x: string, y: string, result: string];

function inputs(): Array<[string, number, number]> {
  const rows: Array<[string, number, number]> = [];
  const add = (name: string, xs: number[], y = 0) => xs.forEach((x) => rows.push([name, x, y]));
  const specials = [0, -0, 5e-324, 2.2250738585072014e-308, 1e-300, 1e-10, 0.5, 1, 2, 10, 100, 700, 1e300];
  add('exp', [...specials, ...specials.map((v) => -v), 709.782712893384, -745.1332191019411, -720]);
  add('expm1', [1e-300, 1e-10, 0.1, 0.34, 0.5, 1, 5, 30, -0.1, -0.5, -1, -5, -40]);
  add('log', [...specials, 0.1, 0.25, 0.999999, 1.000001, 1e-320, Number.MAX_VALUE]);
  add('sin', [...specials, Math.PI, Math.PI / 2, Math.PI / 4, (3 * Math.PI) / 4, 1e5, 1e9, 1e22, Number.MAX_VALUE, -2.5]);
  add('cos', [...specials, Math.PI, Math.PI / 2, Math.PI / 4, (3 * Math.PI) / 4, 1e5, 1e9, 1e22, Number.MAX_VALUE, -2.5]);
  add('tanh', [1e-300, 1e-10, 0.1, 0.5, 1, 2, 5, 21.9, 22.1, -0.5, -3]);
  for (const [x, y] of [
    [2, 10],
    [2, 0.5],
    [2, -1074],
    [10, -400],
    [0.9, 6000],
    [0.999, 6000],
    [1.5, 2.5],
    [3, 1 / 3],
    [-2, 3],
    [-0.5, -7],
    [1 + 2 ** -40, 2 ** 32],
    [1e300, 1.02],
    [7, 18],
    [0.3, 17.25],
  ] as const)
    rows.push(['pow', x, y]);
  for (const [x, y] of [
    [3, 4],
    [1e300, 1e300],
    [3e-320, 4e-320],
    [1, 1e-10],
    [0.7, 0.3],
  ] as const)
    rows.push(['hypot', x, y]);

  // Seeded inputs over the simulation's ranges.
  const u = uniform('frozen-bits');
  for (let i = 0; i < 30; i++) {
    rows.push(['exp', (u() - 0.5) * 100, 0]);
    rows.push(['log', 1 - u(), 0]);
    rows.push(['sin', 2 * Math.PI * u(), 0]);
    rows.push(['cos', 2 * Math.PI * u(), 0]);
    rows.push(['tanh', (u() - 0.5) * 10, 0]);
    rows.push(['pow', u() * 50, (u() - 0.5) * 8]);
    rows.push(['expm1', (u() - 0.5) * 4, 0]);
  }
  for (let i = 0; i < 10; i++) rows.push(['hypot', (u() - 0.5) * 10, (u() - 0.5) * 10]);
  return rows;
}

function compute(): Row[] {
  return inputs().map(([name, x, y]) => [name, bitsHex(x), bitsHex(y), bitsHex(FUNCTIONS[name]!(x, y))]);
}

describe('frozen result bits', () => {
  if (process.env.UPDATE_FROZEN_MATH === '1')
    writeFileSync(
      TABLE,
      `[\n${compute()
        .map((r) => JSON.stringify(r))
        .join(',\n')}\n]\n`,
    );
  const table = JSON.parse(readFileSync(TABLE, 'utf8')) as Row[];

  it('covers a few hundred inputs of every function', () => {
    expect(table.length).toBeGreaterThan(300);
    expect(new Set(table.map((r) => r[0]))).toEqual(new Set(Object.keys(FUNCTIONS)));
  });

  it('every result is exactly the frozen bit pattern', () => {
    const changed: string[] = [];
    for (const [name, xHex, yHex, expected] of table) {
      const actual = bitsHex(FUNCTIONS[name]!(fromHex(xHex), fromHex(yHex)));
      if (actual !== expected) changed.push(`${name}(${fromHex(xHex)}, ${fromHex(yHex)}) = 0x${actual}, frozen 0x${expected}`);
    }
    expect(changed).toEqual([]);
  });

  it('the table was made from the inputs this file lists', () => {
    expect(table.map((r) => r.slice(0, 3))).toEqual(compute().map((r) => r.slice(0, 3)));
  });
});
