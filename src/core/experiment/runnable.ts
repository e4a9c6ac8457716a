/**
 * The contract between a model kind and the experiment runner, the CLI and the app: how to start one replication at one
 * level and read its KPIs, and what each level may tune. Each model kind provides one (flow/runnable.ts,
 * machining/index.ts, process/index.ts); the registry that picks one by a model file's `kind` is src/core/models.ts,
 * above this folder, so that this contract imports no plant and no plant depends on the registry.
 */
import type { Simulation } from '../kernel/simulation.ts';
import type { PlantView } from '../runtime/view.ts';
import type { PlantControl } from '../runtime/control.ts';
import type { PlantSnapshot, SynchroniseResult } from '../runtime/synchronise.ts';
import type { TimeUnit } from '../model/flow-model.ts';
import type { KpiDefinition } from './kpi.ts';
import type { ExperimentReport } from './experiment.ts';
import type { CapabilityLevels, Level } from './levels.ts';

/** One point of a learning curve: a controller's performance measure over a period ending at `time`. */
export interface CurvePoint {
  readonly time: number;
  readonly value: number;
}

/** One replication of a model at one level. */
export interface ModelRun {
  readonly sim: Simulation;
  /** KPIs over the measured period so far, keyed as in `RunnableModel.kpis`. */
  kpis(): Record<string, number>;
  /** The equipment and its live state, for the app's views; optional for headless-only models. */
  view?(): PlantView;
  /**
   * Learning curves so far, by name: each controller's performance measure per period, at every level (so the L3
   * learner can be compared with the L2 rule on the same periods). Optional.
   */
  learningCurves?(): Readonly<Record<string, readonly CurvePoint[]>>;
  /** The decisions the plant accepts from outside (maintenance, dispatching rule, setpoints); call once per run. Optional. */
  externalControl?(): PlantControl;
  /**
   * A digital twin's state hand-over (runtime/synchronise.ts): writes what the twin knows of the plant it follows into
   * this run at its current time, carried out as a kernel event by the model's own mechanics; the result says what was
   * copied and what not. Call between `runUntil` calls. Optional: a model without it forks unconditionally.
   */
  synchronise?(snapshot: PlantSnapshot): SynchroniseResult;
}

export interface RunnableModel {
  readonly name: string;
  readonly timeUnit: TimeUnit;
  /** Model time units in one day. */
  readonly unitsPerDay: number;
  readonly defaultDays: number;
  /**
   * Model time at which the KPIs' measured period starts (the end of a warm-up); absent when KPIs count from time 0.
   * Hosts that publish a run slice by slice end a slice there, so an observer (the twin) sees the counters at that
   * instant and can measure the same period.
   */
  readonly measurementStart?: number;
  /** The levels this model implements; asking for another is refused. */
  readonly levels: readonly Level[];
  /**
   * The capabilities whose level can be set one by one (dispatching, maintenance, quality, energy, ...). Empty for a
   * model with no paradigm levels. A level changes only sensing, connection and decision logic, never the plant.
   */
  readonly capabilities: readonly string[];
  readonly kpis: readonly KpiDefinition[];
  /** Starts one replication: `capabilities` holds a level for every capability of the model. */
  start(options: { seed: number; capabilities: CapabilityLevels }): ModelRun;
  /**
   * Findings computed from a finished experiment, printed with the KPI table: for example where a learning controller
   * does not beat the classical one on the same seeds. Optional.
   */
  notes?(report: ExperimentReport): string[];
  /**
   * The decision parameters each level may tune, and the objective they are tuned for (`experiment/tune.ts`,
   * `npm run tune`, docs/tuning.md). Optional: a model without it cannot be tuned.
   */
  readonly tuning?: TuningDeclaration;
}

/**
 * One decision parameter a level may tune: a number at a JSON path of the model file (as `sim --set` takes it). The
 * value lives at that path, so a tuned file runs like any other; the path must be read only by the decision logic of
 * `capability` at the declaring level (and, where stated in its description, by higher levels as their fallback).
 */
export interface TunableParameter {
  readonly path: string;
  /** The capability whose decision logic reads it (one of `RunnableModel.capabilities`). */
  readonly capability: string;
  readonly min: number;
  readonly max: number;
  /** Smallest change worth trying (the search's resolution); integers step by at least 1. */
  readonly step: number;
  readonly integer?: boolean;
  /** What the decision is, in a plant engineer's words. */
  readonly description: string;
}

/** A bound on another KPI while the objective is optimised: absolute, or no worse than at the starting point by a share. */
export interface TuningConstraint {
  readonly kpi: string;
  readonly min?: number;
  readonly max?: number;
  /** At most this many percent worse than the starting values' CRN mean, in the KPI's `better` direction. */
  readonly maxLossPercent?: number;
  /**
   * Hold the bound at the 95 % confidence limit of the mean on the side that breaks it (mean + CI against a `max`), not
   * at the mean. For a KPI that varies much from seed to seed (the time a unit spends past a limit), a search that only
   * holds the mean over a few training seeds settles where the bound breaks on seeds it never saw.
   */
  readonly confident?: boolean;
}

export interface TuningObjective {
  /** KPI key whose mean over the training seeds is optimised, in its `better` direction. */
  readonly kpi: string;
  readonly constraints?: readonly TuningConstraint[];
  /** One sentence, recorded in the provenance. */
  readonly statement: string;
}

export interface TuningDeclaration {
  readonly objective: TuningObjective;
  /** Per level, what that level decides with numbers; a level not listed has nothing to tune. */
  readonly parameters: Readonly<Partial<Record<Level, readonly TunableParameter[]>>>;
}
