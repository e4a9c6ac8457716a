/**
 * The registry of model kinds: a validated model file (`kind`: flow, machining, petrochemical) to its runnable form.
 * It sits above experiment/ and the plants, so the runnable contract (experiment/runnable.ts) imports no plant.
 */
import type { RunnableModel } from './experiment/runnable.ts';
import { flowRunnable } from './flow/runnable.ts';
import { machiningRunnable } from './machining/index.ts';
import type { AnyModel } from './model/load.ts';
import { petrochemicalRunnable } from './process/index.ts';

/** The runnable form of a validated model. */
export function runnable(model: AnyModel): RunnableModel {
  switch (model.kind) {
    case 'flow':
      return flowRunnable(model);
    case 'machining':
      return machiningRunnable(model);
    case 'petrochemical':
      return petrochemicalRunnable(model);
  }
}
