/**
 * How well a learned dispatcher generalises: fresh instances from Taillard's own generator (the one that made ta01-80)
 * at the benchmark's sizes, with seeds drawn from a stream of their own, so neither the training instances
 * (`randomInstance`, stream `train`), nor the validation instances used for selection, nor the Taillard benchmark
 * itself are among them. Gaps are to the computed lower bound (no optimum is known for fresh instances).
 */
import { createStream } from '../random/stream.ts';
import type { JobShopInstance } from './instance.ts';
import { taillardInstance } from './generator.ts';
import { lowerBounds } from './bounds.ts';
import { runRule } from './rules.ts';
import { runLearned, type DispatcherWeights } from './learned.ts';

export const GENERALISATION_SIZES: readonly (readonly [number, number])[] = [
  [15, 15],
  [20, 15],
  [20, 20],
  [30, 15],
  [50, 15],
];

/** Which use a set of generated Taillard instances is for: never mix them. */
export type FreshPurpose = 'test' | 'selection';

/** `count` fresh Taillard instances of a size; seeds in [1, 2^31 - 2] from the purpose's own stream. */
export function freshTaillard(jobs: number, machines: number, count: number, purpose: FreshPurpose): JobShopInstance[] {
  const seeds = createStream(purpose === 'test' ? 2026_12_04 : 2026_12_05, `scheduling:fresh-taillard:${purpose}:${jobs}x${machines}`);
  return Array.from({ length: count }, (_, i) => {
    const timeSeed = 1 + seeds.nextInt(2147483646);
    const machineSeed = 1 + seeds.nextInt(2147483646);
    return taillardInstance(`fresh-${purpose}-${jobs}x${machines}-${i + 1}`, jobs, machines, timeSeed, machineSeed);
  });
}

export interface GeneralisationRow {
  readonly size: string;
  readonly count: number;
  /** Mean gap (%) to the lower bound. */
  readonly learnedGap: number;
  readonly mwkrGap: number;
  /** MWKR's gap minus the learned dispatcher's, in points (positive: the learned dispatcher is better). */
  readonly gain: number;
  /** Instances where the learned dispatcher is worse than MWKR. */
  readonly worse: number;
}

export function compareWithMwkr(instances: readonly JobShopInstance[], weights: DispatcherWeights): Omit<GeneralisationRow, 'size'> {
  let learned = 0;
  let mwkr = 0;
  let worse = 0;
  for (const inst of instances) {
    const lb = lowerBounds(inst).value;
    const a = runLearned(inst, weights).makespan;
    const b = runRule(inst, 'mwkr', { scheme: weights.scheme }).makespan;
    learned += ((a - lb) / lb) * 100;
    mwkr += ((b - lb) / lb) * 100;
    if (a > b) worse++;
  }
  const n = instances.length;
  return { count: n, learnedGap: learned / n, mwkrGap: mwkr / n, gain: (mwkr - learned) / n, worse };
}
