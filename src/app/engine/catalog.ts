/**
 * The models the app offers: every JSON file under factory-models/ (schemas excluded), bundled by Vite and validated
 * with the same schemas as the CLI. Ids are paths without the extension: `teaching/mm1`, `3c-machining`.
 */
import { validateModel, type AnyModel } from '../../core/model/load.ts';

const files = import.meta.glob<unknown>(['/factory-models/**/*.json', '!/factory-models/schema/**'], {
  eager: true,
  import: 'default',
});

export interface CatalogEntry {
  id: string;
  file: string;
  model: AnyModel;
}

export const catalog: CatalogEntry[] = Object.entries(files)
  .map(([path, data]) => {
    const file = path.slice(1);
    const id = file.replace(/^factory-models\//, '').replace(/\.json$/, '');
    return { id, file, model: validateModel(data, file) };
  })
  .sort((a, b) => Number(a.id.startsWith('teaching/')) - Number(b.id.startsWith('teaching/')) || a.id.localeCompare(b.id));

export function findModel(id: string): CatalogEntry {
  const entry = catalog.find((e) => e.id === id);
  if (!entry) throw new Error(`unknown model "${id}"; expected one of ${catalog.map((e) => e.id).join(', ')}`);
  return entry;
}
