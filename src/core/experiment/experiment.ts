/**
 * Replications and level comparisons: K seeds of one model for each configuration (a preset level, or L1 with one
 * capability raised), each KPI summarised as a mean with a 95 % confidence interval, and changes against L1 paired by
 * seed (common random numbers make the pairs comparable).
 */
import { estimate, type Estimate } from '../stats/summary.ts';
import { RunBudget } from '../runtime/run-budget.ts';
import { deltaReason, kpiSamplesReason } from './kpi-value.ts';
import { SURVEY_REFERENCE_PERCENT, type KpiDefinition } from './kpi.ts';
import { LEVELS, presetLevels, type CapabilityLevels, type Level } from './levels.ts';
import type { CurvePoint, RunnableModel } from './runnable.ts';

export interface ExperimentOptions {
  levels: readonly Level[];
  seeds: readonly number[];
  /** Run length in model time units. */
  until: number;
  /**
   * Also run L1 with one capability at a time raised to the model's highest level, and report how much of each KPI
   * delta that capability explains on its own.
   */
  attribution?: boolean;
  /**
   * Capabilities held at a given level in every configuration, on top of each preset ("parallel promotion"): for
   * example `{ dispatching: 'L3' }` runs L1, L2 and L3 with dispatching at L3 throughout.
   */
  overrides?: CapabilityLevels;
  /** Also collect the runs' learning curves (`ModelRun.learningCurves`), averaged over seeds point by point. */
  curves?: boolean;
  /** Called between slices of each run with the fraction of all work done; never from inside the kernel. */
  onProgress?: (fraction: number) => void;
  /** Slices per run for progress reports (default 50). */
  slices?: number;
}

export interface KpiEstimate extends Estimate {
  unit: string;
  /** Why there is no estimate (mean NaN): some run had no value for the KPI (kpi-value.ts). */
  reason?: string;
}

export interface DeltaEstimate {
  /** Mean over seeds of the per-seed percent change against L1. */
  percent: number;
  ci95: number;
  /** Why there is no change to show (percent NaN): no data, or an L1 value of 0 (kpi-value.ts). */
  reason?: string;
  /** Survey reference percent, shown beside the simulated figure; never an input. */
  reference?: number;
}

export interface AttributionEstimate extends DeltaEstimate {
  /** This capability's change as a fraction of the full L1 -> top-level change (interactions make shares not add to 1). */
  share: number;
}

export interface ConfigurationResult {
  capabilities: CapabilityLevels;
  kpis: Record<string, KpiEstimate>;
  samples: Record<string, number[]>;
  /** Learning curves by name, averaged over seeds (when asked for and the model has them). */
  curves?: Record<string, CurveEstimate[]>;
}

/** One point of a learning curve over replications. */
export interface CurveEstimate {
  time: number;
  mean: number;
  ci95: number;
  n: number;
}

export interface ExperimentReport {
  model: string;
  until: number;
  seeds: number[];
  kpis: KpiDefinition[];
  levels: Partial<Record<Level, ConfigurationResult>>;
  /** `L1->L2`, `L1->L3`: per KPI. */
  deltas?: Record<string, Record<string, DeltaEstimate>>;
  /** Per capability raised alone (from L1 to `attributionLevel`): per KPI. */
  attribution?: Record<string, Record<string, AttributionEstimate>>;
  attributionLevel?: Level;
  /** Kernel events processed over all runs, for throughput reporting. */
  events: number;
}

/** One replication of one configuration: what a worker (or the serial runner) needs to run it. */
export interface RunSpec {
  /** Position in the plan; results are summarised in plan order whatever order they finish in. */
  index: number;
  /** Configuration key: a preset level (`L1`), or a capability raised alone for attribution. */
  key: string;
  /** A level for every capability of the model. */
  capabilities: CapabilityLevels;
  seed: number;
  until: number;
  /** Slices of the run between progress reports. */
  slices: number;
  /** Also return the run's learning curves. */
  curves: boolean;
}

/** What one replication produced: plain data, so it can cross a worker boundary. */
export interface RunResult {
  index: number;
  key: string;
  seed: number;
  /** KPI values keyed as in `RunnableModel.kpis`. */
  kpis: Record<string, number>;
  curves?: Record<string, CurvePoint[]>;
  /** Kernel events the run processed. */
  events: number;
}

function checkOptions(model: RunnableModel, options: Omit<ExperimentOptions, 'onProgress'>): Level {
  const { levels, seeds, until } = options;
  for (const level of levels) {
    if (!model.levels.includes(level)) {
      throw new RangeError(`model "${model.name}" does not implement level ${level}; it supports ${model.levels.join(', ')}`);
    }
  }
  if (seeds.length === 0) throw new RangeError('an experiment needs at least one seed');
  if (!(until > 0) || until === Infinity) throw new RangeError(`run length must be positive and finite, got ${until}`);
  const top = LEVELS.filter((l) => model.levels.includes(l)).at(-1)!;
  const overrides = options.overrides ?? {};
  for (const [capability, level] of Object.entries(overrides)) {
    if (!model.capabilities.includes(capability)) {
      throw new RangeError(`model "${model.name}" has no capability "${capability}"; it has ${model.capabilities.join(', ') || 'none'}`);
    }
    if (!model.levels.includes(level)) throw new RangeError(`capability ${capability}: level ${level} is not implemented`);
  }
  if (options.attribution && (model.capabilities.length === 0 || top === 'L1')) {
    throw new RangeError(`model "${model.name}" has no capabilities above L1 to attribute`);
  }
  return top;
}

/** The configurations an experiment runs, in order: the presets asked for (plus L1 for attribution), then one per capability. */
function configurations(model: RunnableModel, options: Omit<ExperimentOptions, 'onProgress'>, top: Level) {
  const { levels } = options;
  const overrides = options.overrides ?? {};
  const presets: Level[] = options.attribution && !levels.includes('L1') ? ['L1', ...levels] : [...levels];
  const runs: { key: string; capabilities: CapabilityLevels }[] = presets.map((level) => ({
    key: level,
    capabilities: { ...presetLevels(model.capabilities, level), ...overrides },
  }));
  if (options.attribution) {
    for (const capability of model.capabilities) {
      runs.push({ key: capability, capabilities: { ...presetLevels(model.capabilities, 'L1'), ...overrides, [capability]: top } });
    }
  }
  return runs;
}

/**
 * Every independent replication of an experiment, configuration by configuration and seed by seed. Runs share nothing,
 * so they may execute in any order and place (workers); `summarizeExperiment` puts them back together.
 */
export function planExperiment(model: RunnableModel, options: Omit<ExperimentOptions, 'onProgress'>): RunSpec[] {
  const top = checkOptions(model, options);
  const slices = options.slices ?? 50;
  const specs: RunSpec[] = [];
  for (const { key, capabilities } of configurations(model, options, top)) {
    for (const seed of options.seeds) {
      specs.push({ index: specs.length, key, capabilities, seed, until: options.until, slices, curves: options.curves ?? false });
    }
  }
  return specs;
}

/** Runs one replication; `onProgress` gets the fraction of this run done after each slice. */
export function executeRun(model: RunnableModel, spec: RunSpec, onProgress?: (fraction: number) => void): RunResult {
  const run = model.start({ seed: spec.seed, capabilities: spec.capabilities });
  const budget = new RunBudget(run.sim, spec.until);
  try {
    for (let slice = 1; slice <= spec.slices; slice++) {
      budget.advance((spec.until * slice) / spec.slices);
      onProgress?.(slice / spec.slices);
    }
    const values = run.kpis();
    const kpis: Record<string, number> = {};
    for (const kpi of model.kpis) kpis[kpi.key] = values[kpi.key]!;
    const result: RunResult = { index: spec.index, key: spec.key, seed: spec.seed, kpis, events: run.sim.eventCount };
    if (spec.curves && run.learningCurves) {
      result.curves = Object.fromEntries(
        Object.entries(run.learningCurves()).map(([name, points]) => [name, points.map((p) => ({ time: p.time, value: p.value }))]),
      );
    }
    return result;
  } finally {
    run.sim.dispose();
  }
}

/**
 * The report of an experiment from the results of its planned runs (in any order): the same numbers as running it
 * serially, because samples are gathered in plan order.
 */
export function summarizeExperiment(model: RunnableModel, options: Omit<ExperimentOptions, 'onProgress'>, results: readonly RunResult[]): ExperimentReport {
  const { levels, seeds, until } = options;
  const top = checkOptions(model, options);
  const plan = planExperiment(model, options);
  const byIndex = new Map<number, RunResult>();
  for (const result of results) byIndex.set(result.index, result);
  for (const spec of plan) {
    const result = byIndex.get(spec.index);
    if (!result || result.key !== spec.key || result.seed !== spec.seed) {
      throw new RangeError(`experiment result missing for run ${spec.index} (${spec.key}, seed ${spec.seed})`);
    }
  }
  let events = 0;
  const summaries = new Map<string, ConfigurationResult>();
  for (const { key, capabilities } of configurations(model, options, top)) {
    const samples: Record<string, number[]> = Object.fromEntries(model.kpis.map((k) => [k.key, []]));
    const curveRuns: Readonly<Record<string, readonly CurvePoint[]>>[] = [];
    for (const spec of plan) {
      if (spec.key !== key) continue;
      const result = byIndex.get(spec.index)!;
      for (const kpi of model.kpis) samples[kpi.key]!.push(result.kpis[kpi.key]!);
      if (result.curves) curveRuns.push(result.curves);
      events += result.events;
    }
    const kpis: Record<string, KpiEstimate> = {};
    for (const kpi of model.kpis) {
      const reason = kpiSamplesReason(samples[kpi.key]!, kpi);
      kpis[kpi.key] =
        reason === undefined
          ? { ...estimate(samples[kpi.key]!), unit: kpi.unit }
          : { mean: NaN, ci95: NaN, sd: NaN, n: samples[kpi.key]!.length, unit: kpi.unit, reason };
    }
    const summary: ConfigurationResult = { capabilities, kpis, samples };
    if (curveRuns.length > 0) summary.curves = averageCurves(curveRuns);
    summaries.set(key, summary);
  }

  const report: ExperimentReport = { model: model.name, until, seeds: [...seeds], kpis: [...model.kpis], levels: {}, events };
  for (const level of levels) report.levels[level] = summaries.get(level)!;
  const base = summaries.get('L1');
  if (base && levels.length > 1) {
    report.deltas = {};
    for (const level of levels) {
      if (level !== 'L1') report.deltas[`L1->${level}`] = pairedDeltas(model.kpis, base.samples, summaries.get(level)!.samples);
    }
  }
  if (options.attribution && base) {
    const full = summaries.has(top) ? pairedDeltas(model.kpis, base.samples, summaries.get(top)!.samples) : undefined;
    report.attributionLevel = top;
    report.attribution = {};
    for (const capability of model.capabilities) {
      const alone = pairedDeltas(model.kpis, base.samples, summaries.get(capability)!.samples);
      report.attribution[capability] = Object.fromEntries(
        Object.entries(alone).map(([kpi, d]) => [kpi, { ...d, share: full ? d.percent / full[kpi]!.percent : NaN }]),
      );
    }
  }
  return report;
}

/** Plan, execute every run here in order, summarise: the serial runner the CLI uses. */
export function runExperiment(model: RunnableModel, options: ExperimentOptions): ExperimentReport {
  const plan = planExperiment(model, options);
  const results: RunResult[] = [];
  for (const spec of plan) {
    const done = results.length;
    results.push(executeRun(model, spec, options.onProgress && ((fraction) => options.onProgress!((done + fraction) / plan.length))));
  }
  return summarizeExperiment(model, options, results);
}

/**
 * Point-by-point mean of the same curve over replications. Curves are recorded per period, so replications share their
 * time points; where one replication has fewer points (a curve per event, such as per product variant), the mean uses
 * the replications that reach that index, and `n` says how many.
 */
function averageCurves(runs: readonly Readonly<Record<string, readonly CurvePoint[]>>[]): Record<string, CurveEstimate[]> {
  const out: Record<string, CurveEstimate[]> = {};
  for (const name of Object.keys(runs[0]!)) {
    const longest = Math.max(...runs.map((r) => r[name]?.length ?? 0));
    const points: CurveEstimate[] = [];
    for (let i = 0; i < longest; i++) {
      const at = runs.map((r) => r[name]?.[i]).filter((p): p is CurvePoint => p !== undefined);
      const { mean, ci95, n } = estimate(at.map((p) => p.value));
      points.push({ time: estimate(at.map((p) => p.time)).mean, mean, ci95, n });
    }
    out[name] = points;
  }
  return out;
}

/** Per-seed percent changes (common random numbers make the pairs comparable), summarised with a t interval. */
export function pairedDeltas(kpis: readonly KpiDefinition[], base: Record<string, number[]>, other: Record<string, number[]>): Record<string, DeltaEstimate> {
  const out: Record<string, DeltaEstimate> = {};
  for (const kpi of kpis) {
    const b = base[kpi.key]!;
    const o = other[kpi.key]!;
    const reason = deltaReason(b, o, kpi);
    const changes = b.map((x, i) => (100 * (o[i]! - x)) / Math.abs(x));
    const { mean, ci95 } = reason === undefined ? estimate(changes) : { mean: NaN, ci95: NaN };
    const delta: DeltaEstimate = reason === undefined ? { percent: mean, ci95 } : { percent: mean, ci95, reason };
    const reference = SURVEY_REFERENCE_PERCENT[kpi.key];
    if (reference !== undefined) delta.reference = reference;
    out[kpi.key] = delta;
  }
  return out;
}
