/**
 * Scene layouts (`scenes/<model id>.json`): where each unit stands, its label in both languages, and camera presets.
 * Kept apart from the plant models so a layout can change without touching the simulation. Validated with zod; errors
 * name the file and the path as model-file errors do.
 */
import { z } from 'zod';
import { ModelFileError, problemsFromZod } from '../../core/model/errors.ts';

/** Equipment the 3D view can draw, and the editor's palette offers. */
export const EQUIPMENT_KINDS = [
  'cnc', 'deburr', 'anodize', 'laser', 'inspection', 'packing', 'buffer', 'robot', 'source', 'sink', 'station',
  'reactor', 'heater', 'column', 'tank', 'pump', 'separator',
] as const;
export type EquipmentKind = (typeof EQUIPMENT_KINDS)[number];

const vec2 = z.tuple([z.number(), z.number()]);
const vec3 = z.tuple([z.number(), z.number(), z.number()]);
const text = z.strictObject({ en: z.string().min(1), zh: z.string().min(1) });

export const sceneLayoutSchema = z.strictObject({
  $schema: z.string().optional(),
  description: z.string().optional(),
  units: z.record(
    z.string(),
    z.strictObject({
      /** x and z of the unit's centre on the floor, metres. */
      position: vec2,
      /** Rotation about the vertical axis, degrees. */
      rotation: z.number().default(0),
      label: text.optional(),
      /** What equipment to draw (a layout from the editor names it; otherwise it follows from the model's unit). */
      kind: z.enum(EQUIPMENT_KINDS).optional(),
    }),
  ),
  cameras: z
    .array(z.strictObject({ id: z.string().min(1), label: text, position: vec3, target: vec3 }))
    .min(1)
    .optional(),
});

export type SceneLayout = z.infer<typeof sceneLayoutSchema>;

export function parseSceneLayout(data: unknown, file: string): SceneLayout {
  const result = sceneLayoutSchema.safeParse(data, { reportInput: true });
  if (!result.success) throw new ModelFileError(file, problemsFromZod(result.error.issues));
  return result.data;
}

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
    const placed = layout?.units[id];
    if (placed) {
      return { x: placed.position[0], z: placed.position[1], rotation: (placed.rotation * Math.PI) / 180, label: placed.label };
    }
    const x = nextFree;
    nextFree += spacing;
    return { x, z: 0, rotation: 0 };
  });
}
