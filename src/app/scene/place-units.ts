/**
 * Where each unit stands in the 3D view. Apart from `layout.ts`, which re-exports the core's schema (zod), so that the
 * 3D view's first frame does not load the schema.
 */
import type { SceneLayout } from '../../core/model/scene.ts';
import { own } from '../../core/util/own.ts';

export interface PlacedUnit {
  x: number;
  z: number;
  rotation: number;
  label?: { en: string; zh: string };
}

/** Positions for `unitIds`: from the layout where it names the unit, else in a row after the laid-out ones. */
export function placeUnits(unitIds: readonly string[], layout: SceneLayout | undefined, spacing = 3): PlacedUnit[] {
  let nextFree = 0;
  if (layout) for (const u of Object.values(layout.units)) nextFree = Math.max(nextFree, u.position[0] + spacing);
  return unitIds.map((id) => {
    const placed = own(layout?.units, id);
    if (placed) {
      return { x: placed.position[0], z: placed.position[1], rotation: (placed.rotation * Math.PI) / 180, label: placed.label };
    }
    const x = nextFree;
    nextFree += spacing;
    return { x, z: 0, rotation: 0 };
  });
}
