/**
 * Priority dispatching rules. Each rule is a key to minimise over the conflict set; ties go to the lower job index, so
 * every rule except `random` is deterministic and the random rule is deterministic per seed.
 */
import { createStream } from '../random/stream.ts';
import type { JobShopInstance } from './instance.ts';
import { dispatch, type Chooser, type DispatchResult, type DispatchState, type GenerationScheme } from './dispatch.ts';
import { exp } from '../math/index.ts';

export const RULE_NAMES = ['fifo', 'spt', 'lpt', 'mwkr', 'lwkr', 'mor', 'lor', 'edd', 'cr', 'atc', 'random'] as const;
export type RuleName = (typeof RULE_NAMES)[number];

export const RULE_DESCRIPTIONS: Record<RuleName, string> = {
  fifo: 'first in first out: the operation whose job reached the queue first (earliest job-ready time)',
  spt: 'shortest processing time of the operation',
  lpt: 'longest processing time of the operation',
  mwkr: 'most work remaining in the job (including the operation)',
  lwkr: 'least work remaining in the job',
  mor: 'most operations remaining in the job',
  lor: 'fewest operations remaining in the job',
  edd: 'earliest due date of the job',
  cr: 'smallest critical ratio (due date - now) / work remaining',
  atc: 'apparent tardiness cost (Vepsalainen and Morton), largest index first',
  random: 'uniform random choice, seeded',
};

export function isRuleName(name: string): name is RuleName {
  return (RULE_NAMES as readonly string[]).includes(name);
}

export interface RuleOptions {
  scheme?: GenerationScheme;
  /** Seed of the `random` rule's stream (default 0). */
  seed?: number;
  /**
   * Due dates per job for EDD, CR and ATC. The benchmark instances have none; the default is the total-work-content
   * rule d_j = release_j + dueDateFactor * (total work of j), a common choice in the literature.
   */
  dueDates?: readonly number[];
  /** Factor of the default due dates (default 1.5). */
  dueDateFactor?: number;
  /** Weights per job for ATC (default 1). */
  weights?: readonly number[];
  /** ATC look-ahead parameter k (default 2). */
  atcK?: number;
  release?: readonly number[];
}

export function defaultDueDates(instance: JobShopInstance, factor = 1.5, release?: readonly number[]): number[] {
  return instance.duration.map((row, j) => (release?.[j] ?? 0) + factor * row.reduce((a, b) => a + b, 0));
}

/** A chooser implementing the rule; pass it to `dispatch`. */
export function ruleChooser(instance: JobShopInstance, rule: RuleName, options: RuleOptions = {}): Chooser {
  const due = options.dueDates ?? defaultDueDates(instance, options.dueDateFactor, options.release);
  const weights = options.weights;
  const m = instance.machines;
  const p = (state: DispatchState, j: number) => instance.duration[j]![state.jobNext[j]!]!;
  const minBy =
    (key: (state: DispatchState, j: number) => number): Chooser =>
    (state, conflict) => {
      let best = conflict[0]!;
      let bestKey = key(state, best);
      for (let i = 1; i < conflict.length; i++) {
        const j = conflict[i]!;
        const v = key(state, j);
        if (v < bestKey) {
          best = j;
          bestKey = v;
        }
      }
      return best;
    };
  switch (rule) {
    case 'fifo':
      return minBy((s, j) => s.jobReady[j]!);
    case 'spt':
      return minBy(p);
    case 'lpt':
      return minBy((s, j) => -p(s, j));
    case 'mwkr':
      return minBy((s, j) => -s.remainingWork[j]!);
    case 'lwkr':
      return minBy((s, j) => s.remainingWork[j]!);
    case 'mor':
      return minBy((s, j) => -(m - s.jobNext[j]!));
    case 'lor':
      return minBy((s, j) => m - s.jobNext[j]!);
    case 'edd':
      return minBy((_, j) => due[j]!);
    case 'cr':
      // (d - t) / work left; with negative slack the most overdue-per-work job comes first, as the ratio says.
      return minBy((s, j) => (due[j]! - s.earliestStart[j]!) / Math.max(s.remainingWork[j]!, 1e-9));
    case 'atc': {
      const k = options.atcK ?? 2;
      return minBy((s, j) => {
        // p-bar: mean processing time of the operations queued for this machine (jobs whose next operation is on it),
        // the usual "average of the waiting jobs" reading of Vepsalainen and Morton.
        let sum = 0;
        let count = 0;
        for (let jj = 0; jj < instance.jobs; jj++) {
          const kk = s.jobNext[jj]!;
          if (kk < m && instance.machine[jj]![kk] === s.machine) {
            sum += instance.duration[jj]![kk]!;
            count++;
          }
        }
        const pbar = Math.max(sum / Math.max(count, 1), 1e-9);
        const pj = Math.max(p(s, j), 1e-9);
        const slack = Math.max(due[j]! - pj - s.earliestStart[j]!, 0);
        return -((weights?.[j] ?? 1) / pj) * exp(-slack / (k * pbar));
      });
    }
    case 'random': {
      const rng = createStream(options.seed ?? 0, `scheduling:rule:random:${instance.name}`);
      return (_, conflict) => conflict[rng.nextInt(conflict.length)]!;
    }
  }
}

/** Runs one rule over the instance. */
export function runRule(instance: JobShopInstance, rule: RuleName, options: RuleOptions = {}): DispatchResult {
  return dispatch(instance, ruleChooser(instance, rule, options), {
    ...(options.scheme !== undefined ? { scheme: options.scheme } : {}),
    ...(options.release !== undefined ? { release: options.release } : {}),
  });
}
