/**
 * What the comparison view shows, computed from an `ExperimentReport` (the same report as the CLI's): the KPI table's
 * rows, the delta chart's bars, the attribution waterfall's steps, and the CSV exports. Pure functions, no DOM.
 */
import type { AttributionEstimate, DeltaEstimate, ExperimentReport, KpiEstimate } from '../../core/experiment/experiment.ts';
import type { KpiDefinition } from '../../core/experiment/kpi.ts';
import { LEVELS, type Level } from '../../core/experiment/levels.ts';
import { tableCsv, type Cell } from '../export/csv.ts';

export interface KpiRow {
  kpi: KpiDefinition;
  /** Per level run: mean and 95 % CI over replications. */
  levels: Partial<Record<Level, KpiEstimate>>;
  /** `L1->L2`, `L1->L3`: the paired percent change with its CI (and the survey reference where there is one). */
  deltas: Record<string, DeltaEstimate | undefined>;
  /** Survey reference percent for L1 -> top level, display only. */
  reference?: number;
}

export function levelsIn(report: ExperimentReport): Level[] {
  return LEVELS.filter((level) => report.levels[level] !== undefined);
}

export function deltaKeys(report: ExperimentReport): string[] {
  return Object.keys(report.deltas ?? {});
}

/** One row per KPI, the ones with a survey reference first (they are what the comparison is about). */
export function kpiRows(report: ExperimentReport): KpiRow[] {
  const rows = report.kpis.map((kpi): KpiRow => {
    const levels: Partial<Record<Level, KpiEstimate>> = {};
    for (const level of levelsIn(report)) levels[level] = report.levels[level]!.kpis[kpi.key];
    const deltas: Record<string, DeltaEstimate | undefined> = {};
    let reference: number | undefined;
    for (const key of deltaKeys(report)) {
      const delta = report.deltas![key]![kpi.key];
      deltas[key] = delta;
      if (delta?.reference !== undefined) reference = delta.reference;
    }
    return { kpi, levels, deltas, ...(reference !== undefined ? { reference } : {}) };
  });
  return [...rows.filter((r) => r.reference !== undefined), ...rows.filter((r) => r.reference === undefined)];
}

/** The KPIs a chart shows: those with a survey reference, or the first few when the model has none of them. */
export function chartKpis(report: ExperimentReport, fallbackCount = 5): KpiDefinition[] {
  const rows = kpiRows(report);
  const referenced = rows.filter((r) => r.reference !== undefined).map((r) => r.kpi);
  return referenced.length > 0 ? referenced : rows.slice(0, fallbackCount).map((r) => r.kpi);
}

export interface WaterfallStep {
  /** A capability's key, `interaction` or `total`. */
  key: string;
  kind: 'capability' | 'interaction' | 'total';
  /** Where the bar starts and ends, percent change against L1. */
  from: number;
  to: number;
  /** The capability's own CI (none for the remainder, which is a difference of means). */
  ci95?: number;
  /** The capability's share of the whole change (NaN when the whole change is zero). */
  share?: number;
}

/**
 * The waterfall of one KPI: each capability raised alone, stacked from zero in the model's order; then the interaction
 * remainder (the whole change minus the sum of the single-capability changes), honestly shown whatever its sign; then
 * the whole L1 -> top-level change as a total bar. Undefined without attribution runs or the whole change.
 */
export function waterfall(report: ExperimentReport, kpiKey: string): WaterfallStep[] | undefined {
  const attribution = report.attribution;
  const level = report.attributionLevel;
  const whole = level ? report.deltas?.[`L1->${level}`]?.[kpiKey] : undefined;
  if (!attribution || !whole) return undefined;
  const steps: WaterfallStep[] = [];
  let at = 0;
  for (const [capability, perKpi] of Object.entries(attribution)) {
    const alone: AttributionEstimate | undefined = perKpi[kpiKey];
    if (!alone) continue;
    steps.push({ key: capability, kind: 'capability', from: at, to: at + alone.percent, ci95: alone.ci95, share: alone.share });
    at += alone.percent;
  }
  steps.push({ key: 'interaction', kind: 'interaction', from: at, to: whole.percent });
  steps.push({ key: 'total', kind: 'total', from: 0, to: whole.percent, ci95: whole.ci95 });
  return steps;
}

/** The KPI table as CSV: per level mean and CI half-width, per delta percent and CI, and the survey reference. */
export function kpiTableCsv(report: ExperimentReport): string {
  const levels = levelsIn(report);
  const deltas = deltaKeys(report);
  const header = [
    'kpi',
    'unit',
    ...levels.flatMap((l) => [`${l}_mean`, `${l}_ci95`]),
    ...deltas.flatMap((d) => [`${d}_percent`, `${d}_ci95`]),
    'survey_reference_percent',
  ];
  const rows = kpiRows(report).map((row) => [
    row.kpi.key,
    row.kpi.unit,
    ...levels.flatMap((l) => [row.levels[l]?.mean, row.levels[l]?.ci95]),
    ...deltas.flatMap((d) => [row.deltas[d]?.percent, row.deltas[d]?.ci95]),
    row.reference,
  ]);
  return tableCsv(header, rows);
}

/** The attribution as CSV: one row per capability and KPI (percent change alone, its CI, its share of the whole). */
export function attributionCsv(report: ExperimentReport): string {
  const rows: Cell[][] = [];
  for (const [capability, perKpi] of Object.entries(report.attribution ?? {})) {
    for (const kpi of report.kpis) {
      const a = perKpi[kpi.key];
      if (a) rows.push([capability, kpi.key, a.percent, a.ci95, a.share]);
    }
  }
  return tableCsv(['capability', 'kpi', 'percent', 'ci95', 'share'], rows);
}

/** One learning curve of every level as CSV: time, then mean, CI and replications per level. */
export function curveCsv(report: ExperimentReport, name: string): string {
  const rows: Cell[][] = [];
  for (const level of levelsIn(report)) {
    for (const p of report.levels[level]!.curves?.[name] ?? []) rows.push([level, p.time, p.mean, p.ci95, p.n]);
  }
  return tableCsv(['level', 'time', 'mean', 'ci95', 'replications'], rows);
}
