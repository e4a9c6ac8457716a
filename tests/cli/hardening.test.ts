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
    expect(err).toBe(
      `${file}: stations[0].serviceTime.mean: expected a positive mean: a time cannot be negative (draws below 0 of a normal time are truncated to 0), got -5\n`,
    );
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
      new RegExp(
        `^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: run stopped: no progress in simulated time, 1\\.0e6 events at t=0 without the clock moving; a zero-time loop on channel 'arrival' \\("arrivals"\\)`,
      ),
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

describe('sim CLI: failures known before the run are reported before it', () => {
  it('--curves into a missing folder or onto a folder: exit 2, nothing run', () => {
    const missing = run('factory-models/teaching/mm1.json', '--days', '1', '--curves', join(dir, 'no-such-folder', 'c.csv'));
    expect(missing.code).toBe(2);
    expect(missing.out).toBe('');
    expect(missing.err).toMatch(/--curves .*no-such-folder\/c\.csv: the folder .*no-such-folder does not exist; create it first \(nothing was run\)/);
    expect(run('factory-models/teaching/mm1.json', '--days', '1', '--curves', dir).err).toMatch(/is a folder, expected a file name/);
  });

  it('--days 1e308, --days 1e9, --until 1e308 and --seeds 1e6 are out of range', () => {
    for (const [days, shown] of [
      ['1e308', '1e+308'],
      ['1e9', '1000000000'],
    ]) {
      const r = run('factory-models/teaching/mm1.json', '--days', days!);
      expect(r.code).toBe(2);
      expect(r.err).toBe(`--days: expected a run length from 0 to 36525 days (5.2596e7 model time units, the limit on a run), got ${shown} days\n`);
    }
    expect(run('factory-models/teaching/mm1.json', '--until', '1e308').err).toMatch(/^--until: expected a run length from 0 to 36525 days/);
    const seeds = run('factory-models/teaching/mm1.json', '--seeds', '1000000');
    expect(seeds.code).toBe(2);
    expect(seeds.err).toBe('--seeds: expected at most 10000 (the limit on replications), got 1000000\n');
  });
});

describe('sim --replay: tampered records are refused whole, before any run', () => {
  const base = { fabtwin: '0.1.0', model: 'factory-models/teaching/mm1.json', levels: ['L1'], seeds: [1], until: 10, report: {} };
  const replay = (name: string, record: unknown) => {
    const file = join(dir, name);
    writeFileSync(file, typeof record === 'string' ? record : JSON.stringify(record));
    return { file, ...run('--replay', file) };
  };

  it('an unknown capability override, attribution without capabilities, until 1e308', () => {
    const wearing = { ...base, model: 'factory-models/teaching/wearing-cell.json' };
    const override = replay('override.json', { ...wearing, overrides: { teleport: 'L2' } });
    expect(override.code).toBe(2);
    expect(override.err).toBe(`${override.file}: overrides.teleport: unknown capability; Wearing CNC cell (maintenance at three levels) has "maintenance"\n`);
    const attribution = replay('attribution.json', { ...base, attribution: true });
    expect(attribution.code).toBe(2);
    expect(attribution.err).toContain('attribution: expected false: M/M/1 queue (rho = 0.9) has no capability levels to attribute');
    const until = replay('until.json', { ...base, until: 1e308 });
    expect(until.code).toBe(2);
    expect(until.err).toContain(`${until.file}: until: expected a run length from 0 to 36525 days`);
  });

  it('a negative service time in an embedded model or at one sweep point', () => {
    const model = JSON.parse(readFileSync('factory-models/teaching/mm1.json', 'utf8'));
    model.stations[0].serviceTime.mean = -0.5;
    const embedded = replay('embedded.json', { ...base, model: { file: 'mine.json', content: model } });
    expect(embedded.code).toBe(2);
    expect(embedded.err).toContain('stations[0].serviceTime.mean: expected a positive number, got -0.5');
    const sweep = replay('sweep.json', {
      ...base,
      report: undefined,
      sweep: {
        parameter: 'stations[0].serviceTime.mean',
        values: [0.5, 0.7, -1],
        points: [
          { value: 0.5, report: {} },
          { value: 0.7, report: {} },
          { value: -1, report: {} },
        ],
      },
    });
    expect(sweep.code).toBe(2);
    expect(sweep.out).toBe('');
    expect(sweep.err).toContain('stations[0].serviceTime.mean: ');
  });

  it('a 100,000-deep report is refused without a stack overflow', () => {
    const deep = `{"fabtwin":"0.1.0","model":"factory-models/teaching/mm1.json","levels":["L1"],"seeds":[1],"until":10,"report":${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}}`;
    const r = replay('deep.json', deep);
    expect(r.code).toBe(2);
    expect(r.err).toBe(`${r.file}: report: expected a report nested at most 32 deep (the form sim writes), got a deeper one\n`);
  });

  it('reads only the project catalog: a path outside it is refused and never read or quoted', () => {
    const secret = join(dir, 'secret.json');
    writeFileSync(secret, 'TOP-SECRET-CONTENT');
    for (const model of [secret, '../../../etc/hostname', 'factory-models/../package.json', 'src/cli/sim.ts']) {
      const r = replay('outside.json', { ...base, model });
      expect(r.code, model).toBe(2);
      expect(r.err, model).toContain("model: expected a model of the project's catalog (a path under factory-models/");
      expect(r.err).not.toContain('TOP-SECRET');
    }
  });
});

describe('sim CLI: JSON syntax errors and control characters', () => {
  it('every malformed JSON gets a line and a column, whatever the engine says', () => {
    const cases = [
      '{"kind": "flow",}',
      '{"kind" "flow"}',
      '{"kind": flow}',
      '{',
      '',
      '{"a": [1, 2}',
      '{"a": "x\ty"}',
      '{"a": 1} x',
      '{"a": 01}',
      '{"a": -}',
      "{'a': 1}",
      '{"a": "\\q"}',
      '[1,]',
      '{"a":1,\n"b":\n}',
      '{"a": tru}',
      '{"a": NaN}',
      '{"a": Infinity}',
      '{"a": "unterminated',
    ];
    for (const [i, text] of cases.entries()) {
      const file = join(dir, `bad-${i}.json`);
      writeFileSync(file, text);
      const r = run(file, '--days', '1');
      expect(r.code, text).toBe(2);
      expect(r.err, text).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: invalid JSON at line \\d+, column \\d+: expected \\S`));
    }
    expect(run(join(dir, 'bad-13.json')).err).toContain('invalid JSON at line 3, column 1: expected a value');
  });

  it('a model name with terminal escape codes is printed escaped', () => {
    const file = mm1With('escape.json', (m) => (m.name = 'Line \u001b[31mRED\u001b[0m\u0007'));
    const r = run(file, '--until', '100', '--seeds', '1');
    expect(r.code).toBe(0);
    // eslint-disable-next-line no-control-regex -- the test asserts that no control character is printed
    expect(r.out).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
    expect(r.out).toContain('Line \\u001b[31mRED\\u001b[0m\\u0007: ');
  });
});
