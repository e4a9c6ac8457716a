/**
 * What the build's virtual data modules share: reading a folder's JSON files (an unreadable one named by its path from
 * the project root) and serving the data derived from them as `virtual:<name>`, rebuilt when one of them changes.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { Plugin } from 'vite';

export interface JsonFile {
  /** Path under the folder, with `/` separators (`teaching/mm1.json`). */
  name: string;
  /** Path from the project root, with `/` separators, for messages. */
  file: string;
  data: unknown;
}

/** Every `.json` file below `<root>/<folder>` that `include` keeps (given its path under the folder), sorted by path. */
export function readJsonFiles(root: string, folder: string, include: (name: string) => boolean = () => true): { entries: JsonFile[]; paths: string[] } {
  const dir = join(root, folder);
  const names = readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((name) => name.split(sep).join('/'))
    .filter((name) => name.endsWith('.json') && include(name))
    .sort();
  const entries = names.map((name) => {
    const file = relative(root, join(dir, name)).split(sep).join('/');
    try {
      return { name, file, data: JSON.parse(readFileSync(join(dir, name), 'utf8')) as unknown };
    } catch (error) {
      throw new Error(`${file}: not valid JSON (${error instanceof Error ? error.message : String(error)})`, { cause: error });
    }
  });
  return { entries, paths: names.map((name) => join(dir, name)) };
}

/** `virtual:<id>` whose default export is `build(root)`'s data, watched through its source files. */
export function virtualJsonPlugin(pluginName: string, id: string, build: (root: string) => { data: unknown; paths: string[] }): Plugin {
  const virtualId = `virtual:${id}`;
  const resolvedId = `\0${virtualId}`;
  let root = process.cwd();
  return {
    name: pluginName,
    configResolved(config) {
      root = config.root;
    },
    resolveId(source) {
      return source === virtualId ? resolvedId : null;
    },
    load(loadId) {
      if (loadId !== resolvedId) return null;
      const { data, paths } = build(root);
      for (const path of paths) this.addWatchFile(path);
      return `export default ${JSON.stringify(data)};`;
    },
  };
}
