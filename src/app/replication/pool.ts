/**
 * Replications in parallel: an experiment (or a whole parameter sweep) is planned with the core's `planExperiment`,
 * its independent runs are spread over a few module workers (the next run goes to whichever worker is free), and the
 * results are put back together with `summarizeExperiment`, so the report is the one the CLI prints for the same
 * inputs, bit for bit. Progress is reported as runs advance; aborting terminates the workers.
 */
import {
  planExperiment,
  summarizeExperiment,
  type ExperimentOptions,
  type ExperimentReport,
  type RunResult,
  type RunSpec,
} from '../../core/experiment/experiment.ts';
import type { RunnableModel } from '../../core/experiment/runnable.ts';
import type { FromReplication, ModelSource, ToReplication } from './protocol.ts';
import { resolveRunnable } from './resolve.ts';

export interface ExperimentRequest {
  modelId: string;
  custom?: { model: unknown; file: string };
  /** Parameter overrides by JSON path (`cnc.cells`: 8), applied and validated before anything runs. */
  parameters?: Record<string, number>;
  options: Omit<ExperimentOptions, 'onProgress'>;
}

/** What the pool needs of a worker: a Web Worker, or an in-process stand-in in tests. */
export interface WorkerLike {
  postMessage(message: ToReplication): void;
  terminate(): void;
  onmessage: ((event: { data: FromReplication }) => void) | null;
  onerror: ((event: { message?: string }) => void) | null;
}

export interface PoolSettings {
  /** Number of workers (default: one less than the hardware threads, at least one). */
  workers?: number;
  spawn?: () => WorkerLike;
}

/**
 * Workers to use: every hardware thread the browser reports but one, left to the page (rendering, input), and at least
 * one. `hardwareConcurrency` may be missing or rounded down by privacy settings; then two threads are assumed.
 */
export function defaultWorkerCount(threads: number | undefined = typeof navigator !== 'undefined' ? navigator.hardwareConcurrency : undefined): number {
  return Math.max(1, (Number.isInteger(threads) && threads! > 0 ? threads! : 2) - 1);
}

function spawnModuleWorker(): WorkerLike {
  return new Worker(new URL('./replication.worker.ts', import.meta.url), { type: 'module' }) as unknown as WorkerLike;
}

function abortError(): Error {
  return new DOMException('the experiment was cancelled', 'AbortError');
}

/** One experiment in workers; the report equals `runExperiment`'s for the same model, parameters and options. */
export async function runExperimentInWorkers(
  request: ExperimentRequest,
  onProgress?: (fraction: number) => void,
  signal?: AbortSignal,
  settings?: PoolSettings,
): Promise<ExperimentReport> {
  const [report] = await runExperimentsInWorkers([request], onProgress, signal, settings);
  return report!;
}

/**
 * Several experiments (the points of a sweep) sharing one pool, so a sweep with few seeds per point still keeps every
 * worker busy. Reports come back in request order. Bad parameters or options reject before any worker starts.
 */
export function runExperimentsInWorkers(
  requests: readonly ExperimentRequest[],
  onProgress?: (fraction: number) => void,
  signal?: AbortSignal,
  settings: PoolSettings = {},
): Promise<ExperimentReport[]> {
  if (signal?.aborted) return Promise.reject(abortError());
  let models: RunnableModel[];
  let plans: RunSpec[][];
  try {
    models = requests.map((request) => resolveRunnable(request));
    plans = requests.map((request, i) => planExperiment(models[i]!, request.options));
  } catch (error) {
    return Promise.reject(error);
  }
  const jobs = plans.flatMap((plan, experiment) => plan.map((spec) => ({ experiment, spec })));
  const results: RunResult[][] = requests.map(() => []);
  if (jobs.length === 0) {
    // Nothing to run (no levels asked for): the summaries are empty reports; no worker is started.
    try {
      return Promise.resolve(requests.map((request, i) => summarizeExperiment(models[i]!, request.options, [])));
    } catch (error) {
      return Promise.reject(error);
    }
  }
  const fractions = new Float64Array(jobs.length);
  const count = Math.max(1, Math.min(settings.workers ?? defaultWorkerCount(), jobs.length));
  const spawn = settings.spawn ?? spawnModuleWorker;

  return new Promise<ExperimentReport[]>((resolve, reject) => {
    const workers: WorkerLike[] = [];
    let next = 0;
    let finished = 0;
    let settled = false;
    /** Sum of `fractions`, kept as they change (progress messages are many; jobs may be hundreds). */
    let done = 0;
    const advance = (job: number, fraction: number) => {
      done += fraction - fractions[job]!;
      fractions[job] = fraction;
      // Exactly 1 at the end, whatever rounding the running sum gathered.
      onProgress?.(finished === jobs.length ? 1 : Math.min(1, done / jobs.length));
    };
    const stop = () => {
      for (const worker of workers) worker.terminate();
      signal?.removeEventListener('abort', onAbort);
    };
    const fail = (error: Error) => {
      if (settled) return;
      settled = true;
      stop();
      reject(error);
    };
    const onAbort = () => fail(abortError());
    signal?.addEventListener('abort', onAbort);

    /** Which experiments' models each worker already has. */
    const told = new Map<WorkerLike, Set<number>>();
    const assign = (worker: WorkerLike) => {
      if (next >= jobs.length) return;
      const job = next++;
      const { experiment, spec } = jobs[job]!;
      const known = told.get(worker)!;
      if (!known.has(experiment)) {
        const { modelId, custom, parameters } = requests[experiment]!;
        const source: ModelSource = { modelId, custom, parameters };
        worker.postMessage({ type: 'model', model: experiment, source });
        known.add(experiment);
      }
      worker.postMessage({ type: 'run', job, model: experiment, spec });
    };

    for (let w = 0; w < count; w++) {
      const worker = spawn();
      workers.push(worker);
      told.set(worker, new Set());
      worker.onerror = (event) => fail(new Error(`replication worker failed: ${event.message ?? 'unknown error'}`));
      worker.onmessage = ({ data }) => {
        if (settled) return;
        switch (data.type) {
          case 'progress':
            advance(data.job, data.fraction);
            break;
          case 'error':
            fail(new Error(data.message));
            break;
          case 'result': {
            results[jobs[data.job]!.experiment]!.push(data.result);
            finished++;
            advance(data.job, 1);
            if (finished === jobs.length) {
              settled = true;
              stop();
              try {
                resolve(requests.map((request, i) => summarizeExperiment(models[i]!, request.options, results[i]!)));
              } catch (error) {
                reject(error);
              }
            } else {
              assign(worker);
            }
            break;
          }
        }
      };
    }
    for (const worker of workers) assign(worker);
  });
}
