import type { Observable } from 'rxjs';

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
  /**
   * Ids of the units this one's finished parts move on to (drawn as conveyors; two feeding one unit merge). Absent
   * where nothing discrete moves on (the last unit of a line, or a process unit).
   */
  next?: readonly string[];
}

/** Something notable that happened to a unit, for the app's event log. */
export interface PlantEvent {
  readonly time: number;
  /** Index in `PlantView.units`. */
  readonly unit: number;
  readonly kind: PlantEventKind;
  /** An identifier the event concerns (a product id for a dispatched lot); not prose, so it needs no translation. */
  readonly detail?: string;
}

export const PLANT_EVENT_KINDS = [
  'failure',
  'repair',
  'maintenance-done',
  'trip',
  'alarm',
  'interlock',
  'cleaning-start',
  'cleaning-done',
  'grade-change',
  'lot-dispatched',
  'pm-ordered',
] as const;

/** Event kinds that record a controller's decision for a unit, shown in the inspector rather than the plant log. */
export const DECISION_KINDS: ReadonlySet<PlantEventKind> = new Set<PlantEventKind>(['lot-dispatched', 'pm-ordered']);
export type PlantEventKind = (typeof PLANT_EVENT_KINDS)[number];

export interface PlantView {
  readonly units: readonly UnitInfo[];
  /** Notable events as they happen (failures, repairs, alarms, ...): built only while observed. Optional. */
  readonly events$?: Observable<PlantEvent>;
  /**
   * A measured signal per unit for overlays (vibration, temperature): what the plant's sensors show, not hidden state.
   * `readSignals` writes one value per unit, NaN where a unit has none. Optional.
   */
  readonly signal?: { readonly name: string; readonly unit: string };
  readSignals?(out: Float32Array): void;
  /**
   * What a learning controller predicts per unit (L3), for the prediction overlay: for example remaining life. NaN
   * where there is no prediction (yet). Optional.
   */
  readonly prediction?: { readonly name: string; readonly unit: string };
  readPredictions?(out: Float32Array): void;
  /** Energy metered per unit since the start, kWh; NaN where a unit has no meter. Optional. */
  readEnergy?(out: Float64Array): void;
  /**
   * Writes each unit's state code, queue length (parts waiting; for process units an inventory, in the unit's own
   * measure) and utilisation (0..1), in `units` order; when `completed` is given, each unit's count of parts finished
   * so far (it only rises, except when statistics are reset after a warm-up; 0 for process units).
   */
  read(states: Uint8Array, queues: Float32Array, utilization: Float32Array, completed?: Float64Array): void;
}
