/**
 * What a replication worker does, apart from the worker global: resolve each model once, run each planned replication
 * with the core's `executeRun`, report progress per slice and post the result. Factored out so tests can drive it in
 * Node without a Web Worker.
 */
import { executeRun } from '../../core/experiment/experiment.ts';
import type { RunnableModel } from '../../core/experiment/runnable.ts';
import type { FromReplication, ToReplication } from './protocol.ts';
import { resolveRunnable } from './resolve.ts';

export function createReplicationHandler(post: (message: FromReplication) => void): (message: ToReplication) => void {
  const models = new Map<number, RunnableModel | Error>();
  return (message) => {
    if (message.type === 'model') {
      try {
        models.set(message.model, resolveRunnable(message.source));
      } catch (error) {
        // Reported with the first run that needs it, so the pool learns which job failed.
        models.set(message.model, error instanceof Error ? error : new Error(String(error)));
      }
      return;
    }
    const { job, spec } = message;
    try {
      const model = models.get(message.model);
      if (!model) throw new Error(`replication worker: model ${message.model} was never sent`);
      if (model instanceof Error) throw model;
      const result = executeRun(model, spec, (fraction) => {
        if (fraction < 1) post({ type: 'progress', job, fraction });
      });
      post({ type: 'result', job, result });
    } catch (error) {
      post({ type: 'error', job, message: error instanceof Error ? error.message : String(error) });
    }
  };
}
