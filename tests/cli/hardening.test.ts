/**
 * The sim CLI under hostile input (issue 13): every case ends with a clear message and exit code 2, never a stack trace,
 * a hang or a silent Infinity.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/sim.ts';

const dir = mkdtempSync(join(tmpdir(), 'fabtwin-hardening-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(...argv: string[]) {
  let out = '';
  let err = '';
  const code = main(argv, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

/** Writes the M/M/1 model with one edit into the temporary folder and returns its path. */
function mm1With(name: string, edit: (m: Record<string, any>) => void): string {
  const model = JSON.parse(readFileSync('factory-models/teaching/mm1.json', 'utf8'));
  delete model.$schema;
  edit(model);
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify(model));
  return file;
}

describe('sim CLI: models the engine cannot run are refused before the run', () => {
  it('a negative normal service time: exit 2 with the path, not a stack trace', () => {
    const file = mm1With('normal.json', (m) => (m.stations[0].serviceTime = { dist: 'normal', mean: -5, sd: 1 }));
    const { code, err } = run(file, '--days', '1', '--seeds', '1');
    expect(code).toBe(2);
    expect(err).toBe(`${file}: stations[0].serviceTime.mean: expected a positive mean: a time cannot be negative (draws below 0 of a normal time are truncated to 0), got -5\n`);
  });

  it('servers 2^53-1 and --set servers=1e9 name the limit', () => {
    const file = mm1With('servers.json', (m) => (m.stations[0].servers = 2 ** 53 - 1));
    expect(run(file, '--days', '1').err).toMatch(/stations\[0\]\.servers: expected at most 1000 \(the limit on servers of a station\)/);
    const set = run('factory-models/teaching/mm1.json', '--set', 'stations[0].servers=1e9', '--days', '1');
    expect(set.code).toBe(2);
    expect(set.err).toMatch(/the limit on servers of a station/);
  });
});

describe('sim CLI: the run budget', () => {
  it('a batch of 1e9 jobs at one instant stops with exit 2 naming the source', () => {
    const file = mm1With('batch.json', (m) => {
      m.sources[0].interarrival = { dist: 'constant', value: 0 };
      m.sources[0].limit = 1e9;
    });
    const { code, err, out } = run(file, '--days', '1', '--seeds', '1');
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toMatch(
      new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: run stopped: no progress in simulated time, 1\\.0e6 events at t=0 without the clock moving; a zero-time loop on channel 'arrival' \\("arrivals"\\)`),
    );
  });
});

describe('sim CLI: KPIs without data', () => {
  it('are null with a reason in JSON and "no data: <reason>" in the table, never NaN', () => {
    const file = mm1With('slow.json', (m) => {
      m.warmup = 0;
      m.sources[0].interarrival = { dist: 'constant', value: 100 };
    });
    const json = run(file, '--until', '50', '--seeds', '2', '--format', 'json');
    expect(json.code).toBe(0);
    const kpis = JSON.parse(json.out).levels.L1.kpis;
    expect(kpis.timeInSystem).toEqual({ mean: null, ci95: null, unit: 'min', reason: 'no job left the line after the warmup yet' });
    expect(kpis.throughput).toEqual({ mean: 0, ci95: 0, unit: 'jobs/h' });
    const table = run(file, '--until', '50', '--seeds', '2');
    expect(table.out).toMatch(/^timeInSystem +min +no data: no job left the line after the warmup yet$/m);
    expect(table.out).not.toMatch(/NaN/);
  });
});
