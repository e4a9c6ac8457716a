/**
 * Scene layouts (`scenes/<model id>.json`): where each unit stands, its label in both languages, and camera presets.
 * The schema is the core's (`src/core/model/scene.ts`); `place-units.ts` places units for the 3D view.
 */
// The schema lives in the core, since a layout saved by the editor carries its scene inside the model file.
export { EQUIPMENT_KINDS, parseSceneLayout, sceneLayoutSchema, type EquipmentKind, type SceneLayout } from '../../core/model/scene.ts';

export { placeUnits, type PlacedUnit } from './place-units.ts';
