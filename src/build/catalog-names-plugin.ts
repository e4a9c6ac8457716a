/**
 * `virtual:catalog-names`: each shipped model file's `name` (by its path, `/factory-models/3c-machining.json`), read at
 * build time. Why not `import.meta.glob(..., { import: 'name' })`: the bundler then still emits every model file whole
 * into the entry chunk (its named JSON exports are not tree-shaken), so the models and their provenance texts were
 * JavaScript before the first frame. The header's plant select needs the names only; whole models load with the
 * views that use them (`catalog.ts`).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, sep } from 'node:path';
import type { Plugin } from 'vite';

const VIRTUAL_ID = 'virtual:catalog-names';
const RESOLVED_ID = `\0${VIRTUAL_ID}`;

/** Every model file under `<root>/factory-models` (generated schemas excluded) with its `name`, or its path where it has none. */
export function readCatalogNames(root: string): { names: Record<string, string>; files: string[] } {
  const dir = join(root, 'factory-models');
  const files = readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.json') && name.split(sep)[0] !== 'schema')
    .sort();
  const names: Record<string, string> = {};
  for (const name of files) {
    const path = `/factory-models/${name.split(sep).join('/')}`;
    let data: unknown;
    try {
      data = JSON.parse(readFileSync(join(dir, name), 'utf8'));
    } catch (error) {
      throw new Error(`${path.slice(1)}: not valid JSON (${error instanceof Error ? error.message : String(error)})`, { cause: error });
    }
    const own = data !== null && typeof data === 'object' && 'name' in data ? (data as { name: unknown }).name : undefined;
    names[path] = typeof own === 'string' ? own : path.slice(1);
  }
  return { names, files: files.map((name) => join(dir, name)) };
}

export function catalogNamesPlugin(): Plugin {
  let root = process.cwd();
  return {
    name: 'fabtwin-catalog-names',
    configResolved(config) {
      root = config.root;
    },
    resolveId(source) {
      return source === VIRTUAL_ID ? RESOLVED_ID : null;
    },
    load(id) {
      if (id !== RESOLVED_ID) return null;
      const { names, files } = readCatalogNames(root);
      for (const file of files) this.addWatchFile(file);
      return `export default ${JSON.stringify(names)};`;
    },
  };
}
