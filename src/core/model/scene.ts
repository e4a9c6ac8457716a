/**
 * Scene layouts (`scenes/<model id>.json`, or the `scene` field of a layout saved by the editor): where each unit stands,
 * its label in both languages, what equipment it is, and camera presets. Kept apart from the simulation: the engine never
 * reads a scene, so moving a unit changes no result (a conveyor's length is part of the model, not of the scene).
 * Validated with zod; errors name the file and the path as model-file errors do.
 */
import { z } from 'zod';
import { ModelFileError, problemsFromZod } from './errors.ts';

/** Equipment the 3D view can draw, and the editor's palette offers. */
export const EQUIPMENT_KINDS = [
  'cnc',
  'deburr',
  'anodize',
  'laser',
  'inspection',
  'packing',
  'buffer',
  'robot',
  'source',
  'sink',
  'station',
  'reactor',
  'heater',
  'column',
  'tank',
  'pump',
  'separator',
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
      position: vec2.describe('x and z of the unit centre on the floor, metres'),
      /** Rotation about the vertical axis, degrees. */
      rotation: z.number().default(0).describe('Rotation about the vertical axis, degrees'),
      label: text.optional(),
      /** What equipment to draw (a layout from the editor names it; otherwise it follows from the model's unit). */
      kind: z.enum(EQUIPMENT_KINDS).optional().describe('Equipment drawn for this unit'),
    }),
  ),
  cameras: z
    .array(z.strictObject({ id: z.string().min(1), label: text, position: vec3, target: vec3 }))
    .min(1)
    .optional(),
});

export type SceneLayout = z.infer<typeof sceneLayoutSchema>;
export type SceneLayoutInput = z.input<typeof sceneLayoutSchema>;

export function parseSceneLayout(data: unknown, file: string): SceneLayout {
  const result = sceneLayoutSchema.safeParse(data, { reportInput: true });
  if (!result.success) throw new ModelFileError(file, problemsFromZod(result.error.issues));
  return result.data;
}
