/**
 * Observation statistics (count, mean, variance, min, max) by Welford's update: one pass, numerically stable, O(1) memory.
 */
export class Tally {
  private n = 0;
  private mu = 0;
  private m2 = 0;
  private lo = Infinity;
  private hi = -Infinity;

  add(x: number): void {
    this.n++;
    const delta = x - this.mu;
    this.mu += delta / this.n;
    this.m2 += delta * (x - this.mu);
    if (x < this.lo) this.lo = x;
    if (x > this.hi) this.hi = x;
  }

  reset(): void {
    this.n = 0;
    this.mu = 0;
    this.m2 = 0;
    this.lo = Infinity;
    this.hi = -Infinity;
  }

  get count(): number {
    return this.n;
  }
  /** NaN when empty. */
  get mean(): number {
    return this.n > 0 ? this.mu : NaN;
  }
  /** Sample variance (n - 1 in the denominator); NaN with fewer than two observations. */
  get variance(): number {
    return this.n > 1 ? this.m2 / (this.n - 1) : NaN;
  }
  get sd(): number {
    return Math.sqrt(this.variance);
  }
  get min(): number {
    return this.lo;
  }
  get max(): number {
    return this.hi;
  }
}

/**
 * Time-weighted statistics of a piecewise-constant quantity (queue length, WIP, busy servers, power draw): the value is
 * held from one change to the next and integrated lazily, `(t - lastTime) * lastValue`, as JaamSim's TimeBasedStatistics do.
 */
export class TimeWeighted {
  private value: number;
  private lastTime: number;
  private startTime: number;
  private area = 0;
  private areaSquares = 0;
  private lo: number;
  private hi: number;

  constructor(initialValue = 0, startTime = 0) {
    this.value = initialValue;
    this.lastTime = startTime;
    this.startTime = startTime;
    this.lo = initialValue;
    this.hi = initialValue;
  }

  /** Records that the quantity becomes `value` at time `time` (times must not decrease). */
  set(time: number, value: number): void {
    const dt = time - this.lastTime;
    this.area += dt * this.value;
    this.areaSquares += dt * this.value * this.value;
    this.lastTime = time;
    this.value = value;
    if (value < this.lo) this.lo = value;
    if (value > this.hi) this.hi = value;
  }

  /** Adds `delta` to the quantity at `time`. */
  add(time: number, delta: number): void {
    this.set(time, this.value + delta);
  }

  /** Forgets the history before `time` (end of a warm-up period), keeping the current value. */
  reset(time: number): void {
    this.lastTime = time;
    this.startTime = time;
    this.area = 0;
    this.areaSquares = 0;
    this.lo = this.value;
    this.hi = this.value;
  }

  get current(): number {
    return this.value;
  }
  get min(): number {
    return this.lo;
  }
  get max(): number {
    return this.hi;
  }

  /** Integral of the quantity from the start (or last reset) to `time`. */
  integral(time: number): number {
    return this.area + (time - this.lastTime) * this.value;
  }

  /** Time average over [start, time]; the current value when no time has passed. */
  mean(time: number): number {
    const span = time - this.startTime;
    return span > 0 ? this.integral(time) / span : this.value;
  }

  /** Time-weighted variance over [start, time]. */
  variance(time: number): number {
    const span = time - this.startTime;
    if (!(span > 0)) return 0;
    const mean = this.integral(time) / span;
    const meanSquare = (this.areaSquares + (time - this.lastTime) * this.value * this.value) / span;
    return Math.max(0, meanSquare - mean * mean);
  }
}
