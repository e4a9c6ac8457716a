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

/**
 * In a worker-thread pool, and optionally in this thread as well (`alsoHere`): every free thread takes the next run.
 * This thread starts at once, while the pool's threads are still starting (about half a second each, then their own
 * warm-up), so a small experiment is never slower than `--workers 1`, and a large one gets one more core's worth.
 * Progress per finished run; the first failure rejects, naming the run, once the runs in hand are done.
 */
export async function runInPool(
  pool: ExperimentPool | Promise<ExperimentPool>,
  experiments: readonly PreparedExperiment[],
  onProgress?: (fraction: number) => void,
  options: { alsoHere?: boolean } = {},
): Promise<ExperimentReport[]> {
  const runs = allRuns(experiments);
  const results: RunResult[][] = experiments.map(() => []);
  let next = 0;
  let finished = 0;
  let failure: RunFailedError | undefined;
  const take = () => (failure === undefined && next < runs.length ? runs[next++] : undefined);
  const done = (experiment: number, result: RunResult) => {
    results[experiment]!.push(result);
    onProgress?.(++finished / runs.length);
  };
  const inThreads = Promise.resolve(pool).then((started) =>
    Promise.all(
      Array.from({ length: started.threads }, async () => {
        for (let run = take(); run !== undefined; run = take()) {
          const prepared = experiments[run.experiment]!;
          try {
            done(run.experiment, await started.run({ modelKey: prepared.modelKey, model: prepared.content, spec: run.spec }));
          } catch (error) {
            failure ??= failed(prepared, run.spec, error);
          }
        }
      }),
    ),
  );
  if (options.alsoHere) {
    for (let run = take(); run !== undefined; run = take()) {
      const prepared = experiments[run.experiment]!;
      try {
        done(run.experiment, executeRun(prepared.model, run.spec));
      } catch (error) {
        failure ??= failed(prepared, run.spec, error);
      }
      // Between runs, let the threads' results (and the pool's start) be handled.
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
  await inThreads;
  if (failure) throw failure;
  return summarizeAll(experiments, results);
}
