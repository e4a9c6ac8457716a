/**
 * Small online learners used by the L3 controllers. Each starts with no knowledge and learns only from data the running
 * plant produced; none reads a plant parameter it could not observe.
 */
import { exp, log } from '../math/index.ts';

/** Recursive least squares on polynomial features [1, x, x^2, x^3] with a forgetting factor of 1 (all data counts). */
export class PolynomialRls {
  private readonly p: Float64Array;
  readonly theta = new Float64Array(4);
  private readonly phi = new Float64Array(4);
  private readonly pphi = new Float64Array(4);
  count = 0;
  /** Running mean of squared residuals (before the update): the model's own error estimate. */
  residualVar = 1;

  constructor(prior = 100) {
    this.p = new Float64Array(16);
    for (let i = 0; i < 4; i++) this.p[i * 5] = prior;
  }

  predict(x: number): number {
    return this.theta[0]! + x * (this.theta[1]! + x * (this.theta[2]! + x * this.theta[3]!));
  }

  update(x: number, y: number): void {
    const phi = this.phi;
    phi[0] = 1;
    phi[1] = x;
    phi[2] = x * x;
    phi[3] = x * x * x;
    const err = y - this.predict(x);
    this.count++;
    this.residualVar += (err * err - this.residualVar) / Math.min(this.count, 200);
    let denom = 1;
    for (let i = 0; i < 4; i++) {
      let s = 0;
      for (let j = 0; j < 4; j++) s += this.p[i * 4 + j]! * phi[j]!;
      this.pphi[i] = s;
      denom += phi[i]! * s;
    }
    for (let i = 0; i < 4; i++) this.theta[i] = this.theta[i]! + (this.pphi[i]! / denom) * err;
    for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) this.p[i * 4 + j] = this.p[i * 4 + j]! - (this.pphi[i]! * this.pphi[j]!) / denom;
  }
}

/** Holt's linear exponential smoothing of a daily series: level and trend, with a running absolute error. */
export class HoltForecast {
  level = NaN;
  trend = 0;
  absError = NaN;
  observations = 0;
  constructor(
    private readonly alpha = 0.3,
    private readonly beta = 0.1,
  ) {}

  observe(value: number): void {
    this.observations++;
    if (Number.isNaN(this.level)) {
      this.level = value;
      this.absError = value * 0.5;
      return;
    }
    const forecast = this.level + this.trend;
    this.absError += 0.2 * (Math.abs(value - forecast) - this.absError);
    const level = this.alpha * value + (1 - this.alpha) * forecast;
    this.trend = this.beta * (level - this.level) + (1 - this.beta) * this.trend;
    this.level = level;
  }

  /** Forecast per period, h periods ahead (average over 1..h). */
  perPeriod(h: number): number {
    return Math.max(0, this.level + (this.trend * (h + 1)) / 2);
  }
}

/** UCB1 over a few arms with rewards scaled to about [0, 1] by the caller. */
export class Ucb1 {
  readonly counts: number[];
  readonly means: number[];
  private total = 0;
  constructor(
    readonly arms: number,
    private readonly exploration = 0.5,
  ) {
    this.counts = new Array<number>(arms).fill(0);
    this.means = new Array<number>(arms).fill(0);
  }

  choose(): number {
    for (let a = 0; a < this.arms; a++) if (this.counts[a] === 0) return a;
    let best = 0;
    let bestValue = -Infinity;
    for (let a = 0; a < this.arms; a++) {
      const v = this.means[a]! + this.exploration * Math.sqrt((2 * log(this.total)) / this.counts[a]!);
      if (v > bestValue) {
        bestValue = v;
        best = a;
      }
    }
    return best;
  }

  reward(arm: number, value: number): void {
    this.total++;
    this.counts[arm]!++;
    this.means[arm]! += (value - this.means[arm]!) / this.counts[arm]!;
  }

  /** The arm with the best mean so far. */
  get best(): number {
    let best = 0;
    for (let a = 1; a < this.arms; a++) if (this.counts[a]! > 0 && this.means[a]! > this.means[best]!) best = a;
    return best;
  }
}

/**
 * Gaussian-process regression with a squared-exponential kernel over 2-D points, and expected improvement on a grid:
 * the Bayesian optimiser of new-product introduction. Small (tens of points), so the O(n^3) solve is cheap.
 */
export class GaussianProcess2D {
  private readonly xs: [number, number][] = [];
  private readonly ys: number[] = [];
  private alpha: Float64Array = new Float64Array(0);
  private chol: Float64Array = new Float64Array(0);

  constructor(
    private readonly lengthScale: number,
    private readonly signalVar: number,
    private readonly noiseVar: number,
    /** Prior mean function: what is believed before any trial (learned across variants by the caller). */
    private readonly priorMean: (x: number, y: number) => number,
  ) {}

  get size(): number {
    return this.xs.length;
  }

  add(x: [number, number], y: number): void {
    this.xs.push(x);
    this.ys.push(y);
    this.refit();
  }

  private k(a: readonly [number, number], b: readonly [number, number]): number {
    const dx = a[0] - b[0];
    const dy = a[1] - b[1];
    return this.signalVar * exp(-(dx * dx + dy * dy) / (2 * this.lengthScale * this.lengthScale));
  }

  private refit(): void {
    const n = this.xs.length;
    const L = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j <= i; j++) {
        let s = this.k(this.xs[i]!, this.xs[j]!) + (i === j ? this.noiseVar : 0);
        for (let q = 0; q < j; q++) s -= L[i * n + q]! * L[j * n + q]!;
        L[i * n + j] = i === j ? Math.sqrt(Math.max(s, 1e-12)) : s / L[j * n + j]!;
      }
    }
    const r = this.ys.map((y, i) => y - this.priorMean(this.xs[i]![0], this.xs[i]![1]));
    const z = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let s = r[i]!;
      for (let q = 0; q < i; q++) s -= L[i * n + q]! * z[q]!;
      z[i] = s / L[i * n + i]!;
    }
    const a = new Float64Array(n);
    for (let i = n - 1; i >= 0; i--) {
      let s = z[i]!;
      for (let q = i + 1; q < n; q++) s -= L[q * n + i]! * a[q]!;
      a[i] = s / L[i * n + i]!;
    }
    this.chol = L;
    this.alpha = a;
  }

  predict(x: [number, number]): { mean: number; sd: number } {
    const n = this.xs.length;
    let mean = this.priorMean(x[0], x[1]);
    const kv = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      kv[i] = this.k(x, this.xs[i]!);
      mean += kv[i]! * this.alpha[i]!;
    }
    const v = new Float64Array(n);
    let varReduction = 0;
    for (let i = 0; i < n; i++) {
      let s = kv[i]!;
      for (let q = 0; q < i; q++) s -= this.chol[i * n + q]! * v[q]!;
      v[i] = s / this.chol[i * n + i]!;
      varReduction += v[i]! * v[i]!;
    }
    return { mean, sd: Math.sqrt(Math.max(this.signalVar - varReduction, 1e-12)) };
  }
}

/** Expected improvement of a normal prediction over the incumbent `best` (maximisation). */
export function expectedImprovement(mean: number, sd: number, best: number): number {
  const z = (mean - best) / sd;
  return (mean - best) * normalCdf(z) + (sd * exp(-0.5 * z * z)) / Math.sqrt(2 * Math.PI);
}

function normalCdf(z: number): number {
  // Abramowitz-Stegun 7.1.26 on erf; ample for an acquisition function.
  const t = 1 / (1 + 0.3275911 * (Math.abs(z) / Math.SQRT2));
  const y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * exp(-(z * z) / 2);
  return z >= 0 ? 0.5 * (1 + y) : 0.5 * (1 - y);
}
