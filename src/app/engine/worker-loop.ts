/**
 * What every simulation worker of the app shares (the live twin's engine, the comparison's lockstep runs): the pacing
 * loop's timings, advancing as fast as possible within a wall-time budget, and reading a running model's view into the
 * typed arrays a frame carries. The kernels know nothing of this; it is the worker-side half of `Pacer`.
 */
import type { ModelRun, RunnableModel } from '../../core/experiment/runnable.ts';
import { runForBudget } from '../../core/runtime/pacer.ts';
import { VEHICLE_FIELDS, type PlantView } from '../../core/runtime/view.ts';
import type { FrameMessage } from './protocol.ts';

/** Wall time between the worker's ticks. */
export const TICK_MS = 15;
/** Wall time between frames posted to the UI (about 30 Hz). */
export const FRAME_MS = 33;
/**
 * Wall time the simulation may take per tick in "as fast as possible" mode. On a machine with two cores or fewer the
 * engine, the conveyor physics worker and (often software) rendering share them, so the engine takes under half a core
 * there; otherwise most of one. Measured with `npm run bench:view` (long tasks on the UI thread).
 */
export const FAST_BUDGET_MS = (self.navigator?.hardwareConcurrency ?? 4) <= 2 ? 6 : 12;

/**
 * "As fast as possible": advances in slices of simulated time adapted so that one takes about 1 ms of wall time (fine
 * enough to stop on budget, coarse enough to be cheap), until the tick's budget is spent, `pauseAt` is reached or
 * `stopped()` says so (a run stopped on an event).
 */
export class FastForward {
  private slice = 1;

  constructor(private readonly clock: () => number) {}

  /** Starts the adaptation again for a newly loaded model: one simulated minute per slice. */
  reset(unitsPerDay: number): void {
    this.slice = unitsPerDay / 1440;
  }

  run(now: () => number, advance: (until: number) => void, pauseAt: number, stopped: () => boolean = () => false): void {
    const clock = this.clock;
    runForBudget(clock, FAST_BUDGET_MS, () => {
      const started = clock();
      advance(Math.min(now() + this.slice, pauseAt));
      if (now() >= pauseAt || stopped()) return false;
      const took = clock() - started;
      this.slice = took < 0.5 ? this.slice * 2 : took > 2 ? this.slice / 2 : this.slice;
      return true;
    });
  }
}

/** The per-unit arrays and KPIs of one running model in a frame. */
export type RunFrame = Pick<
  FrameMessage,
  'kpis' | 'states' | 'queues' | 'utilization' | 'completed' | 'signals' | 'predictions' | 'wear' | 'levels' | 'energy' | 'vehicles' | 'events'
>;

/** The model's KPIs in the order of its definitions (NaN where a run has none). */
export function kpiArray(model: RunnableModel, run: ModelRun): Float64Array {
  const values = run.kpis();
  const kpis = new Float64Array(model.kpis.length);
  model.kpis.forEach((k, i) => (kpis[i] = values[k.key] ?? NaN));
  return kpis;
}

/**
 * Reads a run and its view into fresh arrays (a few hundred bytes at 30 Hz), adding their buffers to `transfer` so they
 * move to the UI thread instead of being copied.
 */
export function readRunFrame(model: RunnableModel, run: ModelRun, view: PlantView | undefined, transfer: Transferable[]): RunFrame {
  const kpis = kpiArray(model, run);
  const n = view?.units.length ?? 0;
  const states = new Uint8Array(n);
  const queues = new Float32Array(n);
  const utilization = new Float32Array(n);
  const completed = new Float64Array(n);
  view?.read(states, queues, utilization, completed);
  const signals = new Float32Array(n).fill(NaN);
  view?.readSignals?.(signals);
  // Prediction k of unit i is at k * n + i.
  const predictions = new Float32Array(n * (view?.predictions?.length ?? 0)).fill(NaN);
  view?.readPredictions?.(predictions);
  const wear = new Float32Array(n).fill(NaN);
  view?.readWear?.(wear);
  const levels = new Float32Array(n).fill(NaN);
  view?.readLevels?.(levels);
  const energy = new Float64Array(n).fill(NaN);
  view?.readEnergy?.(energy);
  const vehicles = new Float64Array(VEHICLE_FIELDS * (view?.vehicles ?? 0));
  if (vehicles.length > 0) view?.readVehicles?.(vehicles);
  transfer.push(
    kpis.buffer,
    states.buffer,
    queues.buffer,
    utilization.buffer,
    completed.buffer,
    signals.buffer,
    predictions.buffer,
    wear.buffer,
    levels.buffer,
    energy.buffer,
    vehicles.buffer,
  );
  return { kpis, states, queues, utilization, completed, signals, predictions, wear, levels, energy, vehicles, events: run.sim.eventCount };
}
