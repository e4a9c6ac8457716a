/**
 * A student's rule or trained dispatcher in the factory: the 3C plant from the catalog with the rule in its
 * `dispatchRule` (the same field `npm run sim -- --dispatch-rule` writes), opened in the live twin as a custom model,
 * so the twin, its KPI cards against L1 and the paradigm comparison all run the plant with the student's dispatching.
 */
import type { DispatcherWeights } from '../../core/scheduling/learned.ts';
import { loadSelected } from '../engine/client.ts';
import { setCustomLayout } from '../scene/custom-layouts.ts';
import { useApp } from '../store.ts';
// The plant's own scene, so the twin draws it as it draws the catalog's 3C plant.
import scene from '../../../scenes/3c-machining.json';

import { RULE_PLANT_ID } from './rule-plant-id.ts';

export { RULE_PLANT_ID };

export type PlantDispatchRule = { expression: string; highestFirst: boolean } | { weights: DispatcherWeights };

export async function runPlantWithRule(dispatchRule: PlantDispatchRule, label: string): Promise<void> {
  // Loaded when asked for: the lab does not carry the plant's model file otherwise.
  const { default: plant } = await import('../../../factory-models/3c-machining.json');
  const file = `3c-machining.json, dispatching: ${label}`;
  setCustomLayout(RULE_PLANT_ID, scene, file);
  useApp.setState({
    custom: { id: RULE_PLANT_ID, file, model: { ...plant, dispatchRule }, scene },
    modelId: RULE_PLANT_ID,
    level: 'L1',
    overrides: {},
    cameraId: undefined,
    overlay: 'none',
    view: 'twin',
  });
  history.replaceState(null, '', location.pathname + location.search);
  loadSelected();
}
