/**
 * The shipped models' ids, files and names, for the plant select: only each file's `name` is bundled here (read at
 * build time by `src/build/catalog-names-plugin.ts`), not the models, and nothing is validated. Why apart from
 * `catalog.ts`: validating needs the simulation core and zod, which would then load on the main thread before the first
 * frame; the engine worker validates the model it runs, and the views that need whole models import `catalog.ts` lazily.
 */
import names from 'virtual:catalog-names';

export interface CatalogName {
  /** The path without extension under factory-models/: `3c-machining`, `teaching/mm1`. */
  id: string;
  file: string;
  /** The model's own name (English; `plantName` in i18n gives the translated one). */
  name: string;
}

/** Plants first, then teaching models, each alphabetically (the same order as `catalog`). */
export const catalogNames: CatalogName[] = Object.entries(names)
  .map(([path, name]) => {
    const file = path.slice(1);
    return { id: file.replace(/^factory-models\//, '').replace(/\.json$/, ''), file, name: typeof name === 'string' ? name : file };
  })
  .sort((a, b) => Number(a.id.startsWith('teaching/')) - Number(b.id.startsWith('teaching/')) || a.id.localeCompare(b.id));
