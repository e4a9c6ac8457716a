/**
 * Replications and level comparisons: K seeds of one model at each requested level, each KPI summarised as a mean with a
 * 95 % confidence interval, and the change from L1 to each other level paired by seed (common random numbers).
 */
import { estimate, type Estimate } from '../stats/summary.ts';
import { SURVEY_REFERENCE_PERCENT, type KpiDefinition } from './kpi.ts';
import type { Level } from './levels.ts';
import type { RunnableModel } from './runnable.ts';

export interface ExperimentOptions {
  levels: readonly Level[];
  seeds: readonly number[];
  /** Run length in model time units. */
  until: number;
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

export interface ExperimentReport {
  model: string;
  until: number;
  seeds: number[];
  kpis: KpiDefinition[];
  levels: Partial<Record<Level, { kpis: Record<string, KpiEstimate>; samples: Record<string, number[]> }>>;
  deltas?: Record<string, Record<string, DeltaEstimate>>;
  /** Kernel events processed over all runs, for throughput reporting. */
  events: number;
}

export function runExperiment(model: RunnableModel, options: ExperimentOptions): ExperimentReport {
  const { levels, seeds, until } = options;
  for (const level of levels) {
    if (!model.levels.includes(level)) {
      throw new RangeError(
        `model "${model.name}" does not implement level ${level}; it supports ${model.levels.join(', ')}`,
      );
    }
  }
  if (seeds.length === 0) throw new RangeError('an experiment needs at least one seed');
  if (!(until > 0) || until === Infinity) throw new RangeError(`run length must be positive and finite, got ${until}`);
  const slices = options.slices ?? 50;
  const totalRuns = levels.length * seeds.length;
  let finishedRuns = 0;
  let events = 0;

  const report: ExperimentReport = { model: model.name, until, seeds: [...seeds], kpis: [...model.kpis], levels: {}, events: 0 };
  for (const level of levels) {
    const samples: Record<string, number[]> = Object.fromEntries(model.kpis.map((k) => [k.key, []]));
    for (const seed of seeds) {
      const run = model.start({ seed, level });
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
    report.levels[level] = { kpis, samples };
  }
  report.events = events;
  const base = report.levels.L1;
  if (base && levels.length > 1) {
    report.deltas = {};
    for (const level of levels) {
      if (level === 'L1') continue;
      report.deltas[`L1->${level}`] = pairedDeltas(model.kpis, base.samples, report.levels[level]!.samples);
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
