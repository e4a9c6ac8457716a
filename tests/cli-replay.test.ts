import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli/sim.ts';
import { runExperiment } from '../src/core/experiment/experiment.ts';
import { applyParameters } from '../src/core/experiment/parameters.ts';
import { runnable } from '../src/core/models.ts';
import { experimentRecord, sweepRecord } from '../src/app/export/record.ts';

function run(...argv: string[]) {
  let out = '';
  let err = '';
  const code = main(argv, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

const dir = mkdtempSync(join(tmpdir(), 'fabtwin-replay-'));
function write(name: string, value: unknown): string {
  const file = join(dir, name);
  writeFileSync(file, typeof value === 'string' ? value : JSON.stringify(value, null, 2));
  return file;
}
const mm1Json = JSON.parse(readFileSync('factory-models/teaching/mm1.json', 'utf8'));

describe('sim --set', () => {
  it('overrides a parameter by its path: a faster server shortens time in system', () => {
    const base = JSON.parse(run('factory-models/teaching/mm1.json', '--until', '3000', '--seeds', '2', '--format', 'json').out);
    const faster = run('factory-models/teaching/mm1.json', '--until', '3000', '--seeds', '2', '--format', 'json', '--set', 'stations[0].serviceTime.mean=0.6');
    expect(faster.code).toBe(0);
    expect(JSON.parse(faster.out).levels.L1.kpis.timeInSystem.mean).toBeLessThan(base.levels.L1.kpis.timeInSystem.mean / 2);
    const twice = run(
      'factory-models/teaching/mm1.json',
      '--until',
      '3000',
      '--seeds',
      '2',
      '--format',
      'json',
      '--set',
      'stations[0].servers=2',
      '--set',
      'stations[0].serviceTime.mean=0.6',
    );
    expect(JSON.parse(twice.out).levels.L1.kpis.timeInSystem.mean).toBeLessThan(JSON.parse(faster.out).levels.L1.kpis.timeInSystem.mean);
  });

  it('refuses an unknown path, a value the schema refuses and a malformed setting with exit 2, naming file and path', () => {
    const unknown = run('factory-models/3c-machining.json', '--set', 'cnc.cellz=8');
    expect(unknown.code).toBe(2);
    expect(unknown.err.trim()).toBe("factory-models/3c-machining.json: cnc.cellz: unknown path: cnc has no field 'cellz'");
    const fractional = run('factory-models/3c-machining.json', '--set', 'cnc.cells=2.5');
    expect(fractional.code).toBe(2);
    expect(fractional.err).toContain('factory-models/3c-machining.json: cnc.cells: invalid value 2.5: expected an integer');
    const malformed = run('factory-models/3c-machining.json', '--set', 'cnc.cells');
    expect(malformed.code).toBe(2);
    expect(malformed.err).toContain('expected path=number');
  });
});

describe('sim --replay', () => {
  it('re-runs an exported experiment and prints the recorded numbers, exit 0', () => {
    const options = { levels: ['L1' as const], seeds: [3, 4], until: 2000 };
    const model = runnable(applyParameters(mm1Json, { 'stations[0].serviceTime.mean': 0.8 }, 'mm1'));
    const record = experimentRecord(
      { modelId: 'teaching/mm1', parameters: { 'stations[0].serviceTime.mean': 0.8 } },
      model,
      options,
      runExperiment(model, options),
    );
    expect(record.model).toBe('factory-models/teaching/mm1.json');
    const file = write('mm1.json', record);
    const replayed = run('--replay', file, '--format', 'json');
    expect(replayed.code).toBe(0);
    expect(JSON.parse(replayed.out)).toEqual(record.report);
    expect(replayed.err).toContain('replay gives the recorded numbers');
    const table = run('--replay', file);
    expect(table.code).toBe(0);
    expect(table.out).toMatch(/timeInSystem\s+min/);
  });

  it('re-runs a sweep and a model made in the app (recorded whole)', () => {
    const options = { levels: ['L1' as const], seeds: [1, 2], until: 1500 };
    const custom = { ...mm1Json, name: 'My line' };
    const points = [1, 2].map((servers) => {
      const model = runnable(applyParameters(custom, { 'stations[0].servers': servers }, 'my-line.json'));
      return { value: servers, model, report: runExperiment(model, options) };
    });
    const record = sweepRecord({ modelId: 'custom-1', custom: { model: custom, file: 'my-line.json' } }, points[0]!.model, options, {
      parameter: 'stations[0].servers',
      kpi: 'timeInSystem',
      points,
    });
    const file = write('sweep.json', record);
    const replayed = run('--replay', file, '--format', 'json');
    expect(replayed.err).toContain('replay gives the recorded numbers');
    expect(replayed.code).toBe(0);
    const out = JSON.parse(replayed.out);
    expect(out.sweep.values).toEqual([1, 2]);
    expect(out.sweep.points).toEqual(record.sweep!.points);
    expect(out.sweep.points[0].report.model).toBe('My line');
    const csv = run('--replay', file, '--format', 'csv');
    expect(csv.out.split('\n')[0]).toBe('stations[0].servers,kind,level,kpi,unit,mean,ci95,n,reference');
  });

  it('says where a replay differs from the record, exit 1', () => {
    const options = { levels: ['L1' as const], seeds: [1], until: 1000 };
    const model = runnable(applyParameters(mm1Json, {}, 'mm1'));
    const record = experimentRecord({ modelId: 'teaching/mm1' }, model, options, runExperiment(model, options));
    const report = record.report as { levels: { L1: { kpis: { wip: { mean: number } } } } };
    report.levels.L1.kpis.wip.mean += 1e-9;
    const replayed = run('--replay', write('tampered.json', record), '--format', 'json');
    expect(replayed.code).toBe(1);
    expect(replayed.err).toMatch(/tampered\.json: report\.levels\.L1\.kpis\.wip\.mean: recorded [\d.]+, replay gave [\d.]+/);
  });

  it('refuses a bad record with exit 2, naming the file and the path inside it', () => {
    const missing = run('--replay', join(dir, 'nope.json'));
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('nope.json: file not found');
    const broken = run('--replay', write('broken.json', '{"fabtwin": '));
    expect(broken.code).toBe(2);
    expect(broken.err).toMatch(/broken\.json: invalid JSON/);
    const noLevels = run(
      '--replay',
      write('no-levels.json', { fabtwin: '0.1.0', model: 'factory-models/teaching/mm1.json', seeds: [1], until: 10, report: {} }),
    );
    expect(noLevels.code).toBe(2);
    expect(noLevels.err.trim()).toBe(`${join(dir, 'no-levels.json')}: levels: missing; expected an array`);
    const badModel = run(
      '--replay',
      write('bad-model.json', { fabtwin: '0.1.0', model: 'factory-models/nothing.json', levels: ['L1'], seeds: [1], until: 10, report: {} }),
    );
    expect(badModel.code).toBe(2);
    expect(badModel.err).toContain('bad-model.json: model: model file "factory-models/nothing.json" not found');
    const badPath = run(
      '--replay',
      write('bad-path.json', {
        fabtwin: '0.1.0',
        model: 'factory-models/teaching/mm1.json',
        parameters: { 'stations[3].servers': 2 },
        levels: ['L1'],
        seeds: [1],
        until: 10,
        report: {},
      }),
    );
    expect(badPath.code).toBe(2);
    expect(badPath.err).toContain('factory-models/teaching/mm1.json: stations[3].servers: unknown path: stations has 1 item, so [3] does not exist');
  });

  it('takes the experiment from the record only: a model file or experiment options beside --replay are refused', () => {
    const file = write('any.json', { fabtwin: '0.1.0', model: 'factory-models/teaching/mm1.json', levels: ['L1'], seeds: [1], until: 10, report: {} });
    expect(run('--replay', file, 'factory-models/teaching/mm1.json').code).toBe(2);
    const seeds = run('--replay', file, '--seeds', '3');
    expect(seeds.code).toBe(2);
    expect(seeds.err).toMatch(/--replay.*cannot be used with option '--seeds/);
  });

  it('--help explains --replay and --set', () => {
    const { code, out } = run('--help');
    expect(code).toBe(0);
    expect(out).toContain('--replay <file>');
    expect(out).toContain('--set <path=value>');
  });
});
