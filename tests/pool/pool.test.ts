import { Piscina } from 'piscina';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main, runCli } from '../../src/cli/sim.ts';
import { loadModelFile } from '../../src/node/model-file.ts';
import { ExperimentPool } from '../../src/node/pool/experiment-pool.ts';
import { prepareExperiment, runInPool, runSerially } from '../../src/node/pool/experiments.ts';
import { runTask } from '../../src/node/pool/run-task.ts';
import { parseSweep } from '../../src/node/pool/sweep.ts';

function capture() {
  let out = '';
  let err = '';
  return { io: { out: (t: string) => (out += t), err: (t: string) => (err += t) }, text: () => ({ out, err }) };
}

/** The in-process runner (`--workers 1`) and the pool (`--workers 2`) on the same arguments. */
async function bothWays(...argv: string[]) {
  const serial = capture();
  const serialCode = main([...argv, '--workers', '1'], serial.io);
  const pooled = capture();
  const pooledCode = await runCli([...argv, '--workers', '2'], pooled.io);
  return { serial: { code: serialCode, ...serial.text() }, pooled: { code: pooledCode, ...pooled.text() } };
}

describe('experiments on a worker-thread pool', () => {
  it.each([
    ['the 3C plant, three levels', ['factory-models/3c-machining.json', '--days', '2', '--seeds', '2']],
    ['the petrochemical plant, three levels', ['factory-models/petrochemical.json', '--days', '2', '--seeds', '2']],
    ['a teaching model', ['factory-models/teaching/wearing-cell.json', '--days', '3', '--seeds', '3']],
    ['a sweep', ['factory-models/teaching/mm1.json', '--until', '1500', '--seeds', '2', '--sweep', 'stations[0].serviceTime.mean=0.6:0.9:0.1']],
  ])('--workers 2 prints what --workers 1 prints, bit for bit: %s', async (_name, argv) => {
    const { serial, pooled } = await bothWays(...argv, '--format', 'json');
    expect(serial.code).toBe(0);
    expect(pooled.code).toBe(0);
    expect(pooled.out).toBe(serial.out);
    expect(JSON.parse(pooled.out)).toBeTypeOf('object');
  });

  it('gives the same table with attribution', async () => {
    const { serial, pooled } = await bothWays('factory-models/teaching/wearing-cell.json', '--days', '2', '--seeds', '2', '--attribution');
    expect(pooled.code).toBe(0);
    expect(pooled.out).toBe(serial.out);
  });

  let pool: ExperimentPool;
  beforeAll(async () => {
    pool = await ExperimentPool.start(2);
  });
  afterAll(() => pool.close());

  it('runs every planned run in the threads and summarises them in plan order', async () => {
    const content = loadModelFile('factory-models/teaching/tandem5.json');
    const options = { levels: ['L1' as const], seeds: [1, 2, 3, 4, 5], until: 2000 };
    const experiments = [prepareExperiment('tandem5', content, options), prepareExperiment('tandem5', content, { ...options, seeds: [9] })];
    const before = pool.completed;
    const fractions: number[] = [];
    const reports = await runInPool(pool, experiments, (f) => fractions.push(f));
    expect(pool.completed - before).toBe(6);
    expect(fractions.at(-1)).toBe(1);
    expect(reports).toEqual(runSerially(experiments));
  });

  it('names the model, level and seed of a run that fails in a thread', async () => {
    const content = loadModelFile('factory-models/teaching/mm1.json');
    const prepared = prepareExperiment('mm1.json', content, { levels: ['L1'], seeds: [7], until: 100 });
    // A level configuration the model cannot start: the thread's executeRun throws, the pool names the run.
    prepared.plan[0]!.until = Number.NaN;
    await expect(runInPool(pool, [prepared])).rejects.toThrow(/^run mm1\.json \(M\/M\/1 queue \(rho = 0\.9\)\) L1 seed 7 failed: /);
  });
});

describe('the fallback worker entry (no bundle)', () => {
  it('loads the TypeScript sources through tsx in a fresh thread and runs a task as the bundle does', async () => {
    const piscina = new Piscina({ filename: new URL('../../src/node/pool/pool-entry.mjs', import.meta.url).href, maxThreads: 1 });
    try {
      const content = loadModelFile('factory-models/teaching/mm1.json');
      const prepared = prepareExperiment('mm1', content, { levels: ['L1'], seeds: [3], until: 500 });
      const task = { modelKey: prepared.modelKey, model: content, spec: prepared.plan[0]! };
      const result = await piscina.run(task);
      expect(result.events).toBeGreaterThan(100);
      expect(result).toEqual(runTask(task));
    } finally {
      await piscina.destroy();
    }
  });
});

describe('--sweep values', () => {
  it('reads a range (rounded as the app rounds) and a list', () => {
    expect(parseSweep('a.b=0.1:0.5:0.1')).toEqual({ parameter: 'a.b', values: [0.1, 0.2, 0.3, 0.4, 0.5] });
    expect(parseSweep('stations[0].servers=1,3,2')).toEqual({ parameter: 'stations[0].servers', values: [1, 3, 2] });
    expect(parseSweep('x=5:6:2').values).toEqual([5]);
  });

  it('refuses a bad range with exit 2 and a message naming it', () => {
    for (const bad of ['x=1:0:1', 'x=0:1:0', 'x=1:2', 'x=1,1', 'x=a:2:1', 'nothing']) {
      const { io, text } = capture();
      expect(main(['factory-models/teaching/mm1.json', '--sweep', bad], io)).toBe(2);
      expect(text().err).toContain('--sweep');
    }
  });

  it('gives a record --replay accepts', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const sweep = capture();
    expect(
      main(['factory-models/teaching/mm1.json', '--until', '1000', '--seeds', '2', '--sweep', 'stations[0].servers=1,2', '--format', 'json'], sweep.io),
    ).toBe(0);
    const record = JSON.parse(sweep.text().out);
    expect(record.sweep.parameter).toBe('stations[0].servers');
    expect(record.sweep.points.map((p: { value: number }) => p.value)).toEqual([1, 2]);
    expect(record.sweep.points[1].report.levels.L1.kpis.wip.mean).toBeLessThan(record.sweep.points[0].report.levels.L1.kpis.wip.mean);
    const file = join(mkdtempSync(join(tmpdir(), 'fabtwin-sweep-')), 'sweep.json');
    writeFileSync(file, sweep.text().out);
    const replay = capture();
    expect(await runCli(['--replay', file, '--workers', '2'], replay.io)).toBe(0);
    expect(replay.text().err).toContain('replay gives the recorded numbers');
  });
});
