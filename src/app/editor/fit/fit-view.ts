/**
 * What the editor's fitting dialog shows and writes, as pure functions: the histogram, density curves and Q-Q points of a
 * fit, and how a chosen fit becomes a station's parameters for each kind of observed time.
 *
 * A station takes any distribution for its cycle time, but its failures are exponential or Weibull with mean `mtbf`
 * (the Weibull shape is `wearShape`, 1 to 10), and its repairs exponential with mean `mttr`; so only those fits can be
 * written there, and the dialog says why the others cannot.
 */
import type { Distribution, FamilyFit, FamilyName, FitReport } from '../../../core/fit/index.ts';
import { stationSchema } from '../../../core/model/flow-model.ts';
import { gamma as gammaFunction, type DistributionSpec } from '../../../core/model/distribution.ts';
import type { StationParams } from '../document.ts';

export type FitTarget = 'serviceTime' | 'failures' | 'repair';
export const FIT_TARGETS: readonly FitTarget[] = ['serviceTime', 'failures', 'repair'];

/** A fitted family or the empirical distribution, as the dialog lists them. */
export type FitChoice = FamilyName | 'empirical';

export interface Histogram {
  edges: number[];
  /** Height of each bin as a density (count / (n * width)), comparable with a pdf. */
  densities: number[];
  counts: number[];
}

/** Equal-width histogram with Freedman-Diaconis width, 5 to 60 bins. */
export function histogram(sorted: readonly number[]): Histogram {
  const n = sorted.length;
  const min = sorted[0]!;
  const max = sorted[n - 1]!;
  const iqr = sorted[Math.floor(0.75 * (n - 1))]! - sorted[Math.floor(0.25 * (n - 1))]!;
  const width = iqr > 0 ? (2 * iqr) / Math.cbrt(n) : (max - min) / Math.sqrt(n);
  const bins = Math.min(60, Math.max(5, Math.ceil((max - min) / (width || 1))));
  const step = (max - min) / bins;
  const edges = Array.from({ length: bins + 1 }, (_, i) => min + i * step);
  const counts = new Array<number>(bins).fill(0);
  for (const x of sorted) counts[Math.min(bins - 1, Math.floor((x - min) / step))]!++;
  return { edges, counts, densities: counts.map((c) => c / (n * step)) };
}

/** The density on `points` equally spaced abscissae from `from` to `to` (non-finite values, e.g. at a pole, dropped). */
export function densityCurve(dist: Pick<Distribution, 'pdf'>, from: number, to: number, points = 120): [number, number][] {
  const curve: [number, number][] = [];
  for (let i = 0; i <= points; i++) {
    const x = from + ((to - from) * i) / points;
    const y = dist.pdf(x);
    if (Number.isFinite(y)) curve.push([x, y]);
  }
  return curve;
}

/** Q-Q points (theoretical quantile at (i - 0.5) / n, observed order statistic), thinned to at most `limit` points. */
export function qqPoints(sorted: readonly number[], dist: Pick<Distribution, 'quantile'>, limit = 200): [number, number][] {
  const n = sorted.length;
  const step = Math.max(1, Math.floor(n / limit));
  const points: [number, number][] = [];
  for (let i = 0; i < n; i += step) points.push([dist.quantile((i + 0.5) / n), sorted[i]!]);
  if ((n - 1) % step !== 0) points.push([dist.quantile((n - 0.5) / n), sorted[n - 1]!]);
  return points;
}

/** The families worth fitting for a target (the ones its station fields can hold come first). */
export function familiesFor(target: FitTarget): readonly FamilyName[] {
  return target === 'serviceTime'
    ? ['exponential', 'normal', 'lognormal', 'gamma', 'weibull', 'triangular', 'uniform']
    : target === 'failures'
      ? ['exponential', 'weibull', 'gamma', 'lognormal']
      : ['exponential', 'gamma', 'lognormal', 'weibull'];
}

export type ApplyResult = { params: StationParams } | { reason: string };

function mean(spec: DistributionSpec, fit: FamilyFit | undefined): number {
  return fit?.distribution.parameters.mean ?? (spec.dist === 'weibull' ? spec.scale * gammaFunction(1 + 1 / spec.shape) : NaN);
}

/**
 * The station's parameters with the chosen fit written into the target's fields, checked by the station schema; or why
 * it cannot be written (a failure model only takes exponential or Weibull with shape 1..10, a repair only exponential).
 */
export function applyFit(params: StationParams, target: FitTarget, choice: FitChoice, report: FitReport, stationId: string): ApplyResult {
  const fit = choice === 'empirical' ? undefined : report.fits.find((f) => f.family === choice);
  const spec: DistributionSpec | undefined = choice === 'empirical' ? report.empirical : fit?.spec;
  if (spec === undefined) return { reason: `${choice} was not fitted` };
  let next: StationParams;
  if (target === 'serviceTime') next = { ...params, serviceTime: spec };
  else if (target === 'failures') {
    if (spec.dist !== 'exponential' && spec.dist !== 'weibull') return { reason: 'failures are exponential or Weibull in the model' };
    const { wearShape: _old, ...rest } = params;
    if (spec.dist === 'weibull' && (spec.shape < 1 || spec.shape > 10)) {
      return { reason: `Weibull shape ${spec.shape.toFixed(3)} is outside the model's wear shapes 1 to 10` };
    }
    // The model takes failures and repairs together; inventing a repair time here would put a figure nobody measured in the model.
    if (params.mttr === undefined) return { reason: 'the model needs a repair time with failures: set mttr (or fit repair times) first' };
    next = { ...rest, mtbf: mean(spec, fit), ...(spec.dist === 'weibull' ? { wearShape: spec.shape } : {}) };
  } else {
    if (spec.dist !== 'exponential') return { reason: 'repair times are exponential in the model' };
    if (params.mtbf === undefined) return { reason: 'the model needs failures with a repair time: set mtbf (or fit times between failures) first' };
    next = { ...params, mttr: spec.mean };
  }
  const checked = stationSchema.safeParse({ id: stationId, ...next });
  if (!checked.success) return { reason: checked.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') };
  return { params: next };
}
