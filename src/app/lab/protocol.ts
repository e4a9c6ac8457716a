/**
 * Messages between the scheduling lab and its worker (`lab.worker.ts`), which runs the dispatching rules, the learned
 * dispatcher and tabu search off the UI thread. Tabu search reports every improvement while it runs and stops on
 * request, answering with the best schedule it has.
 */
import type { JobShopInstance } from '../../core/scheduling/instance.ts';
import type { RuleName } from '../../core/scheduling/rules.ts';

export type LabMethod = RuleName | 'tabu' | 'rl';

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
    }
  | { type: 'stop'; runId: number }
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
  /** The answer to `bounds` (`instanceId` says for which instance, so a late answer for a replaced one is dropped). */
  | { type: 'bounds'; instanceId: number; lowerBound: number };
