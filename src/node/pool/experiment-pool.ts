/**
 * A pool of worker threads (piscina) that runs planned replications: the next run goes to whichever thread is free.
 * Results carry their plan index, so the caller summarises them with the core in plan order, whatever order they finish
 * in: the report is the serial runner's, bit for bit.
 */
import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import type { RunResult } from '../../core/experiment/experiment.ts';
import type { RunTask } from './run-task.ts';

export class ExperimentPool {
  private readonly piscina: Piscina;

  constructor(readonly threads: number = availableParallelism()) {
    this.piscina = new Piscina({
      filename: new URL('./pool-entry.mjs', import.meta.url).href,
      minThreads: threads,
      maxThreads: threads,
      // One run per thread at a time: runs are CPU-bound, more would only interleave them.
      concurrentTasksPerWorker: 1,
      // Threads live as long as the pool; an experiment's runs come in one burst.
      idleTimeout: Infinity,
    });
  }

  run(task: RunTask): Promise<RunResult> {
    return this.piscina.run(task) as Promise<RunResult>;
  }

  /** Runs the threads have finished. */
  get completed(): number {
    return this.piscina.completed;
  }

  async close(): Promise<void> {
    await this.piscina.destroy();
  }
}
