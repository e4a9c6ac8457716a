/** Every scene layout shipped under scenes/, bundled by Vite and validated on load. */
import { parseSceneLayout, type SceneLayout } from './layout.ts';

const files = import.meta.glob<unknown>('/scenes/**/*.json', { eager: true, import: 'default' });

const layouts = new Map<string, SceneLayout>(
  Object.entries(files).map(([path, data]) => {
    const file = path.slice(1);
    return [file.replace(/^scenes\//, '').replace(/\.json$/, ''), parseSceneLayout(data, file)];
  }),
);

/** The layout for a model id (`petrochemical`, `teaching/tandem5`), if one is shipped. */
export function layoutFor(modelId: string): SceneLayout | undefined {
  return layouts.get(modelId);
}
