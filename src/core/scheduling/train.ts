/**
 * Training of the learned dispatcher by REINFORCE with a shared baseline (the POMO / self-critical idea): every training
 * instance is dispatched K times by sampling the policy softmax(scores); the advantage of a rollout is how much shorter
 * its makespan is than the mean of its K siblings, relative to that mean, so no value network is needed and the signal
 * is scale-free across instance sizes. Adam on the summed log-likelihood gradients.
 *
 * Pure and deterministic per seed (instances and sampling draw from named streams): `npm run train:dispatcher` runs it
 * and writes the weights and the curve.
 */
import { createStream, type Rng } from '../random/stream.ts';
import type { JobShopInstance } from './instance.ts';
import { dispatch, type GenerationScheme } from './dispatch.ts';
import { FEATURE_COUNT, FEATURE_NAMES, FeatureExtractor, runLearned, scoreCandidates, type DispatcherWeights } from './learned.ts';
import { randomInstance } from './generator.ts';
import { lowerBounds } from './bounds.ts';
import { runRule } from './rules.ts';
import { exp, pow } from '../math/index.ts';

export interface TrainOptions {
  seed: number;
  iterations: number;
  /** Instances per update (default 8). */
  batch?: number;
  /** Rollouts per instance (default 8). */
  samples?: number;
  hidden?: number;
  learningRate?: number;
  scheme?: GenerationScheme;
  /** Training sizes [jobs, machines], one drawn per instance (default 10x10, 15x10, 15x15, 20x15, 20x20). */
  sizes?: readonly (readonly [number, number])[];
  /** Validation every this many iterations (default 20). */
  evalEvery?: number;
  /** Validation instances (default 32 generated 15x15 instances from a separate stream). */
  validation?: readonly JobShopInstance[];
}

export interface CurvePoint {
  iteration: number;
  /** Mean sampled makespan / lower bound of the last batch. */
  trainRatio: number;
  /** Mean gap (%) of the greedy policy to the lower bound on the validation set. */
  validationGap: number;
  /** Same for MWKR, the best single rule, as a fixed yardstick. */
  mwkrGap: number;
  /** Same for SPT, the simplest rule (a short run must beat it). */
  sptGap: number;
}

export interface TrainResult {
  /** The weights with the best validation gap seen. */
  weights: DispatcherWeights;
  curve: CurvePoint[];
}

class Adam {
  private readonly m: Float64Array;
  private readonly v: Float64Array;
  private t = 0;
  constructor(
    size: number,
    private readonly lr: number,
  ) {
    this.m = new Float64Array(size);
    this.v = new Float64Array(size);
  }
  /** Gradient ascent step on params. */
  step(params: Float64Array, grad: Float64Array): void {
    this.t++;
    const b1 = 0.9;
    const b2 = 0.999;
    const c1 = 1 - pow(b1, this.t);
    const c2 = 1 - pow(b2, this.t);
    for (let i = 0; i < params.length; i++) {
      this.m[i] = b1 * this.m[i]! + (1 - b1) * grad[i]!;
      this.v[i] = b2 * this.v[i]! + (1 - b2) * grad[i]! * grad[i]!;
      params[i] = params[i]! + (this.lr * (this.m[i]! / c1)) / (Math.sqrt(this.v[i]! / c2) + 1e-8);
    }
  }
}

/**
 * Adds scale * d log pi(chosen | x) / d params to `grad`, where pi = softmax over the `count` candidates' scores and params
 * are laid out as w1 (H*F), b1 (H), w2 (H). `scores` and `hidden` are scratch buffers (count and count*H long).
 */
export function addLogProbGradient(
  w: Pick<DispatcherWeights, 'hidden' | 'w1' | 'b1' | 'w2'>,
  x: Float64Array,
  count: number,
  chosen: number,
  scale: number,
  grad: Float64Array,
  scores: Float64Array = new Float64Array(count),
  hidden: Float64Array = new Float64Array(count * w.hidden),
): void {
  const H = w.hidden;
  const F = FEATURE_COUNT;
  scoreCandidates(w, x, count, scores, hidden);
  let max = -Infinity;
  for (let i = 0; i < count; i++) max = Math.max(max, scores[i]!);
  let total = 0;
  for (let i = 0; i < count; i++) total += exp(scores[i]! - max);
  for (let i = 0; i < count; i++) {
    // d log pi(a) / d s_i = [i = a] - pi_i
    const g = scale * ((i === chosen ? 1 : 0) - exp(scores[i]! - max) / total);
    if (g === 0) continue;
    for (let h = 0; h < H; h++) {
      const a = hidden[i * H + h]!;
      grad[H * F + H + h] = grad[H * F + H + h]! + g * a;
      const back = g * w.w2[h]! * (1 - a * a);
      grad[H * F + h] = grad[H * F + h]! + back;
      const wo = h * F;
      const xo = i * F;
      for (let f = 0; f < F; f++) grad[wo + f] = grad[wo + f]! + back * x[xo + f]!;
    }
  }
}

/** Flat parameter vector: w1 (H*F), b1 (H), w2 (H). */
export function view(params: Float64Array, hidden: number) {
  const F = FEATURE_COUNT;
  return {
    hidden,
    w1: params.subarray(0, hidden * F) as unknown as number[],
    b1: params.subarray(hidden * F, hidden * F + hidden) as unknown as number[],
    w2: params.subarray(hidden * F + hidden, hidden * F + 2 * hidden) as unknown as number[],
  };
}

export function validationSet(count = 32, seed = 20240101): JobShopInstance[] {
  return Array.from({ length: count }, (_, i) => randomInstance({ jobs: 15, machines: 15, seed: seed + i, stream: 'validation' }));
}

function meanGap(instances: readonly JobShopInstance[], makespan: (inst: JobShopInstance) => number, lbs: readonly number[]): number {
  let sum = 0;
  instances.forEach((inst, i) => (sum += ((makespan(inst) - lbs[i]!) / lbs[i]!) * 100));
  return sum / instances.length;
}

export class DispatcherTrainer {
  readonly hidden: number;
  readonly params: Float64Array;
  private readonly adam: Adam;
  private readonly rng: Rng;
  private readonly scheme: GenerationScheme;
  private readonly validation: readonly JobShopInstance[];
  private readonly validationLbs: number[];
  private readonly mwkrGap: number;
  private readonly sptGap: number;
  iteration = 0;
  readonly curve: CurvePoint[] = [];
  private best: { gap: number; params: Float64Array } | null = null;

  constructor(private readonly options: TrainOptions) {
    this.hidden = options.hidden ?? 16;
    this.scheme = options.scheme ?? 'non-delay';
    const F = FEATURE_COUNT;
    this.params = new Float64Array(this.hidden * F + 2 * this.hidden);
    const init = createStream(options.seed, 'scheduling:train:init');
    // Small random first layer (Xavier-like scale) and a small output layer: the initial policy is near uniform.
    const s1 = Math.sqrt(1 / F);
    for (let i = 0; i < this.hidden * F; i++) this.params[i] = (init.next() * 2 - 1) * s1;
    for (let h = 0; h < this.hidden; h++) this.params[this.hidden * F + this.hidden + h] = (init.next() * 2 - 1) * 0.1;
    this.adam = new Adam(this.params.length, options.learningRate ?? 3e-3);
    this.rng = createStream(options.seed, 'scheduling:train:sampling');
    this.validation = options.validation ?? validationSet();
    this.validationLbs = this.validation.map((inst) => lowerBounds(inst).value);
    this.mwkrGap = meanGap(this.validation, (inst) => runRule(inst, 'mwkr', { scheme: this.scheme }).makespan, this.validationLbs);
    this.sptGap = meanGap(this.validation, (inst) => runRule(inst, 'spt', { scheme: this.scheme }).makespan, this.validationLbs);
  }

  weights(params: Float64Array = this.params): DispatcherWeights {
    const v = view(params, this.hidden);
    const round = (a: ArrayLike<number>) => Array.from(a, (x) => Math.round(x * 1e6) / 1e6);
    return {
      format: 'fabtwin-dispatcher/1',
      scheme: this.scheme,
      features: [...FEATURE_NAMES],
      hidden: this.hidden,
      w1: round(v.w1),
      b1: round(v.b1),
      w2: round(v.w2),
    };
  }

  /** One update: a batch of instances, K sampled rollouts each, one Adam step. */
  step(): void {
    const batch = this.options.batch ?? 8;
    const K = this.options.samples ?? 8;
    const sizes = this.options.sizes ?? [
      [10, 10],
      [15, 10],
      [15, 15],
      [20, 15],
      [20, 20],
    ];
    const grad = new Float64Array(this.params.length);
    const w = view(this.params, this.hidden);
    const F = FEATURE_COUNT;
    let ratioSum = 0;
    for (let b = 0; b < batch; b++) {
      const [jobs, machines] = sizes[this.rng.nextInt(sizes.length)]!;
      const inst = randomInstance({ jobs, machines, seed: this.options.seed * 1_000_003 + this.iteration * batch + b, stream: 'train' });
      const lb = lowerBounds(inst).value;
      const extractor = new FeatureExtractor(inst);
      const rollouts: { feats: Float64Array[]; counts: number[]; chosen: number[]; makespan: number }[] = [];
      const x = new Float64Array(inst.jobs * F);
      const scores = new Float64Array(inst.jobs);
      for (let k = 0; k < K; k++) {
        const feats: Float64Array[] = [];
        const counts: number[] = [];
        const chosen: number[] = [];
        const result = dispatch(
          inst,
          (state, conflict) => {
            extractor.extract(state, conflict, x);
            scoreCandidates(w, x, conflict.length, scores);
            let max = -Infinity;
            for (let i = 0; i < conflict.length; i++) max = Math.max(max, scores[i]!);
            let total = 0;
            for (let i = 0; i < conflict.length; i++) total += exp(scores[i]! - max);
            let u = this.rng.next() * total;
            let pick = conflict.length - 1;
            for (let i = 0; i < conflict.length; i++) {
              u -= exp(scores[i]! - max);
              if (u < 0) {
                pick = i;
                break;
              }
            }
            feats.push(x.slice(0, conflict.length * F));
            counts.push(conflict.length);
            chosen.push(pick);
            return conflict[pick]!;
          },
          { scheme: this.scheme },
        );
        rollouts.push({ feats, counts, chosen, makespan: result.makespan });
        ratioSum += result.makespan / lb;
      }
      const mean = rollouts.reduce((a, r) => a + r.makespan, 0) / K;
      const hiddenAct = new Float64Array(inst.jobs * this.hidden);
      for (const r of rollouts) {
        // Advantage in percent of the sibling mean; divided by the number of rollouts in the update.
        const adv = (((mean - r.makespan) / mean) * 100) / (batch * K);
        if (adv === 0) continue;
        for (let t = 0; t < r.feats.length; t++) addLogProbGradient(w, r.feats[t]!, r.counts[t]!, r.chosen[t]!, adv, grad, scores, hiddenAct);
      }
    }
    this.adam.step(this.params, grad);
    this.iteration++;
    const every = this.options.evalEvery ?? 20;
    if (this.iteration % every === 0 || this.iteration === this.options.iterations) {
      const weights = this.weights();
      const gap = meanGap(this.validation, (inst) => runLearned(inst, weights).makespan, this.validationLbs);
      this.curve.push({ iteration: this.iteration, trainRatio: ratioSum / (batch * K), validationGap: gap, mwkrGap: this.mwkrGap, sptGap: this.sptGap });
      if (this.best === null || gap < this.best.gap) this.best = { gap, params: this.params.slice() };
    }
  }

  result(meta: Record<string, unknown> = {}): TrainResult {
    const best = this.best?.params ?? this.params;
    return { weights: { ...this.weights(best), meta: { ...meta, bestValidationGap: this.best?.gap ?? null } }, curve: this.curve };
  }
}

/** Runs the whole training synchronously; `onPoint` sees each validation point (for progress output). */
export function trainDispatcher(options: TrainOptions, onPoint?: (point: CurvePoint) => void): TrainResult {
  const trainer = new DispatcherTrainer(options);
  let seen = 0;
  while (trainer.iteration < options.iterations) {
    trainer.step();
    // not `onPoint?.(curve[seen++])`: an optional call skips evaluating its arguments, so seen would never advance
    for (; seen < trainer.curve.length; seen++) onPoint?.(trainer.curve[seen]!);
  }
  return trainer.result({ seed: options.seed, iterations: options.iterations });
}
