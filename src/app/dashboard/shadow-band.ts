/**
 * The pure parts of the KPI chart in Shadow mode (`KpiChart.tsx`): the series of this shift's realised output as it
 * arrives, and the extent of the forecast bands drawn beside it, so the chart's scales hold both.
 */
import type { ShadowLive } from '../connect/shadow-state.ts';

/** A forecast as the chart draws it: the band spans [at, until] at the 95 % interval of the value at `until`. */
export interface BandForecast {
  at: number;
  until: number;
  mean: number;
  ci95: readonly [number, number];
  realised: number | null;
  /** The forecast's kpi where known: only a shift's output is drawn (a `dayOutput` forecast spans 24 h, not a shift). */
  kpi?: string;
}

/** True when a forecast can be drawn (a shift-output forecast, every coordinate finite, a band of positive width). */
export function drawable(f: BandForecast): boolean {
  return (
    (f.kpi === undefined || f.kpi === 'shiftOutput') &&
    Number.isFinite(f.at) &&
    Number.isFinite(f.until) &&
    f.until > f.at &&
    Number.isFinite(f.mean) &&
    Number.isFinite(f.ci95[0]) &&
    Number.isFinite(f.ci95[1])
  );
}

/**
 * The largest value and the latest shift end of the drawable forecasts that end at or after `fromX` (the chart's left
 * edge), so the y scale holds the bands and realised ends and the x scale reaches the current shift's end.
 */
export function bandExtent(forecasts: readonly BandForecast[], fromX: number): { maxY: number; maxX: number } {
  let maxY = -Infinity;
  let maxX = -Infinity;
  for (const f of forecasts) {
    if (!drawable(f) || f.until < fromX) continue;
    maxY = Math.max(maxY, f.ci95[1], f.realised ?? -Infinity);
    maxX = Math.max(maxX, f.until);
  }
  return { maxY, maxX };
}

/**
 * This shift's output over plant time, bounded to `capacity` points: a point is added once the plant has moved on by
 * `capacity / shiftsShown` of a shift, so the chart covers about `shiftsShown` shifts whatever the plant's speed; a gap
 * (null) separates shifts, so the drop to zero at a shift change is not drawn as a line, and a shift whose start the
 * twin did not see is a gap too. The arrays are uPlot's data and grow in place.
 */
export class ShiftSeries {
  readonly xs: number[] = [];
  readonly ys: (number | null)[] = [];
  private readonly capacity: number;
  private readonly shiftsShown: number;
  private lastShift = -1;
  private shiftLength = NaN;

  constructor(capacity = 600, shiftsShown = 4) {
    this.capacity = capacity;
    this.shiftsShown = shiftsShown;
  }

  /** Adds the state's newest report if it is due; true when the series changed. */
  add(state: Pick<ShadowLive, 'time' | 'shiftLength' | 'shift' | 'soFar'>): boolean {
    const { time, shiftLength, shift, soFar } = state;
    if (!Number.isFinite(time) || !(shiftLength > 0)) return false;
    const n = this.xs.length;
    const lastX = n > 0 ? this.xs[n - 1]! : -Infinity;
    const newShift = shift !== this.lastShift;
    if (time <= lastX || (!newShift && time < lastX + (shiftLength * this.shiftsShown) / this.capacity)) return false;
    if (newShift && n > 0) {
      const boundary = shift * shiftLength;
      this.xs.push(boundary > lastX && boundary < time ? boundary : (lastX + time) / 2);
      this.ys.push(null);
    }
    this.lastShift = shift;
    this.shiftLength = shiftLength;
    this.xs.push(time);
    this.ys.push(Number.isFinite(soFar) ? soFar : null);
    if (this.xs.length > this.capacity) {
      this.xs.splice(0, this.xs.length - this.capacity);
      this.ys.splice(0, this.ys.length - this.capacity);
    }
    return true;
  }

  /**
   * The chart's left edge: `shiftsShown` shifts before the newest point (at high speed the points, thinned by plant
   * time, reach further back than that), or the first point.
   */
  windowStart(): number {
    const n = this.xs.length;
    if (n === 0) return 0;
    return this.shiftLength > 0 ? Math.max(this.xs[0]!, this.xs[n - 1]! - this.shiftsShown * this.shiftLength) : this.xs[0]!;
  }

  /** The largest value at or after `fromX`, or -Infinity. */
  maxFrom(fromX: number): number {
    let max = -Infinity;
    for (let i = this.xs.length - 1; i >= 0 && this.xs[i]! >= fromX; i--) {
      const y = this.ys[i];
      if (y !== null && y !== undefined && y > max) max = y;
    }
    return max;
  }

  /** Points with a value (the realised output drawn so far). */
  realisedPoints(): number {
    let k = 0;
    for (const y of this.ys) if (y !== null) k++;
    return k;
  }
}
