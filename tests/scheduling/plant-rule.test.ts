import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runExperiment } from '../../src/core/experiment/experiment.ts';
import { runnable } from '../../src/core/models.ts';
import { loadModelFile } from '../../src/node/model-file.ts';
import { validateModel } from '../../src/core/model/load.ts';
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { ROOT } from './helpers.ts';

const plant = loadModelFile(join(ROOT, 'factory-models/3c-machining.json'));

/** KPI means of one week of the 3C plant at a level, with an optional rule of one's own in the model's `dispatchRule`. */
function week(level: 'L1' | 'L2', rule?: string | object): Record<string, number> {
  const content =
    rule === undefined
      ? plant
      : validateModel({ ...plant, dispatchRule: typeof rule === 'string' ? { expression: rule } : { weights: rule } }, '3c-machining.json');
  const report = runExperiment(runnable(content), { levels: [level], seeds: [3], until: 7 * 24 });
  return Object.fromEntries(Object.entries(report.levels[level]!.kpis).map(([name, estimate]) => [name, estimate.mean as number]));
}

describe("a rule of one's own drives the 3C plant's dispatching", () => {
  it("FIFO written as a rule reproduces L1's own FIFO dispatching exactly; other rules change the KPIs", () => {
    const plain = week('L1');
    // L1 dispatches first come, first served: the earliest queue arrival (now - waiting) first.
    expect(week('L1', 'now - waiting')).toEqual(plain);
    const lpt = week('L1', '-p');
    expect(lpt).not.toEqual(plain);
    expect(week('L1')).toEqual(plain);
  });

  it('is deterministic: the same rule gives the same KPIs, and the model without it is untouched', () => {
    const plain = week('L2');
    const spt = week('L2', 'p');
    expect(spt).not.toEqual(plain);
    expect(week('L2', 'p')).toEqual(spt);
    expect(week('L2')).toEqual(plain);
  });

  it('a trained dispatcher (weights JSON, as the lab exports) drives it too, deterministically', () => {
    const weights = JSON.parse(readFileSync(join(ROOT, 'src/core/scheduling/dispatcher-weights.json'), 'utf8')) as object;
    const plain = week('L1');
    const learned = week('L1', weights);
    expect(learned).not.toEqual(plain);
    expect(week('L1', weights)).toEqual(learned);
  });

  it('npm run sim -- --dispatch-rule refuses a bad rule or a model that is not a 3C plant with exit code 2', () => {
    const sim = (...args: string[]) =>
      spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli/sim.ts'), ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
    const badRule = sim('factory-models/3c-machining.json', '--days', '1', '--dispatch-rule', 'p + * 2');
    expect(badRule.status).toBe(2);
    expect(badRule.stderr).toContain('column 5');
    const flow = sim('factory-models/teaching/mm1.json', '--dispatch-rule', 'p');
    expect(flow.status).toBe(2);
    expect(flow.stderr).toContain('3C machining plant');
    const ok = sim('factory-models/3c-machining.json', '--days', '2', '--seeds', '1', '--level', 'L2', '--format', 'json', '--dispatch-rule', 'slack');
    expect(ok.status, ok.stderr).toBe(0);
    expect(JSON.parse(ok.stdout).levels.L2.kpis.throughput.mean).toBeGreaterThan(0);
    // The rule travels inside the model to pool threads: the same bytes on one thread and on two.
    const oneThread = sim(
      'factory-models/3c-machining.json',
      '--days',
      '2',
      '--seeds',
      '2',
      '--level',
      'L2',
      '--format',
      'json',
      '--dispatch-rule',
      'slack',
      '--workers',
      '1',
    );
    const twoThreads = sim(
      'factory-models/3c-machining.json',
      '--days',
      '2',
      '--seeds',
      '2',
      '--level',
      'L2',
      '--format',
      'json',
      '--dispatch-rule',
      'slack',
      '--workers',
      '2',
    );
    const plain = sim('factory-models/3c-machining.json', '--days', '2', '--seeds', '2', '--level', 'L2', '--format', 'json', '--workers', '2');
    expect(twoThreads.status, twoThreads.stderr).toBe(0);
    expect(twoThreads.stdout).toBe(oneThread.stdout);
    expect(twoThreads.stdout).not.toBe(plain.stdout);
    const trained = sim(
      'factory-models/3c-machining.json',
      '--days',
      '2',
      '--seeds',
      '1',
      '--level',
      'L1',
      '--format',
      'json',
      '--dispatch-rule',
      'src/core/scheduling/dispatcher-weights.json',
    );
    expect(trained.status, trained.stderr).toBe(0);
    const bad = join(mkdtempSync(join(tmpdir(), 'fabtwin-')), 'policy.json');
    writeFileSync(bad, '{"format":"fabtwin-dispatcher/1","scheme":"non-delay"}');
    const refused = sim('factory-models/3c-machining.json', '--days', '1', '--dispatch-rule', bad);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain(`${bad}: invalid dispatcher weights`);
  });
});
