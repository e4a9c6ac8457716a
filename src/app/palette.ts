/**
 * Equipment-state colours from the Okabe-Ito palette (distinguishable with the common colour-vision deficiencies); each
 * state also has a symbol, so nothing depends on colour alone.
 */
import type { UnitStateName } from '../core/runtime/view.ts';

export const STATE_STYLE: Record<UnitStateName, { color: string; symbol: string }> = {
  idle: { color: '#999999', symbol: '○' },
  running: { color: '#009E73', symbol: '▶' },
  setup: { color: '#56B4E9', symbol: '⚙' },
  blocked: { color: '#E69F00', symbol: '■' },
  starved: { color: '#F0E442', symbol: '◇' },
  down: { color: '#D55E00', symbol: '✖' },
  maintenance: { color: '#0072B2', symbol: '✚' },
};

/**
 * The marker a guided tour puts around the units it talks about: white, which no equipment state uses, and drawn as a
 * ring and an arrow (a shape, not a tint) so it reads without colour vision.
 */
export const HIGHLIGHT_COLOR = '#ffffff';
