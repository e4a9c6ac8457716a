import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/fit.ts';
import { gammaDistribution } from '../../src/core/fit/index.ts';
import { createStream } from '../../src/core/random/stream.ts';

const dir = mkdtempSync(join(tmpdir(), 'fabtwin-fit-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

function run(...argv: string[]) {
  let out = '';
  let err = '';
  const code = main(argv, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

const rng = createStream(11, 'fit-cli');
const gammaTimes = Array.from({ length: 400 }, () => gammaDistribution(3, 2).sample(rng));
const data = file('times.csv', `order,cycle\n${gammaTimes.map((x, i) => `${i + 1},${x}`).join('\n')}\n`);

describe('fit CLI', () => {
  it('prints the ranked table and the JSON report for a chosen column', () => {
    const table = run(data, '--column', 'cycle');
    expect(table.code).toBe(0);
    expect(table.out).toMatch(/column "cycle": n = 400/);
    expect(table.out).toMatch(/^1\s+gamma\s+shape=/m);
    expect(table.out).toMatch(/best by AIC, as a model file writes it: \{"dist":"gamma"/);
    const json = JSON.parse(run(data, '--column', '2', '--format', 'json').out);
    expect(json.fits).toHaveLength(7);
    expect(json.fits[0].family).toBe('gamma');
    expect(json.fits[0].parameters.shape).toBeGreaterThan(2.5);
    expect(json.fits[0].parameters.shape).toBeLessThan(3.5);
    expect(json.fits.map((f: { rank: number }) => f.rank)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(json.pValueMethod).toMatch(/asymptotic/);
  });

  it('exits 2 with the line named for bad data, a missing file and an ambiguous column', () => {
    const bad = run(file('bad.csv', 'cycle\n1.5\n2.5\n\n3..1\n'));
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/bad\.csv: line 5, column "cycle": expected a number, got "3\.\.1"/);
    const negative = run(file('neg.csv', 'cycle\n1.5\n-0.5\n'));
    expect(negative.code).toBe(2);
    expect(negative.err).toMatch(/line 3, column "cycle": -0\.5 is negative/);
    const single = run(file('one.csv', 'cycle\n4\n'));
    expect(single.code).toBe(2);
    expect(single.err).toMatch(/only one value \(4 at line 2\)/);
    expect(run(file('empty.csv', '')).err).toMatch(/no data/);
    expect(run(join(dir, 'missing.csv')).code).toBe(2);
    const ambiguous = run(data);
    expect(ambiguous.code).toBe(2);
    expect(ambiguous.err).toMatch(/2 columns \("order", "cycle"\); choose one with --column/);
    expect(run(data, '--format', 'xml').code).toBe(2);
  });

  it('writes the chosen fit into a model file at a path, and the model still loads', () => {
    const model = join(dir, 'mm1.json');
    copyFileSync('factory-models/teaching/mm1.json', model);
    const result = run(data, '--column', 'cycle', '--write', model, '--at', 'stations[0].serviceTime');
    expect(result.code).toBe(0);
    const written = JSON.parse(readFileSync(model, 'utf8'));
    expect(written.stations[0].serviceTime.dist).toBe('gamma');
    expect(run(data, '--column', 'cycle', '--write', model, '--at', 'stations[0].serviceTime', '--choose', 'empirical').code).toBe(0);
    expect(JSON.parse(readFileSync(model, 'utf8')).stations[0].serviceTime.values).toHaveLength(400);
    const wrongPath = run(data, '--column', 'cycle', '--write', model, '--at', 'stations[0].servers');
    expect(wrongPath.code).toBe(2);
    expect(wrongPath.err).toMatch(/stations\[0\]\.servers: expected the path of a distribution/);
    expect(run(data, '--column', 'cycle', '--write', model).code).toBe(2);
  });
});
