/**
 * The learned dispatcher: a small priority network scores each operation of the conflict set from hand-made features;
 * dispatching picks the highest score (greedy) or samples softmax(scores) while training (see `train.ts`).
 *
 * Network: features (F) -> tanh hidden layer (H) -> one score. A few hundred weights, stored as JSON
 * (`dispatcher-weights.json`); one decision costs |conflict| * F * H multiply-adds, microseconds, so it can dispatch live.
 */
import type { JobShopInstance } from './instance.ts';
import { dispatch, type Chooser, type DispatchResult, type DispatchState, type GenerationScheme } from './dispatch.ts';
import { tanh } from '../math/index.ts';

export const FEATURE_NAMES = [
  'p', // processing time of the operation / mean duration of the instance
  'work-left', // work left in the job incl. this operation / (mean duration * m)
  'ops-left', // fraction of the job's operations left
  'waited', // time the job has waited for this machine / mean duration
  'work-after', // work left after this operation / (mean duration * m)
  'job-bound', // (start + work left) / current lower bound of the makespan
  'next-wait', // how long the job's next machine stays busy after this operation ends / mean duration
  'next-backlog', // work left on the job's next machine / (mean duration * n)
  'machine-backlog', // work left on this machine / (mean duration * n)
  'p-rel', // p relative to the mean p of the conflict set
  'work-rank', // rank of work-left in the conflict set, 0 = most
  'p-rank', // rank of p in the conflict set, 0 = shortest
  'conflict-size', // |conflict| / n
  'progress', // fraction of operations dispatched
] as const;
export const FEATURE_COUNT = FEATURE_NAMES.length;

export interface DispatcherWeights {
  readonly format: 'fabtwin-dispatcher/1';
  readonly scheme: GenerationScheme;
  readonly features: readonly string[];
  readonly hidden: number;
  /** hidden x features, row-major. */
  readonly w1: readonly number[];
  readonly b1: readonly number[];
  readonly w2: readonly number[];
  /** Free-form provenance: seed, command, instances, iterations. */
  readonly meta?: Record<string, unknown>;
}

/** Checks the shape of weights read from JSON; throws naming the problem. */
export function checkWeights(value: unknown, source = 'weights'): DispatcherWeights {
  const w = value as Partial<DispatcherWeights>;
  const fail = (what: string): never => {
    throw new Error(`${source}: invalid dispatcher weights: ${what}`);
  };
  if (typeof w !== 'object' || w === null) fail('expected an object');
  if (w.format !== 'fabtwin-dispatcher/1') fail(`expected format "fabtwin-dispatcher/1", got ${JSON.stringify(w.format)}`);
  if (w.scheme !== 'active' && w.scheme !== 'non-delay') fail('scheme must be "active" or "non-delay"');
  if (!Array.isArray(w.features) || w.features.join() !== FEATURE_NAMES.join()) fail(`features must be [${FEATURE_NAMES.join(', ')}]`);
  const h = w.hidden;
  if (typeof h !== 'number' || !Number.isInteger(h) || h < 1) fail('hidden must be a positive integer');
  const vec = (name: 'w1' | 'b1' | 'w2', len: number) => {
    const v = w[name];
    if (!Array.isArray(v) || v.length !== len || !v.every((x) => typeof x === 'number' && Number.isFinite(x))) fail(`${name} must hold ${len} finite numbers`);
  };
  vec('w1', h! * FEATURE_COUNT);
  vec('b1', h!);
  vec('w2', h!);
  return w as DispatcherWeights;
}

/** Feature extraction, shared by inference and training so they can never disagree. */
export class FeatureExtractor {
  private readonly pMean: number;
  constructor(private readonly instance: JobShopInstance) {
    let sum = 0;
    for (const row of instance.duration) for (const p of row) sum += p;
    this.pMean = Math.max(sum / (instance.jobs * instance.machines), 1e-9);
  }

  /** Writes the features of every job in `conflict` into out[i * F ...]. */
  extract(state: DispatchState, conflict: readonly number[], out: Float64Array): void {
    const inst = this.instance;
    const n = inst.jobs;
    const m = inst.machines;
    const pm = this.pMean;
    let bound = 0;
    for (let j = 0; j < n; j++) {
      const b = state.jobNext[j]! < m ? Math.max(state.jobReady[j]!, 0) + state.remainingWork[j]! : state.jobReady[j]!;
      if (b > bound) bound = b;
    }
    for (let mach = 0; mach < m; mach++) {
      const b = state.machineReady[mach]! + state.machineRemainingWork[mach]!;
      if (b > bound) bound = b;
    }
    bound = Math.max(bound, 1e-9);
    let pSum = 0;
    for (const j of conflict) pSum += inst.duration[j]![state.jobNext[j]!]!;
    const pConflictMean = Math.max(pSum / conflict.length, 1e-9);
    const c = conflict.length;
    for (let i = 0; i < c; i++) {
      const j = conflict[i]!;
      const k = state.jobNext[j]!;
      const p = inst.duration[j]![k]!;
      const start = state.earliestStart[j]!;
      const work = state.remainingWork[j]!;
      let workRank = 0;
      let pRank = 0;
      for (const other of conflict) {
        if (other === j) continue;
        if (state.remainingWork[other]! > work) workRank++;
        if (inst.duration[other]![state.jobNext[other]!]! < p) pRank++;
      }
      let nextWait = 0;
      let nextBacklog = 0;
      if (k + 1 < m) {
        const next = inst.machine[j]![k + 1]!;
        nextWait = (state.machineReady[next]! - (start + p)) / pm;
        nextBacklog = state.machineRemainingWork[next]! / (pm * n);
      }
      const o = i * FEATURE_COUNT;
      out[o] = p / pm;
      out[o + 1] = work / (pm * m);
      out[o + 2] = (m - k) / m;
      out[o + 3] = (start - state.jobReady[j]!) / pm;
      out[o + 4] = (work - p) / (pm * m);
      out[o + 5] = (start + work) / bound;
      out[o + 6] = Math.max(-5, Math.min(5, nextWait));
      out[o + 7] = nextBacklog;
      out[o + 8] = state.machineRemainingWork[state.machine]! / (pm * n);
      out[o + 9] = p / pConflictMean - 1;
      out[o + 10] = c > 1 ? workRank / (c - 1) : 0;
      out[o + 11] = c > 1 ? pRank / (c - 1) : 0;
      out[o + 12] = c / n;
      out[o + 13] = state.step / (n * m);
    }
  }
}

/** Scores of the candidates whose features are in `x` (count rows); `hiddenOut`, when given, receives activations. */
export function scoreCandidates(
  weights: Pick<DispatcherWeights, 'hidden' | 'w1' | 'b1' | 'w2'>,
  x: Float64Array,
  count: number,
  scores: Float64Array,
  hiddenOut?: Float64Array,
): void {
  const H = weights.hidden;
  const { w1, b1, w2 } = weights;
  for (let i = 0; i < count; i++) {
    const xo = i * FEATURE_COUNT;
    let s = 0;
    for (let h = 0; h < H; h++) {
      let a = b1[h]!;
      const wo = h * FEATURE_COUNT;
      for (let f = 0; f < FEATURE_COUNT; f++) a += w1[wo + f]! * x[xo + f]!;
      const t = tanh(a);
      if (hiddenOut) hiddenOut[i * H + h] = t;
      s += w2[h]! * t;
    }
    scores[i] = s;
  }
}

/** The greedy learned chooser: highest score, ties to the lower job index. */
export function learnedChooser(instance: JobShopInstance, weights: DispatcherWeights): Chooser {
  const extractor = new FeatureExtractor(instance);
  const x = new Float64Array(instance.jobs * FEATURE_COUNT);
  const scores = new Float64Array(instance.jobs);
  return (state, conflict) => {
    extractor.extract(state, conflict, x);
    scoreCandidates(weights, x, conflict.length, scores);
    let best = 0;
    for (let i = 1; i < conflict.length; i++) if (scores[i]! > scores[best]!) best = i;
    return conflict[best]!;
  };
}

/** One greedy pass of the learned dispatcher. */
export function runLearned(instance: JobShopInstance, weights: DispatcherWeights, release?: readonly number[]): DispatchResult {
  return dispatch(instance, learnedChooser(instance, weights), { scheme: weights.scheme, ...(release ? { release } : {}) });
}
