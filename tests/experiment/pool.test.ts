import { describe, expect, it } from 'vitest';
import { runExperiment } from '../../src/core/experiment/experiment.ts';
import { applyParameters } from '../../src/core/experiment/parameters.ts';
import { runnable } from '../../src/core/models.ts';
import { loadModelFile } from '../../src/node/model-file.ts';
import { runExperimentInWorkers, runExperimentsInWorkers, type WorkerLike } from '../../src/app/replication/pool.ts';
import type { ToReplication } from '../../src/app/replication/protocol.ts';
import { createReplicationHandler } from '../../src/app/replication/worker-logic.ts';

/**
 * A worker stand-in: the real worker logic, in this process, with messages delivered asynchronously as a Web Worker's
 * are. `log` records which worker ran which job, to check the runs were spread.
 */
function inProcessWorkers(log: { worker: number; job: number }[] = []) {
  let made = 0;
  const live = new Set<number>();
  const spawn = (): WorkerLike => {
    const id = made++;
    live.add(id);
    let terminated = false;
    const worker: WorkerLike = {
      onmessage: null,
      onerror: null,
      postMessage(message: ToReplication) {
        if (message.type === 'run') log.push({ worker: id, job: message.job });
        setTimeout(() => !terminated && handle(message), 0);
      },
      terminate() {
        terminated = true;
        live.delete(id);
      },
    };
    const handle = createReplicationHandler((reply) => setTimeout(() => !terminated && worker.onmessage?.({ data: reply }), 0));
    return worker;
  };
  return { spawn, live };
}

describe('replication pool', () => {
  it('gives the report runExperiment gives, with runs spread over the workers, and progress up to 1', async () => {
    const options = { levels: ['L1' as const, 'L3' as const], seeds: [1, 2, 3], until: 48, attribution: true };
    const log: { worker: number; job: number }[] = [];
    const workers = inProcessWorkers(log);
    const fractions: number[] = [];
    const pooled = await runExperimentInWorkers({ modelId: '3c-machining', options }, (f) => fractions.push(f), undefined, {
      workers: 3,
      spawn: workers.spawn,
    });
    const serial = runExperiment(runnable(loadModelFile('factory-models/3c-machining.json')), options);
    expect(JSON.stringify(pooled)).toBe(JSON.stringify(serial));
    expect(new Set(log.map((l) => l.worker)).size).toBe(3);
    expect(fractions.at(-1)).toBe(1);
    expect(fractions.every((f, i) => i === 0 || f >= fractions[i - 1]!)).toBe(true);
    expect(workers.live.size).toBe(0); // all terminated when done
  });

  it('applies parameter overrides, and runs a sweep of several experiments through one pool', async () => {
    const options = { levels: ['L1' as const], seeds: [1, 2], until: 2000 };
    const workers = inProcessWorkers();
    const reports = await runExperimentsInWorkers(
      [1, 2].map((servers) => ({ modelId: 'teaching/tandem5', parameters: { 'stations[4].servers': servers }, options })),
      undefined,
      undefined,
      { workers: 2, spawn: workers.spawn },
    );
    const file = 'factory-models/teaching/tandem5.json';
    const json = JSON.parse((await import('node:fs')).readFileSync(file, 'utf8'));
    for (const [i, servers] of [1, 2].entries()) {
      const serial = runExperiment(runnable(applyParameters(json, { 'stations[4].servers': servers }, file)), options);
      expect(JSON.stringify(reports[i])).toBe(JSON.stringify(serial));
    }
    expect(reports[1]!.levels.L1!.kpis.timeInSystem!.mean).toBeLessThan(reports[0]!.levels.L1!.kpis.timeInSystem!.mean);
  });

  it('runs a custom model sent whole', async () => {
    const model = JSON.parse((await import('node:fs')).readFileSync('factory-models/teaching/mm1.json', 'utf8'));
    const options = { levels: ['L1' as const], seeds: [5], until: 500 };
    const pooled = await runExperimentInWorkers({ modelId: 'custom-1', custom: { model, file: 'my-line.json' }, options }, undefined, undefined, {
      spawn: inProcessWorkers().spawn,
    });
    expect(JSON.stringify(pooled)).toBe(JSON.stringify(runExperiment(runnable(applyParameters(model, {}, 'x')), options)));
  });

  it('rejects a bad parameter before any worker starts, naming the file and path', async () => {
    const workers = inProcessWorkers();
    await expect(
      runExperimentInWorkers(
        { modelId: '3c-machining', parameters: { 'cnc.cellz': 3 }, options: { levels: ['L1'], seeds: [1], until: 10 } },
        undefined,
        undefined,
        {
          spawn: workers.spawn,
        },
      ),
    ).rejects.toThrow("factory-models/3c-machining.json: cnc.cellz: unknown path: cnc has no field 'cellz'");
  });

  it('stops and terminates every worker when aborted', async () => {
    const workers = inProcessWorkers();
    const controller = new AbortController();
    const running = runExperimentInWorkers(
      { modelId: 'teaching/mm1', options: { levels: ['L1'], seeds: [1, 2, 3, 4, 5, 6], until: 5000 } },
      () => controller.abort(),
      controller.signal,
      { workers: 2, spawn: workers.spawn },
    );
    await expect(running).rejects.toMatchObject({ name: 'AbortError' });
    expect(workers.live.size).toBe(0);
  });

  it('starts no worker for an experiment with nothing to run', async () => {
    const workers = inProcessWorkers();
    let spawned = 0;
    const report = await runExperimentInWorkers({ modelId: 'teaching/mm1', options: { levels: [], seeds: [1], until: 10 } }, undefined, undefined, {
      spawn: () => (spawned++, workers.spawn()),
    });
    expect(spawned).toBe(0);
    expect(report.levels).toEqual({});
  });
});
