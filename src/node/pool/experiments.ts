/**
 * Running experiments (one, or a sweep's points) through an executor: each experiment is planned with the core's
 * `planExperiment`, its independent runs are executed somewhere (here in order, in a worker-thread pool, or on a BullMQ
 * queue), and each report is put back together with `summarizeExperiment` in plan order, so every executor prints the
 * same numbers bit for bit.
 */
import {
  executeRun,
  planExperiment,
  summarizeExperiment,
  type ExperimentOptions,
  type ExperimentReport,
  type RunResult,
  type RunSpec,
} from '../../core/experiment/experiment.ts';
import { runnable } from '../../core/models.ts';
import { type RunnableModel } from '../../core/experiment/runnable.ts';
import type { AnyModel } from '../../core/model/load.ts';
import { contentHash } from '../content-hash.ts';
import type { ExperimentPool } from './experiment-pool.ts';
import type { RunTask } from './run-task.ts';

export type PlainExperimentOptions = Omit<ExperimentOptions, 'onProgress'>;

/** An experiment ready to run: validated model content (parameters applied), its runnable form and its plan. */
export interface PreparedExperiment {
  /** The model file as the user named it, for messages. */
  file: string;
  content: AnyModel;
  modelKey: string;
  model: RunnableModel;
  options: PlainExperimentOptions;
  plan: RunSpec[];
}

/** Plans an experiment; bad options (a level the model lacks, no seeds) throw here, before anything runs. */
export function prepareExperiment(file: string, content: AnyModel, options: PlainExperimentOptions): PreparedExperiment {
  const model = runnable(content);
  return { file, content, modelKey: contentHash(content), model, options, plan: planExperiment(model, options) };
}

/** How a run is named in error messages: model, level (or capability raised), seed. */
export function describeRun(experiment: Pick<PreparedExperiment, 'file' | 'model'>, spec: Pick<RunSpec, 'key' | 'seed'>): string {
  return `${experiment.file} (${experiment.model.name}) ${spec.key} seed ${spec.seed}`;
}

/** A run that failed, named by its model, level and seed. */
export class RunFailedError extends Error {}

/** Every run of every experiment, in one list, so a sweep with few seeds per point still keeps every worker busy. */
export function allRuns(experiments: readonly PreparedExperiment[]): { experiment: number; spec: RunSpec }[] {
  return experiments.flatMap((prepared, experiment) => prepared.plan.map((spec) => ({ experiment, spec })));
}

export function summarizeAll(experiments: readonly PreparedExperiment[], results: readonly RunResult[][]): ExperimentReport[] {
  return experiments.map((prepared, i) => summarizeExperiment(prepared.model, prepared.options, results[i]!));
}

/** In this thread, run after run (`--workers 1`): synchronous, with progress per slice. */
export function runSerially(experiments: readonly PreparedExperiment[], onProgress?: (fraction: number) => void): ExperimentReport[] {
  const runs = allRuns(experiments);
  const results: RunResult[][] = experiments.map(() => []);
  runs.forEach(({ experiment, spec }, done) => {
    const prepared = experiments[experiment]!;
    try {
      results[experiment]!.push(executeRun(prepared.model, spec, onProgress && ((fraction) => onProgress((done + fraction) / runs.length))));
    } catch (error) {
      throw failed(prepared, spec, error);
    }
  });
  return summarizeAll(experiments, results);
}

function failed(prepared: PreparedExperiment, spec: RunSpec, error: unknown): RunFailedError {
  return new RunFailedError(`run ${describeRun(prepared, spec)} failed: ${(error as Error).message}`, { cause: error });
}

/** One run to do: the task a pool thread takes, the runnable model for this thread, and its name should it fail. */
export interface PoolJob {
  task: RunTask;
  model: RunnableModel;
  failed(error: unknown): RunFailedError;
}

/**
 * Runs `jobs` in a worker-thread pool, and optionally in this thread as well (`alsoHere`; always without a pool), and
 * returns their results in job order, whatever order they finish in. Every free thread takes the next job. This thread
 * starts at once, while the pool's threads are still starting (about half a second each, then their own warm-up), so
 * a small batch is never slower than one thread, and a large one gets one more core's worth. `onDone` is told after
 * each finished job; the first failure rejects, naming the run, once the jobs in hand are done.
 */
export async function runJobs(
  pool: ExperimentPool | Promise<ExperimentPool> | undefined,
  jobs: readonly PoolJob[],
  options: { alsoHere?: boolean; onDone?: (finished: number) => void } = {},
): Promise<RunResult[]> {
  const results: RunResult[] = new Array(jobs.length);
  let next = 0;
  let finished = 0;
  let failure: RunFailedError | undefined;
  const take = () => (failure === undefined && next < jobs.length ? next++ : undefined);
  const done = (index: number, result: RunResult) => {
    results[index] = result;
    options.onDone?.(++finished);
  };
  const inThreads =
    pool === undefined
      ? Promise.resolve()
      : Promise.resolve(pool).then((started) =>
          Promise.all(
            Array.from({ length: started.threads }, async () => {
              for (let index = take(); index !== undefined; index = take()) {
                try {
                  done(index, await started.run(jobs[index]!.task));
                } catch (error) {
                  failure ??= jobs[index]!.failed(error);
                }
              }
            }),
          ),
        );
  if (options.alsoHere || pool === undefined) {
    for (let index = take(); index !== undefined; index = take()) {
      const job = jobs[index]!;
      try {
        done(index, executeRun(job.model, job.task.spec));
      } catch (error) {
        failure ??= job.failed(error);
      }
      // Between runs, let the threads' results (and the pool's start) be handled.
      if (pool !== undefined) await new Promise((resolve) => setImmediate(resolve));
    }
  }
  await inThreads;
  if (failure) throw failure;
  return results;
}

/**
 * An experiment's runs (or a sweep's) through `runJobs`: in a worker-thread pool, optionally in this thread as well.
 * Progress per finished run; the first failure rejects, naming the run.
 */
export async function runInPool(
  pool: ExperimentPool | Promise<ExperimentPool>,
  experiments: readonly PreparedExperiment[],
  onProgress?: (fraction: number) => void,
  options: { alsoHere?: boolean } = {},
): Promise<ExperimentReport[]> {
  const runs = allRuns(experiments);
  const jobs = runs.map(({ experiment, spec }): PoolJob => {
    const prepared = experiments[experiment]!;
    return { task: { modelKey: prepared.modelKey, model: prepared.content, spec }, model: prepared.model, failed: (error) => failed(prepared, spec, error) };
  });
  const finished = await runJobs(pool, jobs, { alsoHere: options.alsoHere, onDone: onProgress && ((n) => onProgress(n / runs.length)) });
  const results: RunResult[][] = experiments.map(() => []);
  runs.forEach(({ experiment }, i) => results[experiment]!.push(finished[i]!));
  return summarizeAll(experiments, results);
}
