/**
 * An optimisation study on the local worker-thread pool: the core's step-by-step procedure (`optimizationSteps`) asks
 * for batches of replications; each batch's replications run on the pool's threads and this one, and their KPIs go
 * back in the order asked. Every replication is fixed by its overrides and seed (`replicationSpec`), so the result is
 * the serial `optimize`'s, bit for bit, for any number of threads.
 */
import type { RunnableModel } from '../../core/experiment/runnable.ts';
import { applyParameters } from '../../core/experiment/parameters.ts';
import type { AnyModel } from '../../core/model/load.ts';
import { runnable } from '../../core/models.ts';
import { optimizationSteps, replicationSpec, type OptimizationProgress, type OptimizationResult, type Study } from '../../core/optimize/index.ts';
import { contentHash } from '../content-hash.ts';
import { ExperimentPool } from './experiment-pool.ts';
import { RunFailedError, runJobs, type PoolJob } from './experiments.ts';

export interface PoolOptimizeOptions {
  /** Threads in all, this one included (1: everything in this thread, no pool). */
  workers: number;
  /** Told before each batch. */
  onProgress?: (progress: OptimizationProgress) => void;
}

export async function optimizeInPool(modelJson: unknown, study: Study, file: string, options: PoolOptimizeOptions): Promise<OptimizationResult> {
  const models = new Map<string, { content: AnyModel; key: string; model: RunnableModel }>();
  const modelFor = (overrides: Record<string, number>) => {
    const id = JSON.stringify(overrides);
    let found = models.get(id);
    if (!found) {
      const content = applyParameters(modelJson, overrides, file);
      found = { content, key: contentHash(content), model: runnable(content) };
      models.set(id, found);
    }
    return found;
  };
  const steps = optimizationSteps(modelJson, study, file);
  // Started on the first batch, not before: a study the core refuses (checked on the first step) starts no threads.
  let pool: Promise<ExperimentPool> | undefined;
  try {
    let next = steps.next();
    while (!next.done) {
      options.onProgress?.(next.value.progress);
      const requests = next.value.requests;
      const jobs = requests.flatMap((request) => {
        const { content, key, model } = modelFor(request.overrides);
        return request.seeds.map((seed): PoolJob => ({
          task: { modelKey: key, model: content, spec: replicationSpec(model, study, seed) },
          model,
          failed: (error) =>
            new RunFailedError(`run ${file} (${model.name}) ${JSON.stringify(request.overrides)} seed ${seed} failed: ${(error as Error).message}`, {
              cause: error,
            }),
        }));
      });
      const threads = Math.min(options.workers, jobs.length);
      if (threads > 1 && pool === undefined) pool = ExperimentPool.start(options.workers - 1);
      const results = await runJobs(threads > 1 ? pool : undefined, jobs, { alsoHere: true });
      let at = 0;
      next = steps.next(requests.map((request) => request.seeds.map(() => results[at++]!.kpis)));
    }
    return next.value;
  } finally {
    if (pool) await (await pool).close();
  }
}
