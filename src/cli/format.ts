/**
 * Renderings of an experiment report for the command line: an aligned table, the JSON object scripts rely on, and CSV.
 */
import type { ExperimentReport } from '../core/experiment/experiment.ts';
import { LEVELS } from '../core/experiment/levels.ts';

export { reportJson, type ReportContext } from '../core/experiment/report-json.ts';
import type { ReportContext } from '../core/experiment/report-json.ts';
import { noDataText } from '../core/experiment/kpi-value.ts';

/**
 * Text from a model or a record made printable on a terminal: control characters (C0, DEL, C1; terminal escape codes
 * start with one) are written as `\u001b`, so a model name cannot move the cursor, recolour or retitle the terminal.
 */
export function printable(text: string): string {
  // eslint-disable-next-line no-control-regex -- matching control characters is this function's purpose
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function fixed(x: number, digits: number): string {
  return Number.isFinite(x) ? x.toFixed(digits) : '-';
}

/** Significant-looking precision for a KPI value: 4 significant digits, at most 3 decimals. */
function digitsFor(x: number): number {
  const magnitude = Math.abs(x);
  if (!Number.isFinite(magnitude) || magnitude === 0) return 2;
  return Math.min(3, Math.max(0, 3 - Math.floor(Math.log10(magnitude))));
}

export function reportTable(report: ExperimentReport, context: ReportContext): string {
  const levels = LEVELS.filter((l) => report.levels[l]);
  const deltaKeys = Object.keys(report.deltas ?? {});
  const hasReference = deltaKeys.some((d) => Object.values(report.deltas![d]!).some((e) => e.reference !== undefined));
  const header = ['KPI', 'unit', ...levels.map((l) => `${l} mean ± 95% CI`), ...deltaKeys.map((d) => `${d} %`)];
  if (hasReference) header.push('survey %');
  const rows = report.kpis.map((kpi) => {
    const row = [kpi.key, kpi.unit];
    for (const level of levels) {
      const e = report.levels[level]!.kpis[kpi.key]!;
      const d = digitsFor(e.mean);
      row.push(e.reason !== undefined ? noDataText(e.reason) : `${fixed(e.mean, d)} ± ${fixed(e.ci95, d)}`);
    }
    for (const key of deltaKeys) {
      const e = report.deltas![key]![kpi.key]!;
      row.push(e.reason !== undefined ? noDataText(e.reason) : `${e.percent >= 0 ? '+' : ''}${fixed(e.percent, 1)} ± ${fixed(e.ci95, 1)}`);
    }
    if (hasReference) {
      const reference = deltaKeys.map((k) => report.deltas![k]![kpi.key]!.reference).find((r) => r !== undefined);
      row.push(reference === undefined ? '' : `${reference > 0 ? '+' : ''}${reference}`);
    }
    return row;
  });
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  const days = report.until / context.unitsPerDay;
  const title =
    `${report.model}: ${fixed(days, days < 1 ? 3 : 1)} days (${report.until} ${context.timeUnit}s), ` +
    `${report.seeds.length} seed${report.seeds.length > 1 ? 's' : ''} (${report.seeds[0]}..${report.seeds.at(-1)})`;
  const out = [title, '', line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
  if (report.attribution) out.push('', ...attributionTable(report));
  if (context.notes?.length) out.push('', 'Notes:', ...context.notes.map((note) => `- ${note}`));
  return out.map(printable).join('\n') + '\n';
}

/** Change of each KPI when one capability alone is raised from L1, and its share of the full change. */
function attributionTable(report: ExperimentReport): string[] {
  const capabilities = Object.keys(report.attribution!);
  const header = ['KPI', ...capabilities.map((c) => `${c} %`)];
  const rows = report.kpis.map((kpi) => [
    kpi.key,
    ...capabilities.map((c) => {
      const e = report.attribution![c]![kpi.key]!;
      const share = Number.isFinite(e.share) ? ` (${(100 * e.share).toFixed(0)} %)` : '';
      return `${e.percent >= 0 ? '+' : ''}${fixed(e.percent, 1)}${share}`;
    }),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [
    `Attribution: each capability raised alone from L1 to ${report.attributionLevel} (share of the L1->${report.attributionLevel} change)`,
    line(header),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map(line),
  ];
}

function csvCell(value: string | number | undefined): string {
  if (value === undefined) return '';
  const text = typeof value === 'number' ? (Number.isFinite(value) ? String(value) : '') : value;
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One row per (level, KPI) estimate, then one per (comparison, KPI) delta. */
export function reportCsv(report: ExperimentReport): string {
  const lines = ['kind,level,kpi,unit,mean,ci95,n,reference'];
  for (const level of LEVELS) {
    const result = report.levels[level];
    if (!result) continue;
    for (const kpi of report.kpis) {
      const e = result.kpis[kpi.key]!;
      lines.push(['estimate', level, kpi.key, e.unit, e.mean, e.ci95, e.n, undefined].map(csvCell).join(','));
    }
  }
  for (const [comparison, deltas] of Object.entries(report.deltas ?? {})) {
    for (const kpi of report.kpis) {
      const e = deltas[kpi.key]!;
      lines.push(['delta', comparison, kpi.key, '%', e.percent, e.ci95, report.seeds.length, e.reference].map(csvCell).join(','));
    }
  }
  for (const [capability, deltas] of Object.entries(report.attribution ?? {})) {
    for (const kpi of report.kpis) {
      const e = deltas[kpi.key]!;
      lines.push(['attribution', capability, kpi.key, '%', e.percent, e.ci95, report.seeds.length, undefined].map(csvCell).join(','));
    }
  }
  return lines.join('\n') + '\n';
}

/** Learning curves as CSV: `level,curve,time,mean,ci95,n`; undefined when no level recorded any. */
export function curvesCsv(report: ExperimentReport): string | undefined {
  const lines = ['level,curve,time,mean,ci95,n'];
  for (const level of LEVELS) {
    for (const [name, points] of Object.entries(report.levels[level]?.curves ?? {})) {
      for (const p of points) lines.push([level, name, p.time, p.mean, p.ci95, p.n].map(csvCell).join(','));
    }
  }
  return lines.length > 1 ? lines.join('\n') + '\n' : undefined;
}

/**
 * Where two JSON values first differ (depth first, in key order), as a dotted path with both values; undefined when
 * they are equal. Numbers compare exactly: a replay must give the recorded numbers bit for bit (JSON round-trips doubles).
 */
export function firstDifference(recorded: unknown, now: unknown, path = ''): { path: string; recorded: string; now: string } | undefined {
  const show = (value: unknown) => (value === undefined ? 'nothing' : JSON.stringify(value));
  if (Object.is(recorded, now)) return undefined;
  if (typeof recorded !== 'object' || typeof now !== 'object' || recorded === null || now === null || Array.isArray(recorded) !== Array.isArray(now)) {
    return recorded === now ? undefined : { path, recorded: show(recorded), now: show(now) };
  }
  const a = recorded as Record<string, unknown>;
  const b = now as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
  for (const key of keys) {
    const at = Array.isArray(recorded) ? `${path}[${key}]` : path ? `${path}.${key}` : key;
    const difference = firstDifference(a[key], b[key], at);
    if (difference) return difference;
  }
  return undefined;
}
