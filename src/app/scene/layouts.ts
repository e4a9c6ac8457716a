/**
 * Every scene layout shipped under scenes/ (validated when the app is built: `src/build/scene-layouts-plugin.ts`),
 * and the layouts of custom models. Nothing here imports the schema, so the 3D view's first frame does not wait for
 * zod; a custom layout is parsed by `custom-layouts.ts`, in the views that make one.
 */
import shipped from 'virtual:scene-layouts';
import type { SceneLayout } from './layout.ts';

const layouts = new Map<string, SceneLayout>(Object.entries(shipped));

/** Layouts of models outside the catalog (editor, import, shared link), by the custom model's id. */
const customLayouts = new Map<string, SceneLayout>();

/** Registers (or with `undefined`, forgets) the already validated layout of a custom model. */
export function registerCustomLayout(modelId: string, layout: SceneLayout | undefined): void {
  if (layout === undefined) customLayouts.delete(modelId);
  else customLayouts.set(modelId, layout);
}

/** The layout for a model id (`petrochemical`, `teaching/tandem5`, or a custom model's), if there is one. */
export function layoutFor(modelId: string): SceneLayout | undefined {
  return customLayouts.get(modelId) ?? layouts.get(modelId);
}
