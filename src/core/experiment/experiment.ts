/**
 * Replications and level comparisons: K seeds of one model for each configuration (a preset level, or L1 with one
 * capability raised), each KPI summarised as a mean with a 95 % confidence interval, and changes against L1 paired by
 * seed (common random numbers make the pairs comparable).
 */
import { estimate, type Estimate } from '../stats/summary.ts';
import { SURVEY_REFERENCE_PERCENT, type KpiDefinition } from './kpi.ts';
import { LEVELS, presetLevels, type CapabilityLevels, type Level } from './levels.ts';
import type { RunnableModel } from './runnable.ts';

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
  /** Called between slices of each run with the fraction of all work done; never from inside the kernel. */
  onProgress?: (fraction: number) => void;
  /** Slices per run for progress reports (default 50). */
  slices?: number;
}

export interface KpiEstimate extends Estimate {
  unit: string;
}

export interface DeltaEstimate {
  /** Mean over seeds of the per-seed percent change against L1. */
  percent: number;
  ci95: number;
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

export function runExperiment(model: RunnableModel, options: ExperimentOptions): ExperimentReport {
  const { levels, seeds, until } = options;
  for (const level of levels) {
    if (!model.levels.includes(level)) {
      throw new RangeError(`model "${model.name}" does not implement level ${level}; it supports ${model.levels.join(', ')}`);
    }
  }
  if (seeds.length === 0) throw new RangeError('an experiment needs at least one seed');
  if (!(until > 0) || until === Infinity) throw new RangeError(`run length must be positive and finite, got ${until}`);
  const top = LEVELS.filter((l) => model.levels.includes(l)).at(-1)!;
  if (options.attribution && (model.capabilities.length === 0 || top === 'L1')) {
    throw new RangeError(`model "${model.name}" has no capabilities above L1 to attribute`);
  }

  // Everything to run: the requested presets, plus L1 and one configuration per capability for attribution.
  const presets: Level[] = options.attribution && !levels.includes('L1') ? ['L1', ...levels] : [...levels];
  const runs: { key: string; capabilities: CapabilityLevels }[] = presets.map((level) => ({
    key: level,
    capabilities: presetLevels(model.capabilities, level),
  }));
  if (options.attribution) {
    for (const capability of model.capabilities) {
      runs.push({ key: capability, capabilities: { ...presetLevels(model.capabilities, 'L1'), [capability]: top } });
    }
  }

  const slices = options.slices ?? 50;
  const totalRuns = runs.length * seeds.length;
  let finishedRuns = 0;
  let events = 0;
  const results = new Map<string, ConfigurationResult>();
  for (const { key, capabilities } of runs) {
    const samples: Record<string, number[]> = Object.fromEntries(model.kpis.map((k) => [k.key, []]));
    for (const seed of seeds) {
      const run = model.start({ seed, capabilities });
      for (let slice = 1; slice <= slices; slice++) {
        run.sim.runUntil((until * slice) / slices);
        options.onProgress?.((finishedRuns + slice / slices) / totalRuns);
      }
      const values = run.kpis();
      for (const kpi of model.kpis) samples[kpi.key]!.push(values[kpi.key]!);
      events += run.sim.eventCount;
      run.sim.dispose();
      finishedRuns++;
    }
    const kpis: Record<string, KpiEstimate> = {};
    for (const kpi of model.kpis) kpis[kpi.key] = { ...estimate(samples[kpi.key]!), unit: kpi.unit };
    results.set(key, { capabilities, kpis, samples });
  }

  const report: ExperimentReport = { model: model.name, until, seeds: [...seeds], kpis: [...model.kpis], levels: {}, events };
  for (const level of levels) report.levels[level] = results.get(level)!;
  const base = results.get('L1');
  if (base && levels.length > 1) {
    report.deltas = {};
    for (const level of levels) {
      if (level !== 'L1') report.deltas[`L1->${level}`] = pairedDeltas(model.kpis, base.samples, results.get(level)!.samples);
    }
  }
  if (options.attribution && base) {
    const full = results.has(top) ? pairedDeltas(model.kpis, base.samples, results.get(top)!.samples) : undefined;
    report.attributionLevel = top;
    report.attribution = {};
    for (const capability of model.capabilities) {
      const alone = pairedDeltas(model.kpis, base.samples, results.get(capability)!.samples);
      report.attribution[capability] = Object.fromEntries(
        Object.entries(alone).map(([kpi, d]) => [kpi, { ...d, share: full ? d.percent / full[kpi]!.percent : NaN }]),
      );
    }
  }
  return report;
}

/** Per-seed percent changes (common random numbers make the pairs comparable), summarised with a t interval. */
export function pairedDeltas(
  kpis: readonly KpiDefinition[],
  base: Record<string, number[]>,
  other: Record<string, number[]>,
): Record<string, DeltaEstimate> {
  const out: Record<string, DeltaEstimate> = {};
  for (const kpi of kpis) {
    const b = base[kpi.key]!;
    const o = other[kpi.key]!;
    const changes = b.map((x, i) => (100 * (o[i]! - x)) / Math.abs(x));
    const { mean, ci95 } = estimate(changes);
    const delta: DeltaEstimate = { percent: mean, ci95 };
    const reference = SURVEY_REFERENCE_PERCENT[kpi.key];
    if (reference !== undefined) delta.reference = reference;
    out[kpi.key] = delta;
  }
  return out;
}
