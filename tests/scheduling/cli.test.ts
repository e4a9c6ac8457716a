import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateOperationList, type ScheduledOperation } from '../../src/core/scheduling/schedule.ts';
import { ROOT, load } from './helpers.ts';

function schedule(...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli/schedule.ts'), ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('npm run schedule', () => {
  it('prints a JSON schedule that an independent check accepts, with makespan, bound, gap and time', () => {
    const r = schedule('ft06', '--algo', 'TABU', '--iterations', '3000', '--seed', '3', '--format', 'json');
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { makespan: number; bound: number; gap: number; time: number; schedule: ScheduledOperation[] };
    expect(out.makespan).toBe(55);
    expect(out.bound).toBe(55);
    expect(out.gap).toBe(0);
    expect(typeof out.time).toBe('number');
    expect(out.schedule).toHaveLength(36);
    expect(validateOperationList(load('ft06'), out.schedule)).toEqual([]);
    expect(Math.max(...out.schedule.map((o) => o.end))).toBe(out.makespan);
  });

  it('names the file and line of a malformed instance; it and bad options exit 2 (as sim)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fabtwin-'));
    const bad = join(dir, 'bad.txt');
    writeFileSync(bad, '2 2\n0 1 1 2\n1 3 1 4\n');
    const r = schedule(bad, '--algo', 'spt');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${bad}:3: expected each machine once per job`);
    expect(schedule('ft06', '--algo', 'nope').code).toBe(2);
    expect(schedule('ft06', '--algo', 'spt', '--format', 'xml').code).toBe(2);
    expect(schedule('ft06', '--algo', 'spt', '--bogus').code).toBe(2);
    expect(schedule('ft06', '--algo', 'tabu', '--time-limit', '-1').code).toBe(2);
  });

  it('runs a suite and prints the gap table with the published reference', () => {
    const r = schedule('--suite', 'ta01-ta10', '--algo', 'mwkr');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/ta01\s+15x15\s+1491\s+1231\s+21\.12/);
    expect(r.stdout).toMatch(/ta 15x15 \(10\)\s+19\.15\s+SLJ greedy MWKR 19\.1 %/);
  });
});
