import { afterEach, describe, expect, it, vi } from 'vitest';
import { defaultWorkerCount, runExperimentInWorkers, type WorkerLike } from '../../src/app/replication/pool.ts';
import type { ToReplication } from '../../src/app/replication/protocol.ts';
import { createReplicationHandler } from '../../src/app/replication/worker-logic.ts';

afterEach(() => vi.unstubAllGlobals());

/** Web Worker stand-ins running the real worker logic in this process; counts how many the pool made. */
function countingSpawn() {
  const made = { count: 0 };
  const spawn = (): WorkerLike => {
    made.count++;
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
    const handle = createReplicationHandler((data) => worker.onmessage?.({ data }));
    return worker;
  };
  return { made, spawn };
}

describe("the browser's replication pool size", () => {
  it('is the hardware threads less one for the page, at least one, with no fixed ceiling', () => {
    expect(defaultWorkerCount(16)).toBe(15);
    expect(defaultWorkerCount(8)).toBe(7);
    expect(defaultWorkerCount(2)).toBe(1);
    expect(defaultWorkerCount(1)).toBe(1);
    expect(defaultWorkerCount(undefined)).toBe(1);
    expect(defaultWorkerCount(0)).toBe(1);
  });

  it('follows navigator.hardwareConcurrency (up to the number of runs)', async () => {
    vi.stubGlobal('navigator', { hardwareConcurrency: 8 });
    const { made, spawn } = countingSpawn();
    const options = { levels: ['L1' as const], seeds: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], until: 200 };
    await runExperimentInWorkers({ modelId: 'teaching/mm1', options }, undefined, undefined, { spawn });
    expect(made.count).toBe(7);
    const few = countingSpawn();
    await runExperimentInWorkers({ modelId: 'teaching/mm1', options: { ...options, seeds: [1, 2, 3] } }, undefined, undefined, { spawn: few.spawn });
    expect(few.made.count).toBe(3);
  });
});
