/**
 * The learning maintenance planner of a flow line's L3: when to maintain a wearing station before it fails (an
 * age-replacement policy), learned from the lives the station has lived so far. Failures are complete lives;
 * maintenances cut a life short, so they are censored observations. The planner fits a Weibull life model to them
 * by maximum likelihood (censoring included) and picks the age that minimises the long-run share of time down,
 *
 *   D(T) = (r F(T) + p S(T)) / (integral_0^T S(u) du + r F(T) + p S(T)),
 *
 * with r the mean repair time seen so far, p the mean maintenance time, S = 1 - F from the fitted model. A fitted
 * shape of about 1 or less means failures do not come from wear: maintenance cannot pay and the station runs to
 * failure, as at L2. It also runs to failure until it has seen `minFailures` failures, and when the best age promises
 * less than `margin` of improvement (fitting a model instead of minimising over the raw survival curve keeps the
 * optimiser from chasing noise in a few lives).
 */
import { exp, log, pow } from '../math/index.ts';

export class AgeReplacementLearner {
  private readonly ages: number[] = [];
  private readonly failed: boolean[] = [];
  private failures = 0;
  private repairTotal = 0;
  /** The last fit, for views and tests: Weibull shape and scale, NaN before the first. */
  shape = NaN;
  scale = NaN;

  /**
   * @param pmTime mean duration of a preventive maintenance (the model's, as a planner would know it)
   * @param minFailures failures to see before the first maintenance is planned (until then it runs to failure, as L2)
   * @param margin relative improvement over running to failure that a maintenance age must promise
   */
  constructor(
    readonly pmTime: number,
    readonly minFailures = 4,
    readonly margin = 0.03,
  ) {}

  observeFailure(age: number, repairTime: number): void {
    this.ages.push(age);
    this.failed.push(true);
    this.failures++;
    this.repairTotal += repairTime;
  }

  observeMaintenance(age: number): void {
    this.ages.push(age);
    this.failed.push(false);
  }

  /** Lives seen so far (failures and maintenances). */
  get observations(): number {
    return this.ages.length;
  }

  /** The age at which to maintain, or Infinity to run to failure (nothing learned yet, or maintenance does not pay). */
  replacementAge(): number {
    if (this.failures < this.minFailures) return Infinity;
    if (!this.fit() || this.shape <= 1.05) return Infinity;
    const r = this.repairTotal / this.failures;
    const p = this.pmTime;
    const k = this.shape;
    const lambda = this.scale;
    const survival = (t: number) => exp(-pow(t / lambda, k));
    // Mean life of the fitted model, by the same integration as below taken far into the tail.
    const horizon = lambda * 4;
    const steps = 400;
    const h = horizon / steps;
    let area = 0;
    let previous = 1;
    let bestAge = Infinity;
    let bestShare = Infinity;
    for (let i = 1; i <= steps; i++) {
      const t = i * h;
      const s = survival(t);
      area += ((previous + s) / 2) * h; // trapezoid: S is smooth and the grid fine
      previous = s;
      const share = (r * (1 - s) + p * s) / (area + r * (1 - s) + p * s);
      if (share < bestShare) {
        bestShare = share;
        bestAge = t;
      }
    }
    const runToFailure = r / (area + r);
    return bestShare < runToFailure * (1 - this.margin) ? bestAge : Infinity;
  }

  /**
   * Weibull maximum likelihood with right-censoring: the shape solves
   *   sum_all t^k ln t / sum_all t^k - 1/k - mean_failures(ln t) = 0
   * (Newton's method from k = 1, the left side rising in k), then scale^k = sum_all t^k / failures. False when it
   * does not converge.
   */
  private fit(): boolean {
    const ages = this.ages;
    const n = ages.length;
    let meanLogFailure = 0;
    for (let i = 0; i < n; i++) if (this.failed[i]) meanLogFailure += log(ages[i]!);
    meanLogFailure /= this.failures;
    let k = Number.isFinite(this.shape) ? this.shape : 1;
    for (let iteration = 0; iteration < 50; iteration++) {
      let a = 0; // sum t^k
      let b = 0; // sum t^k ln t
      let c = 0; // sum t^k (ln t)^2
      for (let i = 0; i < n; i++) {
        const lt = log(ages[i]!);
        const tk = exp(k * lt);
        a += tk;
        b += tk * lt;
        c += tk * lt * lt;
      }
      const g = b / a - 1 / k - meanLogFailure;
      const slope = (c * a - b * b) / (a * a) + 1 / (k * k);
      const next = Math.min(20, Math.max(0.05, k - g / slope));
      const done = Math.abs(next - k) < 1e-9 * k;
      k = next;
      if (done) {
        let sum = 0;
        for (let i = 0; i < n; i++) sum += pow(ages[i]!, k);
        this.shape = k;
        this.scale = pow(sum / this.failures, 1 / k);
        return true;
      }
    }
    return false;
  }
}
