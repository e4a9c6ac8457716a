import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/sim.ts';

function run(...argv: string[]) {
  let out = '';
  let err = '';
  const code = main(argv, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

describe('sim CLI', () => {
  it('prints the documented JSON object for a teaching model', () => {
    const { code, out } = run('factory-models/teaching/mm1.json', '--days', '2', '--seeds', '3', '--seed', '4', '--format', 'json');
    expect(code).toBe(0);
    const report = JSON.parse(out);
    expect(report.model).toBe('M/M/1 queue (rho = 0.9)');
    expect(report.days).toBe(2);
    expect(report.seeds).toEqual([4, 5, 6]);
    expect(Object.keys(report.levels)).toEqual(['L1']);
    const kpis = report.levels.L1.kpis;
    expect(Object.keys(kpis)).toEqual(['throughput', 'wip', 'timeInSystem', 'utilization']);
    expect(kpis.throughput.unit).toBe('jobs/h');
    expect(kpis.throughput.mean).toBeGreaterThan(50);
    expect(kpis.throughput.mean).toBeLessThan(70);
    expect(kpis.timeInSystem.ci95).toBeGreaterThan(0);
    expect(report.deltas).toBeUndefined(); // a single level has nothing to compare
  });

  it('gives the same numbers for the same seeds, in every format', () => {
    const a = run('factory-models/teaching/tandem5.json', '--until', '3000', '--seeds', '2', '--format', 'json');
    const b = run('factory-models/teaching/tandem5.json', '--until', '3000', '--seeds', '2', '--format', 'json');
    expect(a.out).toBe(b.out);
    const csv = run('factory-models/teaching/tandem5.json', '--until', '3000', '--seeds', '2', '--format', 'csv');
    const wipRow = csv.out.split('\n').find((line) => line.startsWith('estimate,L1,wip,'))!;
    expect(Number(wipRow.split(',')[4])).toBe(JSON.parse(a.out).levels.L1.kpis.wip.mean);
    const table = run('factory-models/teaching/tandem5.json', '--until', '3000', '--seeds', '2');
    expect(table.out).toMatch(/timeInSystem\s+min\s+[\d.]+ ± [\d.]+/);
  });

  it('refuses unknown options, bad values and conflicting options with exit code 2', () => {
    expect(run('factory-models/teaching/mm1.json', '--frobnicate').code).toBe(2);
    const badDays = run('factory-models/teaching/mm1.json', '--days', 'ten');
    expect(badDays.code).toBe(2);
    expect(badDays.err).toMatch(/--days.*expected a positive number/);
    expect(run('factory-models/teaching/mm1.json', '--seeds', '0').code).toBe(2);
    expect(run('factory-models/teaching/mm1.json', '--format', 'xml').code).toBe(2);
    expect(run('factory-models/teaching/mm1.json', '--days', '1', '--until', '5').code).toBe(2);
    expect(run().code).toBe(2);
  });

  it('refuses a level the model does not implement, naming what it supports', () => {
    const { code, err } = run('factory-models/teaching/mm1.json', '--level', 'L3');
    expect(code).toBe(2);
    expect(err).toContain('level L3 is not implemented by this model (it supports L1)');
  });

  it('reports a malformed model with its file and path, exit code 2', () => {
    const { code, err } = run('tests/fixtures/bad-models/negative-service.json');
    expect(code).toBe(2);
    expect(err.trim()).toBe('tests/fixtures/bad-models/negative-service.json: stations[1].serviceTime.mean: expected a positive number, got -0.5');
  });

  it('--help explains every option', () => {
    const { code, out } = run('--help');
    expect(code).toBe(0);
    for (const option of ['--level', '--days', '--until', '--seeds', '--seed', '--format']) expect(out).toContain(option);
  });
});

describe('sim CLI attribution', () => {
  it('refuses --attribution for a model without capability levels', () => {
    const { code, err } = run('factory-models/teaching/mm1.json', '--attribution');
    expect(code).toBe(2);
    expect(err).toContain('--attribution needs a model with capability levels');
  });
});

describe('sim CLI notes', () => {
  it("prints a model's findings: the petrochemical plant says whether L3 beats the classical L2 on the same seeds", () => {
    const { code, out } = run('factory-models/petrochemical.json', '--days', '2', '--seeds', '3', '--format', 'json');
    expect(code).toBe(0);
    const report = JSON.parse(out);
    expect(Array.isArray(report.notes)).toBe(true);
    expect(report.notes.join('\n')).toMatch(/L2 -> L3|L3/);
    const table = run('factory-models/petrochemical.json', '--days', '2', '--seeds', '3');
    expect(table.out).toContain('Notes:');
  });
});

describe('sim CLI capability mixes and learning curves', () => {
  it('--capabilities holds named capabilities at a level on top of each preset', () => {
    const mixed = run(
      'factory-models/3c-machining.json',
      '--level',
      'L1',
      '--days',
      '3',
      '--seeds',
      '2',
      '--capabilities',
      'dispatching=L3',
      '--format',
      'json',
    );
    expect(mixed.code).toBe(0);
    const report = JSON.parse(mixed.out);
    expect(report.levels.L1.capabilities).toMatchObject({ dispatching: 'L3', maintenance: 'L1', energy: 'L1' });
    const plain = JSON.parse(run('factory-models/3c-machining.json', '--level', 'L1', '--days', '3', '--seeds', '2', '--format', 'json').out);
    expect(plain.levels.L1.capabilities.dispatching).toBe('L1');
    expect(report.levels.L1.kpis.throughput.mean).not.toBe(plain.levels.L1.kpis.throughput.mean);
    const bad = run('factory-models/3c-machining.json', '--capabilities', 'dispatch=L3');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('unknown capability "dispatch"');
    expect(run('factory-models/teaching/mm1.json', '--capabilities', 'x=L2').code).toBe(2);
  });

  it('--curves writes each learning curve per level, averaged over seeds', async () => {
    const { mkdtempSync, readFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const file = join(mkdtempSync(join(tmpdir(), 'fabtwin-')), 'curves.csv');
    const { code } = run('factory-models/petrochemical.json', '--days', '3', '--seeds', '2', '--curves', file, '--format', 'json');
    expect(code).toBe(0);
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('level,curve,time,mean,ci95,n');
    const curves = new Set(lines.slice(1).map((l) => l.split(',').slice(0, 2).join(',')));
    expect(curves).toContain('L3,qualityMargin');
    expect(curves).toContain('L1,qualityMargin');
    expect(lines.slice(1).every((l) => Number(l.split(',')[5]) === 2)).toBe(true);
    expect(run('factory-models/teaching/mm1.json', '--days', '1', '--seeds', '1', '--curves', file).code).toBe(2);
  });
});
