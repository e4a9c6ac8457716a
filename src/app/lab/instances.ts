/**
 * The lab's built-in instances: every file under data/jsplib/instances, bundled as text and loaded only when picked
 * (162 files, 800 kB together), with the best-known bounds of data/jsplib/bounds.json.
 */
import boundsText from '../../../data/jsplib/bounds.json?raw';
import { FAMILIES, parseBoundsFile, type BoundEntry } from '../../core/scheduling/catalog.ts';
import { parseInstance, type JobShopInstance } from '../../core/scheduling/instance.ts';

const files = import.meta.glob<string>('/data/jsplib/instances/*', { query: '?raw', import: 'default' });

const loaders = new Map(Object.entries(files).map(([path, load]) => [path.slice(path.lastIndexOf('/') + 1), load]));

export const BOUNDS: ReadonlyMap<string, BoundEntry> = parseBoundsFile(boundsText, 'data/jsplib/bounds.json');

/** Natural order inside a family: la2 before la10. */
function byNumber(a: string, b: string): number {
  const na = Number(/\d+$/.exec(a)?.[0] ?? 0);
  const nb = Number(/\d+$/.exec(b)?.[0] ?? 0);
  return na - nb || a.localeCompare(b);
}

/** Instance names per family (ft, la, abz, orb, swv, yn, ta), in the catalogue's family order. */
export const INSTANCE_GROUPS: readonly { family: string; names: readonly string[] }[] = FAMILIES.map((family) => ({
  family,
  names: [...loaders.keys()].filter((name) => name.replace(/\d+$/, '') === family).sort(byNumber),
})).filter((group) => group.names.length > 0);

export async function loadBuiltIn(name: string): Promise<JobShopInstance> {
  const load = loaders.get(name);
  if (!load) throw new Error(`no built-in instance named ${name}`);
  return parseInstance(await load(), `data/jsplib/instances/${name}`, name);
}
