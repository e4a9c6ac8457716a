/**
 * The runnable model a request names: a catalog entry or a custom model, with its parameter overrides applied and the
 * result validated with the model's schema (the same path as `sim --set`). Used by the pool (to plan and summarise)
 * and by each worker (to run), so both see the same model.
 */
import { applyParameters } from '../../core/experiment/parameters.ts';
import type { RunnableModel } from '../../core/experiment/runnable.ts';
import { runnable } from '../../core/models.ts';
import { findModel } from '../engine/catalog.ts';
import type { ModelSource } from './protocol.ts';

/** The model's file name (for error messages) and its content before overrides. */
export function sourceModel(source: ModelSource): { file: string; model: unknown } {
  return source.custom ? { file: source.custom.file, model: source.custom.model } : findModel(source.modelId);
}

export function resolveRunnable(source: ModelSource): RunnableModel {
  const { file, model } = sourceModel(source);
  return runnable(applyParameters(model, source.parameters ?? {}, file));
}
