/**
 * `virtual:catalog-names`: each shipped model file's `name` (by its path, `/factory-models/3c-machining.json`), read at
 * build time. Why not `import.meta.glob(..., { import: 'name' })`: the bundler then still emits every model file whole
 * into the entry chunk (its named JSON exports are not tree-shaken), so the models and their provenance texts were
 * JavaScript before the first frame. The header's plant select needs the names only; whole models load with the
 * views that use them (`catalog.ts`).
 */
import type { Plugin } from 'vite';
import { readJsonFiles, virtualJsonPlugin } from './virtual-json.ts';

/** Every model file under `<root>/factory-models` (generated schemas excluded) with its `name`, or its path where it has none. */
export function readCatalogNames(root: string): { names: Record<string, string>; files: string[] } {
  const { entries, paths } = readJsonFiles(root, 'factory-models', (name) => name.split('/')[0] !== 'schema');
  const names: Record<string, string> = {};
  for (const { file, data } of entries) {
    const own = data !== null && typeof data === 'object' && 'name' in data ? (data as { name: unknown }).name : undefined;
    names[`/${file}`] = typeof own === 'string' ? own : file;
  }
  return { names, files: paths };
}

export function catalogNamesPlugin(): Plugin {
  return virtualJsonPlugin('fabtwin-catalog-names', 'catalog-names', (root) => {
    const { names, files } = readCatalogNames(root);
    return { data: names, paths: files };
  });
}
