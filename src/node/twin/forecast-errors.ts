/**
 * How the twin's forecasts score against what was realised, for the benchmark (`bench/twin.ts`) and tests: learning on
 * against off on the same forecasts, paired.
 */
import { Welford, type Interval } from '../../core/twin/estimators.ts';
import type { Forecast } from './twin.ts';

export interface PairedErrors {
  /** Forecasts paired (realised, positive, present in both lists). */
  n: number;
  /** Mean difference, percentage points. */
  mean: number;
  ci95: Interval;
  /**
   * Each run's own mean difference: forecasts of one stream are not independent (its forks carry their state from
   * one forecast to the next), so the interval over forecasts is optimistic; runs (seeds) are independent.
   */
  runMeans: number[];
}

/**
 * Learning on against off on the same forecasts: each run is one stream replayed twice, so each forecast has its twin
 * in the other list with the same kpi, instant and realised value (runs are kept apart: two streams share instants). Per
 * forecast, the absolute percentage error with learning on less that with it off, in percentage points; mean and 95 %
 * interval over all runs' forecasts (negative: learning makes the forecasts better).
 */
export function pairedErrors(runs: readonly { on: readonly Forecast[]; off: readonly Forecast[] }[]): PairedErrors {
  const diff = new Welford();
  const runMeans: number[] = [];
  for (const { on, off } of runs) {
    const run = new Welford();
    const byInstant = new Map(off.map((f) => [`${f.kpi}/${f.at}/${f.until}`, f]));
    for (const f of on) {
      const g = byInstant.get(`${f.kpi}/${f.at}/${f.until}`);
      if (!g || g.realised !== f.realised || !(f.realised! > 0)) continue;
      const d = (100 * (Math.abs(f.mean - f.realised!) - Math.abs(g.mean - g.realised!))) / f.realised!;
      diff.push(d);
      run.push(d);
    }
    runMeans.push(run.n > 0 ? run.mean : NaN);
  }
  return { n: diff.n, mean: diff.mean, ci95: diff.ci95(), runMeans };
}
