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

/** The JSON form: `{model, days, seeds, levels: {L1: {kpis: {k: {mean, ci95, unit}}}}, deltas?}`. */
export function reportJson(report: ExperimentReport, context: ReportContext): object {
  const levels: Record<
    string,
    { capabilities?: Record<string, string>; kpis: Record<string, { mean: number; ci95: number; unit: string }> }
  > = {};
  for (const level of LEVELS) {
    const result = report.levels[level];
    if (!result) continue;
    const kpis: Record<string, { mean: number; ci95: number; unit: string }> = {};
    for (const kpi of report.kpis) {
      const { mean, ci95, unit } = result.kpis[kpi.key]!;
      kpis[kpi.key] = { mean, ci95, unit };
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

