/**
 * KPIs never show NaN or Infinity: a run that has no value for a KPI (no job left the line after the warmup, no good
 * unit yet) reports NaN internally, and every output says why instead: `null` with a `reason` in JSON, "no data:
 * <reason>" in tables and the app. The reason comes from the KPI's definition (`KpiDefinition.noData`), or a generic one.
 */
import type { KpiDefinition } from './kpi.ts';

/** The reason used when a KPI's definition gives none. */
export const GENERIC_NO_DATA = 'no run produced a value for it yet';

/** Why `value` is not a number to show, or undefined when it is one. */
export function kpiValueReason(value: number | undefined, kpi: Pick<KpiDefinition, 'noData'>): string | undefined {
  if (value === undefined || Number.isNaN(value)) return kpi.noData ?? GENERIC_NO_DATA;
  if (!Number.isFinite(value)) return 'the value overflowed (not a finite number)';
  return undefined;
}

/** Why a KPI over replications has no estimate (some run had no value), or undefined when every run had one. */
export function kpiSamplesReason(samples: readonly number[], kpi: Pick<KpiDefinition, 'noData'>): string | undefined {
  const missing = samples.map((x) => kpiValueReason(x, kpi)).filter((r): r is string => r !== undefined);
  if (missing.length === 0) return undefined;
  return missing.length === samples.length ? missing[0]! : `${missing[0]!} (in ${missing.length} of ${samples.length} runs)`;
}

/** Why a percent change against L1 cannot be computed from these paired samples, or undefined when it can. */
export function deltaReason(base: readonly number[], other: readonly number[], kpi: Pick<KpiDefinition, 'noData'>): string | undefined {
  const missing = kpiSamplesReason(base, kpi) ?? kpiSamplesReason(other, kpi);
  if (missing !== undefined) return missing;
  if (base.some((x) => x === 0)) return 'the L1 value is 0, so a percent change is undefined';
  return undefined;
}

/** The text a table cell or a KPI card shows for a missing value. */
export function noDataText(reason: string): string {
  return `no data: ${reason}`;
}
