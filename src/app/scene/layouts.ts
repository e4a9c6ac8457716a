/** Every scene layout shipped under scenes/, bundled by Vite and validated on load. */
import { parseSceneLayout, type SceneLayout } from './layout.ts';

const files = import.meta.glob<unknown>(['/scenes/**/*.json', '!/scenes/tours/**'], { eager: true, import: 'default' });

const layouts = new Map<string, SceneLayout>(
  Object.entries(files).map(([path, data]) => {
    const file = path.slice(1);
    return [file.replace(/^scenes\//, '').replace(/\.json$/, ''), parseSceneLayout(data, file)];
  }),
);

/** Layouts of models outside the catalog (editor, import, shared link), by the custom model's id. */
const customLayouts = new Map<string, SceneLayout>();

/** Registers (or with `undefined`, forgets) the layout of a custom model; `file` names it in validation errors. */
export function setCustomLayout(modelId: string, data: unknown, file: string): void {
  if (data === undefined) customLayouts.delete(modelId);
  else customLayouts.set(modelId, parseSceneLayout(data, file));
}

/** The layout for a model id (`petrochemical`, `teaching/tandem5`, or a custom model's), if there is one. */
export function layoutFor(modelId: string): SceneLayout | undefined {
  return customLayouts.get(modelId) ?? layouts.get(modelId);
}
