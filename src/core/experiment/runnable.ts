/**
 * The contract between a model kind and the experiment runner, the CLI and the app: how to start one replication at one
 * level and read its KPIs. Each model kind (the generic flow model today; the 3C and petrochemical plants later) provides one.
 */
import type { Simulation } from '../kernel/simulation.ts';
import type { PlantView } from '../runtime/view.ts';
import { FlowSimulation, hasBreakdowns } from '../flow/flow-simulation.ts';
import { machiningRunnable } from '../machining/index.ts';
import { petrochemicalRunnable } from '../process/index.ts';
import { unitsPerDay, type FlowModel, type TimeUnit } from '../model/flow-model.ts';
import type { AnyModel } from '../model/load.ts';
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
}

export interface RunnableModel {
  readonly name: string;
  readonly timeUnit: TimeUnit;
  /** Model time units in one day. */
  readonly unitsPerDay: number;
  readonly defaultDays: number;
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

function flowKpis(model: FlowModel): KpiDefinition[] {
  const short = { second: 's', minute: 'min', hour: 'h', day: 'd' }[model.timeUnit];
  return [
    { key: 'throughput', label: 'Throughput', unit: 'jobs/h', better: 'higher' },
    { key: 'wip', label: 'Work in process', unit: 'jobs', better: 'lower' },
    { key: 'timeInSystem', label: 'Time in system', unit: short, better: 'lower' },
    { key: 'utilization', label: 'Mean station utilisation', unit: '%', better: 'neither' },
    ...(hasBreakdowns(model)
      ? [{ key: 'availability', label: 'Mean availability of stations that break down', unit: '%', better: 'higher' } as const]
      : []),
  ];
}

/** The runnable form of a validated model. */
export function runnable(model: AnyModel): RunnableModel {
  switch (model.kind) {
    case 'flow':
      return {
        name: model.name,
        timeUnit: model.timeUnit,
        unitsPerDay: unitsPerDay(model.timeUnit),
        defaultDays: model.defaultDays,
        // Dispatching is local FIFO everywhere (level 1). A line with `maintenance` has one capability: at L1 breakdowns
        // wait for the operator's patrol, at L2 the station alarms the MES at once, and where a station can be
        // maintained (`pmTime`) L3 adds a planner that learns from the station's lives when maintaining first pays.
        levels: !model.maintenance ? ['L1'] : model.stations.some((s) => s.pmTime !== undefined) ? ['L1', 'L2', 'L3'] : ['L1', 'L2'],
        capabilities: model.maintenance ? ['maintenance'] : [],
        kpis: flowKpis(model),
        start: ({ seed, capabilities }) => {
          const level = capabilities.maintenance ?? 'L1';
          return new FlowSimulation(model, seed, {
            detection: model.maintenance && level === 'L1' ? 'patrol' : 'alarm',
            preventive: level === 'L3',
          });
        },
      };
    case 'machining':
      return machiningRunnable(model);
    case 'petrochemical':
      return petrochemicalRunnable(model);
  }
}
