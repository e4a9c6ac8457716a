import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { optimizeInWorkers } from '../../src/app/optimize/run.ts';
import type { WorkerLike } from '../../src/app/replication/pool.ts';
import type { ToReplication } from '../../src/app/replication/protocol.ts';
import { createReplicationHandler } from '../../src/app/replication/worker-logic.ts';
import { optimize, parseStudy } from '../../src/core/optimize/index.ts';

/** The real worker logic in this process, with messages delivered asynchronously as a Web Worker's are. */
function spawn(): WorkerLike {
  let terminated = false;
  const worker: WorkerLike = {
    onmessage: null,
    onerror: null,
    postMessage(message: ToReplication) {
      setTimeout(() => !terminated && handle(message), 0);
    },
    terminate() {
      terminated = true;
    },
  };
  const handle = createReplicationHandler((reply) => setTimeout(() => !terminated && worker.onmessage?.({ data: reply }), 0));
  return worker;
}

describe('optimising in the worker pool', () => {
  it('gives the result the CLI gives for the same study, and reports progress', async () => {
    const fixtures = join(import.meta.dirname, 'fixtures');
    const model = JSON.parse(readFileSync(join(fixtures, 'buffer-line.json'), 'utf8'));
    const study = parseStudy(readFileSync(join(fixtures, 'buffer-study.json'), 'utf8'), 'buffer-study.json');
    const small = { ...study, search: { ...study.search, evaluations: 6 } };
    const progress: number[] = [];
    const pooled = await optimizeInWorkers(
      { modelId: 'buffer-line', custom: { model, file: 'buffer-line.json' } },
      small,
      (p) => progress.push(p.evaluations),
      undefined,
      { workers: 3, spawn },
    );
    const serial = optimize(model, small, 'buffer-line.json');
    expect(pooled.best).toEqual(serial.best);
    expect(pooled.evaluations.map((e) => e.objective.mean)).toEqual(serial.evaluations.map((e) => e.objective.mean));
    expect(progress.at(-1)).toBe(6);
  });
});
