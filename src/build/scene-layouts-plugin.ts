/**
 * `virtual:scene-layouts`: every scene layout shipped under scenes/ (tours excluded), validated at build time with
 * the core's schema and emitted as plain data. Why at build time: validating in the page would put zod and the
 * schema on the main thread before the first frame (the initial-JS budget); a broken scene file now fails the build
 * (and the dev server) with the file, the path inside it and what was expected.
 */
import type { Plugin } from 'vite';
import { parseSceneLayout, type SceneLayout } from '../core/model/scene.ts';
import { readJsonFiles, virtualJsonPlugin } from './virtual-json.ts';

/** The shipped layouts by model id (`3c-machining`, `teaching/tandem5`), read from `<root>/scenes`. */
export function readSceneLayouts(root: string): { layouts: Record<string, SceneLayout>; files: string[] } {
  const { entries, paths } = readJsonFiles(root, 'scenes', (name) => !name.split('/').includes('tours'));
  const layouts: Record<string, SceneLayout> = {};
  for (const { name, file, data } of entries) layouts[name.replace(/\.json$/, '')] = parseSceneLayout(data, file);
  return { layouts, files: paths };
}

export function sceneLayoutsPlugin(): Plugin {
  return virtualJsonPlugin('fabtwin-scene-layouts', 'scene-layouts', (root) => {
    const { layouts, files } = readSceneLayouts(root);
    return { data: layouts, paths: files };
  });
}
