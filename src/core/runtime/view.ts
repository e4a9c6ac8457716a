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

/** What an AGV is doing, as `PlantView.readVehicles` writes it. */
export const VehicleState = {
  idle: 0,
  /** Driving empty to a call, or waiting at a station for the job it was sent for. */
  empty: 1,
  /** Loading, carrying, unloading or holding a job. */
  loaded: 2,
  /** Driving to the charger or charging. */
  charging: 3,
} as const;
export const VEHICLE_STATE_NAMES = Object.keys(VehicleState) as (keyof typeof VehicleState)[];
/** Numbers per vehicle in `readVehicles`: from unit, to unit, leg start, leg end, state. */
export const VEHICLE_FIELDS = 5;

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

/** One named per-unit reading of the learning controllers (see `PlantView.predictions`). */
export interface PredictionInfo {
  /** A stable identifier (`remaining-life`, `defect-rate`, ...); the app translates it. */
  readonly name: string;
  /** The unit of the values (`%`, `°C`, `m³/h`). */
  readonly unit: string;
  /** Decimals worth showing. */
  readonly decimals: number;
}

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
   * What the learning controllers (L3) predict or have learned, per unit, as several named readings: for example a
   * CNC cell's remaining life and its predicted defect rate, or a reactor's learned setpoint. `readPredictions` writes
   * reading `k` of unit `i` at `out[k * units.length + i]`, NaN where a unit has none (yet): before the learner has
   * learned, at levels below L3, or for units it does not concern. Optional.
   */
  readonly predictions?: readonly PredictionInfo[];
  readPredictions?(out: Float32Array): void;
  /**
   * Further measured process values per unit beyond `signal` (flows, compositions, duties), laid out as
   * `readPredictions`: reading `k` of unit `i` at `out[k * units.length + i]`, NaN where a unit has none. What the
   * plant's instruments show, published for a follower (a twin) to estimate parameters from. Optional.
   */
  readonly measurements?: readonly PredictionInfo[];
  readMeasurements?(out: Float64Array): void;
  /**
   * Tool wear since the last tool change per unit, % of a nominal tool life (what the machine's tool-life counter
   * shows); NaN where a unit has no tool. Optional.
   */
  readWear?(out: Float32Array): void;
  /**
   * How full each vessel is, 0..1, from the plant's own bookkeeping (for the 3D view's tank levels); NaN where a unit
   * is not a vessel. Optional.
   */
  readLevels?(out: Float32Array): void;
  /** Parts scrapped per unit since the start (where the plant found them scrap); 0 where none. Optional. */
  readScrapped?(out: Float64Array): void;
  /** Number of AGVs (all fleets); absent or 0 where the model has none. */
  readonly vehicles?: number;
  /**
   * Writes each vehicle's current leg as `VEHICLE_FIELDS` numbers: the unit index it left, the unit index it is at or
   * driving to, the leg's start and end times (it is at the first unit before the start and at the second after the
   * end, in between on its way: a view interpolates), and its `VehicleState`. A stationary phase has from = to.
   * Present when `vehicles` is. Optional.
   */
  readVehicles?(out: Float64Array): void;
  /** Energy metered per unit since the start, kWh; NaN where a unit has no meter. Optional. */
  readEnergy?(out: Float64Array): void;
  /**
   * Writes each unit's state code, queue length (parts waiting; for process units an inventory, in the unit's own
   * measure) and utilisation (0..1), in `units` order; when `completed` is given, each unit's count of parts finished
   * so far (it only rises, except when statistics are reset after a warm-up; 0 for process units).
   */
  read(states: Uint8Array, queues: Float32Array, utilization: Float32Array, completed?: Float64Array): void;
}
