/**
 * Messages between the scheduling lab and its worker (`lab.worker.ts`), which runs the dispatching rules, the learned
 * dispatcher and tabu search off the UI thread. Tabu search reports every improvement while it runs and stops on
 * request, answering with the best schedule it has.
 */
import type { JobShopInstance } from '../../core/scheduling/instance.ts';
import type { RuleName } from '../../core/scheduling/rules.ts';
import type { BoardInstance, Contestant } from '../../core/scheduling/leaderboard.ts';
import type { SavedRule } from './saved-rule.ts';
import type { DispatcherWeights } from '../../core/scheduling/learned.ts';

/** `own`: a rule of the student's own; `trained`: the policy trained (or imported) in the lab. The run message carries either. */
export type LabMethod = RuleName | 'tabu' | 'rl' | 'own' | 'trained';

/** How long tabu search may run: a number of iterations (bit-identical per seed) or wall-clock milliseconds. */
export type TabuLimit = { readonly kind: 'iterations'; readonly value: number } | { readonly kind: 'time'; readonly ms: number };

export type ToLab =
  | {
      type: 'run';
      runId: number;
      instance: JobShopInstance;
      method: LabMethod;
      /** Seed of the random rule and of tabu search. */
      seed: number;
      limit: TabuLimit;
      /** Tabu stops on reaching this proved lower bound (the optimum is then certain); default: the computed bound. */
      target?: number;
      /** The rule of a run of method `own`. */
      rule?: SavedRule;
      /** The weights of a run of method `trained`. */
      weights?: DispatcherWeights;
    }
  | { type: 'stop'; runId: number }
  /** The leaderboard: every contestant on every instance, one at a time so that `stop-board` gets through. */
  | { type: 'board'; boardId: number; instances: BoardInstance[]; contestants: Contestant[] }
  | { type: 'stop-board'; boardId: number }
  /** Compute the instance's lower bound here rather than on the UI thread (a large instance must not freeze the page). */
  | { type: 'bounds'; instanceId: number; instance: JobShopInstance };

export type FromLab =
  /** Tabu search found a better schedule. */
  | { type: 'progress'; runId: number; makespan: number; iteration: number; elapsedMs: number; starts: number[] }
  | {
      type: 'done';
      runId: number;
      makespan: number;
      starts: number[];
      iterations: number;
      elapsedMs: number;
      /** Why it ended: one-pass methods `complete`; tabu `target`, `iterations`, `time`, or `stopped` by the user. */
      stop: 'complete' | 'target' | 'iterations' | 'time' | 'stopped';
    }
  /** `code` marks errors the lab words itself (in the user's language); `message` is the technical detail. */
  | { type: 'error'; runId: number; message: string; code?: 'stopped-early' }
  /** One contestant's gap (%) on one instance of the board; `error` when the contestant failed there (a rule giving NaN). */
  | { type: 'board-result'; boardId: number; key: string; instance: number; gap?: number; error?: string }
  | { type: 'board-done'; boardId: number; stopped: boolean }
  /** The answer to `bounds` (`instanceId` says for which instance, so a late answer for a replaced one is dropped). */
  | { type: 'bounds'; instanceId: number; lowerBound: number };
