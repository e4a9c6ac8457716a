/**
 * What a view needs from a running model, written into preallocated typed arrays so that a worker can post compact
 * snapshots at display rate and a renderer can read them without allocating.
 */

/** Equipment states, in the order of the colour-blind-safe palette the app uses. */
export const UnitState = {
  idle: 0,
  running: 1,
  setup: 2,
  blocked: 3,
  starved: 4,
  down: 5,
  maintenance: 6,
} as const;
export type UnitStateName = keyof typeof UnitState;
export const UNIT_STATE_NAMES = Object.keys(UnitState) as UnitStateName[];

export interface UnitInfo {
  id: string;
  name: string;
  /** Equipment kind for the renderer: `station`, `cnc`, `tank`, `reactor`, ... */
  kind: string;
}

export interface PlantView {
  readonly units: readonly UnitInfo[];
  /**
   * Writes each unit's state code, queue length (parts waiting; for process units an inventory, in the unit's own
   * measure) and utilisation (0..1), in `units` order.
   */
  read(states: Uint8Array, queues: Float32Array, utilization: Float32Array): void;
}
