/** The catalog's plants that implement more than one level: the ones a paradigm comparison makes sense for. */
import { runnable } from '../../core/models.ts';
import { catalog, type CatalogEntry } from '../engine/catalog.ts';

let plants: CatalogEntry[] | undefined;

export function comparablePlants(): CatalogEntry[] {
  plants ??= catalog.filter((entry) => runnable(entry.model).levels.length > 1);
  return plants;
}
