/**
 * `virtual:scene-layouts`: every scene layout shipped under scenes/ (tours excluded), validated at build time with
 * the core's schema and emitted as plain data. Why at build time: validating in the page would put zod and the
 * schema on the main thread before the first frame (the initial-JS budget); a broken scene file now fails the build
 * (and the dev server) with the file, the path inside it and what was expected.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { Plugin } from 'vite';
import { parseSceneLayout, type SceneLayout } from '../core/model/scene.ts';

const VIRTUAL_ID = 'virtual:scene-layouts';
const RESOLVED_ID = `\0${VIRTUAL_ID}`;

/** The shipped layouts by model id (`3c-machining`, `teaching/tandem5`), read from `<root>/scenes`. */
export function readSceneLayouts(root: string): { layouts: Record<string, SceneLayout>; files: string[] } {
  const dir = join(root, 'scenes');
  const files = readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.json') && !name.split(sep).includes('tours'))
    .sort();
  const layouts: Record<string, SceneLayout> = {};
  for (const name of files) {
    const file = relative(root, join(dir, name)).split(sep).join('/');
    let data: unknown;
    try {
      data = JSON.parse(readFileSync(join(dir, name), 'utf8'));
    } catch (error) {
      throw new Error(`${file}: not valid JSON (${error instanceof Error ? error.message : String(error)})`, { cause: error });
    }
    layouts[name.split(sep).join('/').replace(/\.json$/, '')] = parseSceneLayout(data, file);
  }
  return { layouts, files: files.map((name) => join(dir, name)) };
}

export function sceneLayoutsPlugin(): Plugin {
  let root = process.cwd();
  return {
    name: 'fabtwin-scene-layouts',
    configResolved(config) {
      root = config.root;
    },
    resolveId(source) {
      return source === VIRTUAL_ID ? RESOLVED_ID : null;
    },
    load(id) {
      if (id !== RESOLVED_ID) return null;
      const { layouts, files } = readSceneLayouts(root);
      for (const file of files) this.addWatchFile(file);
      return `export default ${JSON.stringify(layouts)};`;
    },
  };
}
