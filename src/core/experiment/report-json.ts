/**
 * The JSON form of an experiment report that `sim --format json` prints and the app exports: what scripts rely on and
 * what `sim --replay` compares against. Plain numbers only (no samples), so two runs compare with deep equality.
 */
import type { ExperimentReport } from './experiment.ts';
import { LEVELS } from './levels.ts';

export interface ReportContext {
  /** Model time units per day, to state the run length in days. */
  unitsPerDay: number;
  timeUnit: string;
  /** The model's findings about this report (`RunnableModel.notes`), if any. */
  notes?: string[];
}

/** One KPI in the JSON form; `mean` and `ci95` are null, and `reason` says why, when a run had no value. */
type JsonKpi = { mean: number | null; ci95: number | null; unit: string; reason?: string };

/** The JSON form: `{model, days, seeds, levels: {L1: {kpis: {k: {mean, ci95, unit}}}}, deltas?}`. */
export function reportJson(report: ExperimentReport, context: ReportContext): object {
  const levels: Record<string, { capabilities?: Record<string, string>; kpis: Record<string, JsonKpi> }> = {};
  for (const level of LEVELS) {
    const result = report.levels[level];
    if (!result) continue;
    const kpis: Record<string, JsonKpi> = {};
    for (const kpi of report.kpis) {
      const { mean, ci95, unit, reason } = result.kpis[kpi.key]!;
      // A KPI without data is null with its reason, never NaN (which JSON would also print as null, silently).
      kpis[kpi.key] = reason === undefined ? { mean, ci95, unit } : { mean: null, ci95: null, unit, reason };
    }
    levels[level] = Object.keys(result.capabilities).length > 0 ? { capabilities: { ...result.capabilities }, kpis } : { kpis };
  }
  return {
    model: report.model,
    days: report.until / context.unitsPerDay,
    until: report.until,
    timeUnit: context.timeUnit,
    seeds: report.seeds,
    levels,
    ...(report.deltas ? { deltas: report.deltas } : {}),
    ...(report.attribution ? { attributionLevel: report.attributionLevel, attribution: report.attribution } : {}),
    ...(context.notes?.length ? { notes: context.notes } : {}),
  };
}
