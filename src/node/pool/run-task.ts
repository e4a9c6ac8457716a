/**
 * One planned replication as a self-contained task: the validated model content (parameters already applied) and the
 * core's `RunSpec`. Plain data, so it crosses a worker-thread boundary (structured clone) or a queue (JSON) unchanged;
 * whoever runs it calls the core's `executeRun`, so every executor gives the serial runner's numbers.
 */
import { executeRun, type RunResult, type RunSpec } from '../../core/experiment/experiment.ts';
import { runnable } from '../../core/models.ts';
import { type RunnableModel } from '../../core/experiment/runnable.ts';
import type { AnyModel } from '../../core/model/load.ts';

export interface RunTask {
  /** Content hash of `model`: a thread builds each runnable model once, not once per run. */
  modelKey: string;
  model: AnyModel;
  spec: RunSpec;
}

/** Runnable models this thread has built, by content hash (a sweep has one per point; a few dozen at most are kept). */
const built = new Map<string, RunnableModel>();
const KEEP_MODELS = 64;

export function runnableFor(modelKey: string, model: AnyModel): RunnableModel {
  let found = built.get(modelKey);
  if (!found) {
    found = runnable(model);
    if (built.size >= KEEP_MODELS) built.delete(built.keys().next().value!);
    built.set(modelKey, found);
  }
  return found;
}

export function runTask(task: RunTask): RunResult {
  return executeRun(runnableFor(task.modelKey, task.model), task.spec);
}
