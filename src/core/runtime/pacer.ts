/**
 * Real-time pacing, outside the kernel (as SimPy's rt.py sits beside core.py): given a wall clock that the caller
 * injects, decides how far the simulation should advance on each tick so that simulated time runs at `speed` model time
 * units per wall-clock second, or as fast as possible within a wall-time budget per tick so that the host (a worker
 * answering messages, a UI thread) stays responsive.
 */
export interface PacerOptions {
  /** Wall clock in milliseconds (e.g. `() => performance.now()`). */
  clock: () => number;
  /** Longest wall time a paced run may fall behind before it stops trying to catch up (ms). */
  maxLagMs?: number;
}

export class Pacer {
  private speed = 1;
  private anchorWall = 0;
  private anchorSim = 0;
  private running = false;
  private readonly clock: () => number;
  private readonly maxLagMs: number;

  constructor(options: PacerOptions) {
    this.clock = options.clock;
    this.maxLagMs = options.maxLagMs ?? 250;
  }

  /** Model time units per wall second; Infinity runs as fast as possible. */
  get currentSpeed(): number {
    return this.speed;
  }

  get isRunning(): boolean {
    return this.running;
  }

  start(simNow: number): void {
    this.running = true;
    this.anchor(simNow);
  }

  pause(): void {
    this.running = false;
  }

  setSpeed(speed: number, simNow: number): void {
    if (!(speed > 0)) throw new RangeError(`speed must be positive, got ${speed}`);
    this.speed = speed;
    this.anchor(simNow);
  }

  /**
   * The simulated time to run until on this tick; `simNow` when paused. Paced runs re-anchor when they fall more than
   * `maxLagMs` behind (a slow model then runs as fast as it can instead of accumulating debt).
   */
  target(simNow: number): number {
    if (!this.running || this.speed === Infinity) return simNow;
    const wall = this.clock();
    const target = this.anchorSim + ((wall - this.anchorWall) / 1000) * this.speed;
    const lagMs = ((target - simNow) / this.speed) * 1000;
    if (lagMs > this.maxLagMs) {
      this.anchorWall = wall - this.maxLagMs;
      this.anchorSim = simNow;
      return simNow + (this.maxLagMs / 1000) * this.speed;
    }
    return Math.max(simNow, target);
  }

  private anchor(simNow: number): void {
    this.anchorWall = this.clock();
    this.anchorSim = simNow;
  }
}

/**
 * Runs `step` (which advances the simulation by one slice and returns false when there is nothing left) until `budgetMs`
 * of wall time is spent: "as fast as possible" without blocking the host for longer than the budget.
 */
export function runForBudget(clock: () => number, budgetMs: number, step: () => boolean): void {
  const deadline = clock() + budgetMs;
  while (clock() < deadline && step());
}
