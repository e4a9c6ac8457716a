/** The worker-thread side of the experiment pool: piscina calls the default export with one `RunTask` at a time. */
import type { RunResult } from '../../core/experiment/experiment.ts';
import { runTask, type RunTask } from './run-task.ts';

export default function runInThread(task: RunTask): RunResult {
  return runTask(task);
}
