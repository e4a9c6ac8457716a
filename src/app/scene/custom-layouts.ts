/** Custom models' layouts (editor, import, shared link), validated with the core's schema before they are used. */
import { parseSceneLayout } from '../../core/model/scene.ts';
import { registerCustomLayout } from './layouts.ts';

/** Registers (or with `undefined`, forgets) the layout of a custom model; `file` names it in validation errors. */
export function setCustomLayout(modelId: string, data: unknown, file: string): void {
  registerCustomLayout(modelId, data === undefined ? undefined : parseSceneLayout(data, file));
}
