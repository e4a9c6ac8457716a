/**
 * Names shown for plants and units in the chosen language. The model files name things in English; the shipped
 * plants' Chinese names are here, and units take the label of the scene layout (which has both languages).
 */
import type { UnitInfo } from '../core/runtime/view.ts';
import type { Language } from './i18n.ts';
import { layoutFor } from './scene/layouts.ts';
import { own } from '../core/util/own.ts';

const PLANT_NAMES: Readonly<Record<string, { en: string; zh: string }>> = {
  '3c-machining': { en: '3C housing machining plant', zh: '3C 外壳机加工厂' },
  petrochemical: { en: 'Petrochemical unit: van de Vusse reactor, fired preheater, separator', zh: '石化装置：范德武塞反应器、加热炉、分离器' },
  'teaching/mm1': { en: 'M/M/1 queue (rho = 0.9)', zh: 'M/M/1 排队（ρ = 0.9）' },
  'teaching/tandem5': { en: 'Five-station tandem line (Jackson network)', zh: '五工位串联线（杰克逊网络）' },
  'teaching/wearing-cell': { en: 'Wearing CNC cell (maintenance at three levels)', zh: '磨损的 CNC 单元（三级维护）' },
  'teaching/agv-line': { en: 'Two cells served by an AGV fleet', zh: 'AGV 车队服务的两工位产线' },
};

/** A catalog plant's name; `fallback` (the model's own name) for others. */
export function plantName(language: Language, modelId: string, fallback: string): string {
  return own(PLANT_NAMES, modelId)?.[language] ?? fallback;
}

/** A unit's name: its scene label in this language where the layout has one, else the model's name. */
export function unitName(language: Language, modelId: string | undefined, unit: UnitInfo): string {
  return (modelId === undefined ? undefined : own(layoutFor(modelId)?.units, unit.id)?.label?.[language]) ?? unit.name;
}
