/**
 * Job-shop files at the edges (issue 13): the parser refuses sizes and durations the bounds and rules cannot handle, and
 * everything it accepts is bounded and scheduled in finite time with a finite gap.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { lowerBounds } from '../../src/core/scheduling/bounds.ts';
import { solve } from '../../src/core/scheduling/catalog.ts';
import { InstanceParseError, JOB_SHOP_LIMITS, parseInstance } from '../../src/core/scheduling/instance.ts';
import { parseTaillardFormat } from '../../src/app/lab/instance-file.ts';
import { ROOT } from './helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'fabtwin-jobshop-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function refusal(text: string): string {
  try {
    parseInstance(text, 'x.txt');
  } catch (error) {
    expect(error).toBeInstanceOf(InstanceParseError);
    return (error as Error).message;
  }
  throw new Error('expected the instance to be refused');
}

describe('job-shop parser limits', () => {
  it('refuses a duration of 2^53-1, naming the limit, line and operation', () => {
    expect(refusal(`2 2\n0 ${2 ** 53 - 1} 1 3\n1 2 0 4\n`)).toBe(
      'x.txt:2: expected a duration of at most 1000000000 (the limit of an instance) for operation 0 of job 0, found "9007199254740991"',
    );
  });

  it('refuses all-zero durations (the gap would be 0 / 0)', () => {
    expect(refusal('2 2\n0 0 1 0\n1 0 0 0\n')).toBe(
      'x.txt:1: expected at least one positive duration (with all durations 0 every schedule is empty), found only zero durations',
    );
  });

  it('refuses a header beyond the size limits before reading any job line', () => {
    expect(refusal('1000000000 2\n')).toMatch(/^x\.txt:1: expected at most 10000 jobs \(the limit of an instance\), found "1000000000"$/);
    expect(refusal('10000 1000\n')).toBe('x.txt:1: expected at most 100000 operations, jobs x machines (the limit of an instance), found 10000 x 1000');
  });

  it("the lab's Taillard-format parser applies the same limits", () => {
    const taillard = (times: string) => ['Nb of jobs, Nb of Machines', ' 2 2', 'Times', times, ' 1 1', 'Machines', ' 1 2', ' 2 1', ''].join('\n');
    expect(() => parseTaillardFormat(taillard(` ${2 ** 53 - 1} 3`), 't.txt')).toThrow(/t\.txt:4: expected durations for job 1 \(integers in 0\.\.1000000000\)/);
    expect(() => parseTaillardFormat(taillard(' 0 0').replace(' 1 1', ' 0 0'), 't.txt')).toThrow('t.txt:2: expected at least one positive duration');
    expect(() => parseTaillardFormat(['x', ' 100000 2', 'Times'].join('\n'), 't.txt')).toThrow(
      't.txt:2: expected at most 10000 jobs (the limit of an instance)',
    );
  });

  it('at the largest accepted duration the bounds and the rules finish with a finite gap', () => {
    const max = JOB_SHOP_LIMITS.duration;
    const instance = parseInstance(`3 2\n0 ${max} 1 ${max - 1}\n1 ${max} 0 1\n0 7 1 ${max}\n`, 'big.txt');
    const bounds = lowerBounds(instance);
    // Machine 1 gets all three long operations after job 1's first 7-unit wait: 3 max - 1, exact in a double.
    expect(bounds).toEqual({ job: 2 * max - 1, machine: 3 * max - 1, value: 3 * max - 1, bottleneck: 1 });
    const result = solve(instance, 'spt', {});
    const gap = ((result.makespan - bounds.value) / bounds.value) * 100;
    expect(Number.isFinite(gap)).toBe(true);
    expect(gap).toBeGreaterThanOrEqual(0);
  });
});

describe('npm run schedule with refused files', () => {
  it('exits 2 (bad input, as sim) with the file and line', () => {
    const file = join(dir, 'huge.txt');
    writeFileSync(file, `2 2\n0 ${2 ** 53 - 1} 1 3\n1 2 0 4\n`);
    const r = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli/schedule.ts'), file, '--algo', 'spt'], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`${file}:2: expected a duration of at most 1000000000`);
    const missing = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli/schedule.ts'), join(dir, 'none', 'x.txt'), '--algo', 'spt'], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(missing.status).toBe(2);
  });
});
