/**
 * The plants a paradigm comparison makes sense for: the catalog's plants that implement more than one level, and the
 * app's current custom model when it does too (a student's rule in the 3C plant, from the lab's "Use in the 3C plant",
 * or a line from the editor), so a rule of one's own can be compared across levels like any shipped plant.
 */
import type { RunnableModel } from '../../core/experiment/runnable.ts';
import { validateModel } from '../../core/model/load.ts';
import { runnable } from '../../core/models.ts';
import { catalog, findModel, type CatalogEntry } from '../engine/catalog.ts';
import type { ModelSource } from '../replication/protocol.ts';
import { useApp, type CustomModel } from '../store.ts';

let plants: CatalogEntry[] | undefined;

export function comparablePlants(): CatalogEntry[] {
  plants ??= catalog.filter((entry) => runnable(entry.model).levels.length > 1);
  return plants;
}

/** The custom model's runnable, or the validation error that keeps it out of the comparison; per model object. */
const customRunnables = new WeakMap<object, RunnableModel | Error>();

function customRunnable(custom: CustomModel): RunnableModel | Error {
  const key = custom as object;
  let result = customRunnables.get(key);
  if (!result) {
    try {
      result = runnable(validateModel(custom.model, custom.file));
    } catch (error) {
      result = error instanceof Error ? error : new Error(String(error));
    }
    customRunnables.set(key, result);
  }
  return result;
}

/** The app's current custom model when it implements more than one level (else none: nothing to compare). */
export function comparableCustom(custom: CustomModel | undefined = useApp.getState().custom): CustomModel | undefined {
  if (!custom || catalog.some((entry) => entry.id === custom.id)) return undefined;
  const model = customRunnable(custom);
  return model instanceof Error || model.levels.length < 2 ? undefined : custom;
}

/** What the workers need to run `modelId`: the catalog id, or the current custom model sent whole. */
export function compareSource(modelId: string): ModelSource {
  const custom = comparableCustom();
  return custom && custom.id === modelId ? { modelId, custom: { model: custom.model, file: custom.file } } : { modelId };
}

/** The runnable model behind `modelId` (the current custom model when it has that id). */
export function comparedModel(modelId: string): RunnableModel {
  const custom = comparableCustom();
  if (custom && custom.id === modelId) return customRunnable(custom) as RunnableModel;
  return runnable(findModel(modelId).model);
}

/** Whether `modelId` can be compared now (a catalog plant, or the current comparable custom model). */
export function isComparable(modelId: string): boolean {
  return comparablePlants().some((entry) => entry.id === modelId) || comparableCustom()?.id === modelId;
}
