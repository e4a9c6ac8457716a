/**
 * One replication of a model run as a plant: the model's run at one level and seed, its view, the commands it accepts
 * (recorded with the simulated time they were carried out at, so a log replays to the same run), the notable events
 * since the last read, and the values a network face publishes, read through the `PlantView` contract. Knows nothing
 * of MQTT or OPC UA; advancing in slices gives the same run as one `runUntil` (views only read).
 */
import { planExperiment, summarizeExperiment, type RunResult } from '../../core/experiment/experiment.ts';
import { presetLevels, type Level } from '../../core/experiment/levels.ts';
import { reportJson } from '../../core/experiment/report-json.ts';
import type { ModelRun, RunnableModel } from '../../core/experiment/runnable.ts';
import type { CommandCapabilities, CommandRecord, PlantCommand, PlantControl } from '../../core/runtime/control.ts';
import { UNIT_STATE_NAMES, type PlantEvent, type PlantView } from '../../core/runtime/view.ts';

export interface PlantOptions {
  model: RunnableModel;
  level: Level;
  seed: number;
}

/** The values of every unit at one instant (a fresh object per read). */
export interface UnitReadings {
  states: Uint8Array;
  queues: Float32Array;
  utilization: Float32Array;
  /** Parts finished since the start of the run (monotonic, also across a warm-up's statistics reset). */
  produced: Float64Array;
  scrapped: Float64Array;
  energy: Float64Array;
  signals: Float32Array;
  wear: Float32Array;
  levels: Float32Array;
  /** Prediction k of unit i at k * units + i. */
  predictions: Float32Array;
  /** Measurement k of unit i at k * units + i. */
  measurements: Float64Array;
}

const NO_COMMANDS: CommandCapabilities = { maintainable: [], rules: [], setpoints: [] };

export class PlantEngine {
  readonly model: RunnableModel;
  readonly level: Level;
  readonly seed: number;
  readonly run: ModelRun;
  readonly view: PlantView;
  readonly accepts: CommandCapabilities;
  /** Accepted commands with the simulated time they were carried out at. */
  readonly commandLog: CommandRecord[] = [];
  /** Reasons of refused commands, in order. */
  readonly refusals: string[] = [];
  private readonly control: PlantControl | undefined;
  private pendingEvents: PlantEvent[] = [];
  /** Per unit: finished count the view reported last, and what earlier periods (before a statistics reset) added. */
  private readonly lastCompleted: Float64Array;
  private readonly completedBefore: Float64Array;
  /** Subscribers called synchronously with each notable event (benchmark latency probes). */
  onEvent: ((event: PlantEvent) => void) | undefined;

  constructor(options: PlantOptions) {
    const { model, level, seed } = options;
    if (!model.levels.includes(level)) {
      throw new RangeError(`level ${level} is not implemented by this model (it supports ${model.levels.join(', ')})`);
    }
    this.model = model;
    this.level = level;
    this.seed = seed;
    this.run = model.start({ seed, capabilities: presetLevels(model.capabilities, level) });
    if (!this.run.view) throw new RangeError(`${model.name}: this model has no view of its units`);
    this.view = this.run.view();
    this.control = this.run.externalControl?.();
    this.accepts = this.control?.accepts ?? NO_COMMANDS;
    this.view.events$?.subscribe((event) => {
      this.pendingEvents.push(event);
      this.onEvent?.(event);
    });
    const n = this.view.units.length;
    this.lastCompleted = new Float64Array(n);
    this.completedBefore = new Float64Array(n);
  }

  get now(): number {
    return this.run.sim.now;
  }

  get unitsPerDay(): number {
    return this.model.unitsPerDay;
  }

  advance(until: number): void {
    if (until > this.run.sim.now) this.run.sim.runUntil(until);
  }

  /**
   * Checks a command and, when accepted, has the plant carry it out as its next event (at the current simulated time);
   * returns the reason when refused.
   */
  submit(command: PlantCommand): string | undefined {
    const reason = this.control ? this.control.submit(command) : 'this plant accepts no commands';
    if (reason !== undefined) this.refusals.push(reason);
    else this.commandLog.push({ time: this.now, command });
    return reason;
  }

  /** Notable events since the last call. */
  takeEvents(): PlantEvent[] {
    const events = this.pendingEvents;
    this.pendingEvents = [];
    return events;
  }

  kpis(): Record<string, number> {
    return this.run.kpis();
  }

  read(): UnitReadings {
    const view = this.view;
    const n = view.units.length;
    const r: UnitReadings = {
      states: new Uint8Array(n),
      queues: new Float32Array(n),
      utilization: new Float32Array(n),
      produced: new Float64Array(n),
      scrapped: new Float64Array(n),
      energy: new Float64Array(n).fill(NaN),
      signals: new Float32Array(n).fill(NaN),
      wear: new Float32Array(n).fill(NaN),
      levels: new Float32Array(n).fill(NaN),
      predictions: new Float32Array(n * (view.predictions?.length ?? 0)).fill(NaN),
      measurements: new Float64Array(n * (view.measurements?.length ?? 0)).fill(NaN),
    };
    const completed = new Float64Array(n);
    view.read(r.states, r.queues, r.utilization, completed);
    for (let i = 0; i < n; i++) {
      // A warm-up resets the view's counts; the published counter keeps counting from the start of the run.
      if (completed[i]! < this.lastCompleted[i]!) this.completedBefore[i] = this.completedBefore[i]! + this.lastCompleted[i]!;
      this.lastCompleted[i] = completed[i]!;
      r.produced[i] = this.completedBefore[i]! + completed[i]!;
    }
    view.readScrapped?.(r.scrapped);
    view.readEnergy?.(r.energy);
    view.readSignals?.(r.signals);
    view.readWear?.(r.wear);
    view.readLevels?.(r.levels);
    view.readPredictions?.(r.predictions);
    view.readMeasurements?.(r.measurements);
    return r;
  }

  /** The KPIs in the form `npm run sim -- --format json` prints for one level and one seed. */
  reportJson(): object {
    const options = { levels: [this.level], seeds: [this.seed], until: this.now };
    const [spec] = planExperiment(this.model, options);
    const values = this.kpis();
    const kpis: Record<string, number> = {};
    for (const kpi of this.model.kpis) kpis[kpi.key] = values[kpi.key]!;
    const result: RunResult = { index: spec!.index, key: spec!.key, seed: this.seed, kpis, events: this.run.sim.eventCount };
    const report = summarizeExperiment(this.model, options, [result]);
    return reportJson(report, { unitsPerDay: this.model.unitsPerDay, timeUnit: this.model.timeUnit, notes: this.model.notes?.(report) });
  }

  dispose(): void {
    this.run.sim.dispose();
  }
}

export const STATE_NAMES = UNIT_STATE_NAMES;
