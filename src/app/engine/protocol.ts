/**
 * Messages between the UI thread and the engine worker. Frames carry typed arrays (transferred, not copied) so the
 * UI never waits on the simulation and never parses large objects at display rate.
 */
import type { KpiDefinition } from '../../core/experiment/kpi.ts';
import type { Level } from '../../core/experiment/levels.ts';
import type { PlantEvent, PredictionInfo, UnitInfo } from '../../core/runtime/view.ts';

export type ToEngine =
  | {
      type: 'load';
      modelId: string;
      /** A model outside the catalog (editor, import, shared link): its content and where it came from. */
      custom?: { model: unknown; file: string };
      /** The preset every capability starts from. */
      level: Level;
      /** Per-capability levels on top of the preset ("parallel promotion"). */
      overrides?: Readonly<Record<string, Level>>;
      seed: number;
    }
  /** Runs on; with `until`, pauses when the simulated clock reaches that time (model units) exactly. */
  | {
      type: 'play';
      until?: number;
      /**
       * Pause right after the first plant event of this kind (at this unit index, or any unit when absent): a guided
       * tour waits for a failure and the room should see the plant as it was at that instant, not a run racing on.
       */
      pauseOnEvent?: { kind: string; unit?: number };
    }
  | { type: 'pause' }
  | { type: 'step' }
  | { type: 'speed'; factor: number }
  | { type: 'reset' };

export interface LoadedMessage {
  type: 'loaded';
  modelId: string;
  level: Level;
  seed: number;
  name: string;
  levels: Level[];
  /** The model's capabilities and the level each one runs at. */
  capabilities: Record<string, Level>;
  kpis: KpiDefinition[];
  units: UnitInfo[];
  /** The measured signal the overlay can show (vibration, temperature), if the model has one. */
  signal?: { name: string; unit: string };
  /** What the L3 learning controllers predict or have learned per unit (remaining life, setpoints, ...); may be empty. */
  predictions: PredictionInfo[];
  /** AGVs the 3D view draws (`FrameMessage.vehicles`); absent where the model has none. */
  vehicles?: number;
  unitsPerDay: number;
  timeUnit: string;
}

export interface FrameMessage {
  type: 'frame';
  /** Simulated time in the model's unit. */
  time: number;
  running: boolean;
  /** KPI values in the order of `LoadedMessage.kpis`. */
  kpis: Float64Array;
  /** The same KPIs of the same model and seed at L1 at the same simulated time; absent when running L1 itself. */
  baselineKpis?: Float64Array;
  states: Uint8Array;
  queues: Float32Array;
  utilization: Float32Array;
  /** The units' measured signal (`LoadedMessage.signal`), NaN where a unit has none. */
  signals: Float32Array;
  /**
   * The learning controllers' per-unit readings (`LoadedMessage.predictions`): reading k of unit i at
   * `k * units + i`; NaN where none (yet).
   */
  predictions: Float32Array;
  /** Tool wear since the last tool change, % of a nominal tool life; NaN where a unit has no tool. */
  wear: Float32Array;
  /** How full each vessel is, 0..1; NaN where a unit is not a vessel. */
  levels: Float32Array;
  /** Energy metered per unit so far, kWh; NaN where a unit has no meter. */
  energy: Float64Array;
  /**
   * Each AGV's leg and state, `VEHICLE_FIELDS` numbers per vehicle (see `PlantView.readVehicles`); empty where the
   * model has no fleet.
   */
  vehicles: Float64Array;
  /** Parts each unit has finished so far (the 3D view spawns a part on a conveyor when it rises). */
  completed: Float64Array;
  /** Kernel events processed so far, for the perf overlay. */
  events: number;
  /** Notable events since the previous frame (failures, repairs, alarms, ...), oldest first. */
  log: PlantEvent[];
}

export type FromEngine = LoadedMessage | FrameMessage | { type: 'error'; message: string };
