/**
 * Kim and Nelson's fully sequential ranking-and-selection procedure KN (Kim and Nelson 2001, "A fully sequential procedure
 * for indifference-zone selection in simulation", ACM TOMACS 11(3)): selects the system with the largest mean so that,
 * when the best is at least `delta` better than every other, it is the one selected with probability at least
 * `confidence`. Valid with common random numbers: the procedure uses the variance of pairwise differences, so systems are
 * sampled at the same replication index (same seed) throughout.
 *
 * First stage n0 replications of every system; then, with eta = ((2 alpha / (k - 1))^(-2 / (n0 - 1)) - 1) / 2 and
 * h^2 = 2 eta (n0 - 1), after r replications system i is eliminated when its mean falls below another's by more than
 * W_il(r) = max(0, delta / (2 r) (h^2 S_il^2 / delta^2 - r)), S_il^2 the first-stage variance of X_i - X_l. One more
 * replication of the survivors per round, until one is left (or `maxReplications`, when the largest mean is taken and
 * the guarantee no longer holds: the result says so).
 */
import { pow } from '../math/index.ts';

export interface SelectionOptions {
  /** The indifference zone: differences smaller than this are not worth telling apart. */
  delta: number;
  /** 1 - alpha; e.g. 0.95. */
  confidence: number;
  /** First-stage replications n0 (>= 2). */
  firstStage: number;
  /** A cap on replications per system; reaching it ends the procedure without its guarantee. */
  maxReplications: number;
}

export interface SelectionResult {
  /** Index of the selected system. */
  selected: number;
  /** Replications each system received. */
  replications: number[];
  /** Sample means over each system's replications. */
  means: number[];
  /** Every sample, per system (for confidence intervals). */
  samples: number[][];
  /** True when the procedure ended by elimination (the PCS guarantee holds), false when it hit the cap. */
  guaranteed: boolean;
  /** The round at which each system was eliminated (Infinity for the selected one). */
  eliminatedAt: number[];
}

/** The replications the procedure asks for next: replication `replication` of each listed system. */
export interface SelectionRequest {
  systems: number[];
  replication: number;
}

/**
 * KN as a step-by-step procedure: it yields which systems need which replication next and is resumed with their
 * values (larger is better), in the order asked; so the replications of one round can run in parallel. Every survivor
 * is asked for the same replication index in a round, which is where common random numbers come in.
 */
export function* kimNelsonSteps(systems: number, options: SelectionOptions): Generator<SelectionRequest, SelectionResult, number[]> {
  const { delta, confidence, firstStage: n0, maxReplications } = options;
  if (!(delta > 0)) throw new RangeError(`indifference zone must be positive, got ${delta}`);
  if (!(confidence > 0 && confidence < 1)) throw new RangeError(`confidence must be in (0, 1), got ${confidence}`);
  if (!Number.isInteger(n0) || n0 < 2) throw new RangeError(`first stage must be an integer >= 2, got ${n0}`);
  const samples: number[][] = Array.from({ length: systems }, () => []);
  const eliminatedAt = new Array<number>(systems).fill(Infinity);
  const all = Array.from({ length: systems }, (_, i) => i);
  for (let r = 0; r < n0; r++) {
    const values = yield { systems: all, replication: r };
    all.forEach((i, j) => samples[i]!.push(values[j]!));
  }
  if (systems === 1) {
    return { selected: 0, replications: [n0], means: [mean(samples[0]!)], samples, guaranteed: true, eliminatedAt };
  }
  const alpha = 1 - confidence;
  const eta = 0.5 * (pow((2 * alpha) / (systems - 1), -2 / (n0 - 1)) - 1);
  const h2 = 2 * eta * (n0 - 1);
  // First-stage variances of pairwise differences.
  const s2 = Array.from({ length: systems }, (_, i) =>
    Array.from({ length: systems }, (_, l) => {
      if (i === l) return 0;
      const d = samples[i]!.map((x, r) => x - samples[l]![r]!);
      const m = mean(d);
      return d.reduce((a, x) => a + (x - m) * (x - m), 0) / (n0 - 1);
    }),
  );
  let alive = all.slice();
  const sums = samples.map((s) => s.reduce((a, b) => a + b, 0));
  let r = n0;
  let guaranteed = true;
  for (;;) {
    const survivors = alive.filter((i) =>
      alive.every((l) => {
        if (l === i) return true;
        const w = Math.max(0, (delta / (2 * r)) * ((h2 * s2[i]![l]!) / (delta * delta) - r));
        return sums[i]! / r >= sums[l]! / r - w;
      }),
    );
    for (const i of alive) if (!survivors.includes(i)) eliminatedAt[i] = r;
    alive = survivors;
    if (alive.length <= 1) break;
    if (r >= maxReplications) {
      guaranteed = false;
      break;
    }
    const values = yield { systems: alive.slice(), replication: r };
    alive.forEach((i, j) => {
      samples[i]!.push(values[j]!);
      sums[i]! += values[j]!;
    });
    r++;
  }
  // Ties at the cap (or all eliminated in the same round, which needs exact ties): the largest mean, lowest index.
  const pool = alive.length > 0 ? alive : all;
  let selected = pool[0]!;
  for (const i of pool) if (sums[i]! / samples[i]!.length > sums[selected]! / samples[selected]!.length) selected = i;
  eliminatedAt[selected] = Infinity;
  return { selected, replications: samples.map((s) => s.length), means: samples.map(mean), samples, guaranteed, eliminatedAt };
}

/** KN with a synchronous sampler: `sample(i, r)` returns replication r (0-based) of system i; larger is better. */
export function kimNelson(systems: number, sample: (system: number, replication: number) => number, options: SelectionOptions): SelectionResult {
  const steps = kimNelsonSteps(systems, options);
  let next = steps.next();
  while (!next.done) {
    const { systems: asked, replication } = next.value;
    next = steps.next(asked.map((i) => sample(i, replication)));
  }
  return next.value;
}

function mean(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}
