/**
 * What the twin computes from its synchronised state: the KPIs (recomputed from unit counters and events where the
 * stream allows, otherwise the plant's reported `KPI/<key>`), and the model parameters it can estimate from the
 * observed data with 95 % intervals, flagged as discrepancies where an interval excludes the model file's value.
 */
import { readParameter } from '../../core/experiment/parameters.ts';
import { excludes, Welford, weibullScaleKnownShape, type Discrepancy, type Interval, type Life } from '../../core/twin/estimators.ts';
import type { Synchroniser, UnitState } from './synchroniser.ts';

export interface TwinKpis {
  values: Record<string, number>;
  /** KPI keys the twin recomputed from unit counters and events (the rest are taken as the plant reported them). */
  recomputed: string[];
}

/**
 * 3C plant: `throughput` and `efficiency` from the packing unit's good count, `failures` from failure events, `mttr`
 * from failure-to-repair times (summed per cell, then over cells, in the plant's own order, so the floats agree).
 */
export function twinKpis(sync: Synchroniser, kpiKeys: readonly string[]): TwinKpis {
  const values: Record<string, number> = {};
  for (const key of kpiKeys) values[key] = Number(sync.node[`KPI/${key}`] ?? NaN);
  const recomputed: string[] = [];
  const packing = sync.units.get('packing');
  const cells = [...sync.units.values()].filter((u) => u.kind === 'cnc');
  // The plant measures its KPIs from the end of its warm-up (`measurementStart`): past it, the twin measures the same
  // period from the counters it saw at that instant, with the plant's arithmetic (totals now less totals then), so
  // the two agree bit for bit. A stream that skipped that instant cannot, and its recomputation is left out.
  const start = sync.options.measurementStart;
  const measuring = start !== undefined && sync.time > start;
  const since = measuring ? sync.atMeasurementStart : undefined;
  if (measuring && since === undefined) return { values, recomputed };
  const at = (id: string) => since?.get(id);
  const hours = Math.max(sync.time - (since ? start! : 0), 1e-9);
  const complete = sync.births === 1 && sync.flags.every((f) => f.kind !== 'seq-gap' && f.kind !== 'rebirth' && f.kind !== 'death');
  if (packing && kpiKeys.includes('throughput') && sync.node['Plant/Time unit'] === 'hour') {
    const good = packing.produced - (at('packing')?.produced ?? 0);
    values.throughput = (good / hours) * 24;
    values.efficiency = good / hours;
    recomputed.push('throughput', 'efficiency');
  }
  // Events are not resent after a loss: only a stream seen whole from its start gives failure counts.
  if (cells.length > 0 && complete && kpiKeys.includes('mttr')) {
    const sum = (xs: readonly number[], n = xs.length) => {
      let total = 0;
      for (let i = 0; i < n; i++) total += xs[i]!;
      return total;
    };
    const failures = cells.reduce((s, c) => s + c.failures, 0) - cells.reduce((s, c) => s + (at(c.id)?.failures ?? 0), 0);
    const repairHours = cells.reduce((s, c) => s + sum(c.repairs), 0) - cells.reduce((s, c) => s + sum(c.repairs, at(c.id)?.repairs ?? 0), 0);
    values.failures = failures;
    values.mttr = failures > 0 ? repairHours / failures : 0;
    recomputed.push('failures', 'mttr');
  }
  return { values, recomputed };
}

export interface Estimate extends Discrepancy {
  /** Observations behind it (failures, repairs). */
  n: number;
  /** Whether the interval excludes the model's value. */
  differs: boolean;
}

/** A unit family whose failures and repairs the stream shows, and the model file's parameters for them. */
interface LifeParameters {
  units: (u: UnitState) => boolean;
  /** Label for the pooled estimate over all matching units. */
  pooled?: string;
  shape: number;
  scalePath: string;
  repairPath: string;
  /**
   * The model file's JSON path of one unit's own scale (3C: `cnc.health.cellWeibullScaleHours.cnc-3`), where the file
   * format has per-unit overrides; a per-unit estimate is reported against it, with the unit's override (or the shared
   * value where it has none) as the model's value.
   */
  unitScalePath?: (unit: string) => string;
}

function lifeParameters(model: unknown): LifeParameters[] {
  const list: LifeParameters[] = [];
  const shape = readParameter(model, 'cnc.health.weibullShape');
  if (shape !== undefined)
    list.push({
      units: (u) => u.kind === 'cnc',
      pooled: 'cnc',
      shape,
      scalePath: 'cnc.health.weibullScaleHours',
      repairPath: 'cnc.health.repairHours.mean',
      unitScalePath: cellScalePath,
    });
  if (readParameter(model, 'feedPump.mtbfHours') !== undefined)
    list.push({ units: (u) => u.id === 'feed-pump', shape: 1, scalePath: 'feedPump.mtbfHours', repairPath: 'feedPump.mttrHours' });
  return list;
}

/**
 * Failure and repair parameters per unit (and pooled over a family sharing one parameter), with 95 % intervals.
 * Repair: the stream shows failure-to-repair time, which includes waiting for an operator, so it can only show the
 * model's hands-on repair time too long (an interval entirely below it), never too short: flagged one-sided.
 */
export function estimateParameters(sync: Synchroniser, modelFile: unknown): Estimate[] {
  const out: Estimate[] = [];
  for (const p of lifeParameters(modelFile)) {
    const units = [...sync.units.values()].filter(p.units);
    const scaleModel = readParameter(modelFile, p.scalePath)!;
    const repairModel = readParameter(modelFile, p.repairPath)!;
    const groups: { unit: string; lives: Life[]; repairs: number[] }[] = units.map((u) => ({ unit: u.id, lives: sync.livesOf(u), repairs: u.repairs }));
    if (p.pooled && units.length > 1) groups.push({ unit: p.pooled, lives: groups.flatMap((g) => g.lives), repairs: groups.flatMap((g) => g.repairs) });
    for (const g of groups) {
      const life = weibullScaleKnownShape(g.lives, p.shape);
      const own = p.unitScalePath && g.unit !== p.pooled ? p.unitScalePath(g.unit) : undefined;
      const parameter = own ?? p.scalePath;
      const model = own !== undefined ? (readParameter(modelFile, own) ?? scaleModel) : scaleModel;
      if (life) out.push({ unit: g.unit, parameter, observed: life.estimate, ci95: life.ci95, model, n: life.failures, differs: excludes(life.ci95, model) });
      const repair = new Welford();
      for (const r of g.repairs) repair.push(r);
      if (repair.n >= 2) {
        const ci: Interval = repair.ci95();
        out.push({ unit: g.unit, parameter: p.repairPath, observed: repair.mean, ci95: ci, model: repairModel, n: repair.n, differs: ci[1] < repairModel });
      }
    }
  }
  return out;
}

export function discrepancies(estimates: readonly Estimate[]): Discrepancy[] {
  return estimates.filter((e) => e.differs).map(({ unit, parameter, observed, ci95, model }) => ({ unit, parameter, observed, ci95, model }));
}

/** The 3C model file's path of one CNC cell's own Weibull scale. */
export function cellScalePath(unit: string): string {
  return `cnc.health.cellWeibullScaleHours.${unit}`;
}

/**
 * The life scales the twin would act and forecast on, from its estimates: each cell whose own interval excludes the
 * model's value gets a learned scale; the shared scale is replaced only when the cells not flagged one by one, pooled,
 * still contradict it (one worn cell alone must not drag its healthy siblings' scale down with it). The learned value
 * is the end of the 95 % interval nearest the model's value: the smallest change the data demand. A flag can come
 * after one or two failures with a point estimate far off (in the benchmark a cell at 55 h was flagged at 14 h, and the
 * actor then ordered 16 maintenances on that seed, 3 with the interval's end); the interval's end moves to the truth
 * as failures accumulate. Returned as `--set` overrides of the model file (3C plant; empty for a model without CNC cells).
 */
export function learnedLifeOverrides(sync: Synchroniser, model: unknown, estimates: readonly Estimate[]): Record<string, number> {
  const out: Record<string, number> = {};
  const shape = readParameter(model, 'cnc.health.weibullShape');
  const shared = readParameter(model, 'cnc.health.weibullScaleHours');
  if (shape === undefined || shared === undefined) return out;
  const flagged = new Set<string>();
  for (const e of estimates) {
    if (e.differs && e.parameter === cellScalePath(e.unit)) {
      out[e.parameter] = nearestToModel(e.ci95, e.model);
      flagged.add(e.unit);
    }
  }
  // Cells with an override of their own in the file are not evidence about the shared scale.
  const rest = [...sync.units.values()].filter((u) => u.kind === 'cnc' && !flagged.has(u.id) && readParameter(model, cellScalePath(u.id)) === undefined);
  const pooled = weibullScaleKnownShape(
    rest.flatMap((u) => sync.livesOf(u)),
    shape,
  );
  if (pooled && excludes(pooled.ci95, shared)) out['cnc.health.weibullScaleHours'] = nearestToModel(pooled.ci95, shared);
  return out;
}

/** The end of an interval (that excludes `model`) nearest to it. */
function nearestToModel(ci95: Interval, model: number): number {
  return ci95[1] < model ? ci95[1] : ci95[0];
}
