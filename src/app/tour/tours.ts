/**
 * The tours shipped under scenes/tours/, bundled by Vite, validated, and checked against the plants they run (units
 * and cameras of the scene layout, KPIs, capabilities and levels of the model). A tour file with errors is left out and
 * its errors listed in the tour menu; it never stops the app.
 */
import { runnable } from '../../core/models.ts';
import { catalog } from '../engine/catalog.ts';
import { layoutFor } from '../scene/layouts.ts';
import { checkTourReferences, parseTour, resolveSteps, type PlantFacts, type StepSettings, type Tour } from './tour.ts';

export interface LoadedTour {
  /** The file name without extension: `3c-machining`. */
  id: string;
  file: string;
  tour: Tour;
  /** What each step leaves the app set to. */
  settings: StepSettings[];
}

/** What a tour may name in a catalog plant. */
export function plantFacts(plant: string): PlantFacts | undefined {
  const entry = catalog.find((e) => e.id === plant);
  if (!entry) return undefined;
  const model = runnable(entry.model);
  const layout = layoutFor(plant);
  return {
    units: Object.keys(layout?.units ?? {}),
    cameras: (layout?.cameras ?? []).map((c) => c.id),
    kpis: model.kpis.map((k) => k.key),
    capabilities: model.capabilities,
    levels: model.levels,
  };
}

const files = import.meta.glob<unknown>('/scenes/tours/*.json', { eager: true, import: 'default' });

export const tours: LoadedTour[] = [];
/** Errors of tour files that could not be used, one message per file. */
export const tourFileErrors: string[] = [];

for (const [path, data] of Object.entries(files).sort(([a], [b]) => a.localeCompare(b))) {
  const file = path.slice(1);
  try {
    const tour = parseTour(data, file);
    checkTourReferences(tour, file, plantFacts);
    tours.push({ id: file.replace(/^scenes\/tours\//, '').replace(/\.json$/, ''), file, tour, settings: resolveSteps(tour) });
  } catch (error) {
    tourFileErrors.push(error instanceof Error ? error.message : String(error));
  }
}

export function findTour(id: string): LoadedTour | undefined {
  return tours.find((t) => t.id === id);
}
