/**
 * Control building blocks: a sampled PI(D) controller, SIMC tuning (Skogestad 2003, reference section 4), first-order-
 * plus-dead-time identification from a step test, and recursive least squares with forgetting for online identification.
 */

export interface PidTuning {
  /** Controller gain (output units per measurement unit). */
  kc: number;
  /** Integral time, h. */
  tauI: number;
  /** Derivative time, h (series form; 0 for PI). */
  tauD: number;
}

/**
 * Velocity-form PI(D) with output limits: integral windup cannot occur because the output itself is clamped. Derivative on
 * the measurement (no kick on setpoint changes). Reverse-acting processes use a negative gain.
 */
export class Pid {
  private lastError = NaN;
  private lastMeasurement = NaN;
  private lastMeasurement2 = NaN;

  constructor(
    public tuning: PidTuning,
    public output: number,
    public min: number,
    public max: number,
  ) {}

  /** One sample of period `dt` hours; returns the new output. */
  update(setpoint: number, measurement: number, dt: number): number {
    const error = setpoint - measurement;
    if (Number.isNaN(this.lastError)) {
      this.lastError = error;
      this.lastMeasurement = measurement;
      this.lastMeasurement2 = measurement;
      return this.output;
    }
    const { kc, tauI, tauD } = this.tuning;
    const derivative = tauD > 0 ? -(tauD / dt) * (measurement - 2 * this.lastMeasurement + this.lastMeasurement2) : 0;
    const change = kc * (error - this.lastError + (dt / tauI) * error + derivative);
    this.output = Math.min(this.max, Math.max(this.min, this.output + change));
    this.lastError = error;
    this.lastMeasurement2 = this.lastMeasurement;
    this.lastMeasurement = measurement;
    return this.output;
  }

  /** Bumpless hand-back from manual: the next update continues from `output`. */
  reset(output: number): void {
    this.output = Math.min(this.max, Math.max(this.min, output));
    this.lastError = NaN;
  }
}

/** First-order-plus-dead-time model: gain k, time constant tau1 (h), dead time theta (h). */
export interface Fopdt {
  k: number;
  tau1: number;
  theta: number;
}

/** SIMC PI tuning; `tauC` defaults to theta (the "tight" setting with gain margin 3.14, Ms 1.59). */
export function simcTuning(model: Fopdt, tauC = model.theta): PidTuning {
  const kc = (1 / model.k) * (model.tau1 / (tauC + model.theta));
  const tauI = Math.min(model.tau1, 4 * (tauC + model.theta));
  return { kc, tauI, tauD: 0 };
}

/** Lambda (IMC) PI tuning with closed-loop time constant `lambda`: the usual conservative factory setting. */
export function lambdaTuning(model: Fopdt, lambda: number): PidTuning {
  return { kc: model.tau1 / (model.k * (lambda + model.theta)), tauI: model.tau1, tauD: 0 };
}

/**
 * Fits an FOPDT model to a recorded open-loop step response by the two-point method (Smith: 28.3 % and 63.2 % of the
 * final change). `times` start at the step; `values` are the measured output (noise is smoothed by the caller).
 */
export function fitFopdt(times: readonly number[], values: readonly number[], inputStep: number): Fopdt {
  const y0 = values[0]!;
  // Final value: mean of the last fifth, which damps measurement noise.
  const tail = values.slice(Math.floor(values.length * 0.8));
  const yEnd = tail.reduce((a, b) => a + b, 0) / tail.length;
  const change = yEnd - y0;
  const crossing = (fraction: number): number => {
    const target = y0 + fraction * change;
    for (let i = 1; i < values.length; i++) {
      const before = values[i - 1]! - target;
      const after = values[i]! - target;
      if (before === 0) return times[i - 1]!;
      if (Math.sign(before) !== Math.sign(after)) {
        return times[i - 1]! + ((times[i]! - times[i - 1]!) * Math.abs(before)) / Math.abs(values[i]! - values[i - 1]!);
      }
    }
    return times.at(-1)!;
  };
  const t28 = crossing(0.283);
  const t63 = crossing(0.632);
  const tau1 = Math.max(1.5 * (t63 - t28), 1e-6);
  const theta = Math.max(t63 - tau1, 0);
  return { k: change / inputStep, tau1, theta };
}

/**
 * Recursive least squares with exponential forgetting, y = phi' theta. Fixed dimension, preallocated arrays, no
 * allocation per update (it runs every control sample).
 */
export class Rls {
  readonly theta: Float64Array;
  private readonly p: Float64Array;
  private readonly pPhi: Float64Array;
  updates = 0;

  constructor(
    readonly n: number,
    readonly forgetting: number,
    initialCovariance = 1e3,
  ) {
    this.theta = new Float64Array(n);
    this.p = new Float64Array(n * n);
    this.pPhi = new Float64Array(n);
    for (let i = 0; i < n; i++) this.p[i * n + i] = initialCovariance;
  }

  predict(phi: ArrayLike<number>): number {
    let y = 0;
    for (let i = 0; i < this.n; i++) y += phi[i]! * this.theta[i]!;
    return y;
  }

  update(phi: ArrayLike<number>, y: number): void {
    const { n, p, pPhi, theta } = this;
    let denominator = this.forgetting;
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < n; j++) s += p[i * n + j]! * phi[j]!;
      pPhi[i] = s;
      denominator += phi[i]! * s;
    }
    const error = y - this.predict(phi);
    for (let i = 0; i < n; i++) theta[i] = theta[i]! + (pPhi[i]! / denominator) * error;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) p[i * n + j] = (p[i * n + j]! - (pPhi[i]! * pPhi[j]!) / denominator) / this.forgetting;
    }
    // Covariance blow-up under forgetting without excitation: cap the diagonal (a standard safeguard).
    for (let i = 0; i < n; i++) if (p[i * n + i]! > 1e6) for (let j = 0; j < n; j++) p[i * n + j] = p[i * n + j]! * (1e6 / p[i * n + i]!);
    this.updates++;
  }
}
