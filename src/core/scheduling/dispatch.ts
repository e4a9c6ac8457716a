/**
 * Schedule generation by dispatching: one operation is fixed per step, chosen among a conflict set by a priority rule,
 * a random draw or a learned policy.
 *
 * - `active` (Giffler and Thompson 1960): take the unscheduled operation with the earliest possible completion c*, on
 *   machine M*; the conflict set is the operations on M* that could start before c*. Every active schedule, so also an
 *   optimal one, can be reached this way.
 * - `non-delay`: take the earliest possible start t*; the conflict set is the operations on that machine that can start
 *   at t*. No machine is left idle while an operation waits for it.
 *
 * Which generation the published greedy figures used was checked against RESULTS.md (see bench/schedule.ts): the SLJ sheet's
 * SPT / MWKR / MOR figures on Taillard are reproduced by `non-delay`, which is therefore the default (DEFAULT_SCHEME).
 */
import type { JobShopInstance } from './instance.ts';
import { makespanOf, type JobShopSolution } from './schedule.ts';

export type GenerationScheme = 'active' | 'non-delay';
export const DEFAULT_SCHEME: GenerationScheme = 'non-delay';

/** The state of a dispatch in progress, read by choosers. Arrays are owned by the engine: read, never write. */
export interface DispatchState {
  readonly instance: JobShopInstance;
  /** Index of each job's next unscheduled operation (m when the job is done). */
  readonly jobNext: Int32Array;
  /** Completion time of each job's last scheduled operation (its release time before the first). */
  readonly jobReady: Float64Array;
  /** Completion time of the last operation scheduled on each machine. */
  readonly machineReady: Float64Array;
  /** Processing time still to do per job, including its next operation. */
  readonly remainingWork: Float64Array;
  /** Processing time still to do per machine. */
  readonly machineRemainingWork: Float64Array;
  /** Total processing time of each job. */
  readonly jobTotal: Float64Array;
  /** Operations scheduled so far. */
  readonly step: number;
  /** The machine of the current conflict. */
  readonly machine: number;
  /** Earliest completion c* (active) or earliest start t* (non-delay) that defined the conflict. */
  readonly horizon: number;
  /** Start time of each job's next operation if it were chosen now (valid for jobs in the conflict set). */
  readonly earliestStart: Float64Array;
}

/** Picks one job from the conflict set (jobs whose next operation is in conflict, in increasing job index). */
export type Chooser = (state: DispatchState, conflict: readonly number[]) => number;

export interface DispatchResult extends JobShopSolution {
  /** Jobs in the order their operations were dispatched (length n * m): replays the schedule with `replay`. */
  readonly order: readonly number[];
}

export interface DispatchOptions {
  scheme?: GenerationScheme;
  /** Release times per job (default 0). */
  release?: readonly number[];
}

export function dispatch(instance: JobShopInstance, choose: Chooser, options: DispatchOptions = {}): DispatchResult {
  const scheme = options.scheme ?? DEFAULT_SCHEME;
  const { jobs: n, machines: m } = instance;
  const jobNext = new Int32Array(n);
  const jobReady = new Float64Array(n);
  const machineReady = new Float64Array(m);
  const remainingWork = new Float64Array(n);
  const machineRemainingWork = new Float64Array(m);
  const jobTotal = new Float64Array(n);
  const earliestStart = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    let total = 0;
    for (let k = 0; k < m; k++) {
      total += instance.duration[j]![k]!;
      machineRemainingWork[instance.machine[j]![k]!] += instance.duration[j]![k]!;
    }
    remainingWork[j] = total;
    jobTotal[j] = total;
    jobReady[j] = options.release?.[j] ?? 0;
  }
  const starts = new Array<number>(n * m).fill(0);
  const order: number[] = [];
  const state = {
    instance,
    jobNext,
    jobReady,
    machineReady,
    remainingWork,
    machineRemainingWork,
    jobTotal,
    step: 0,
    machine: 0,
    horizon: 0,
    earliestStart,
  };
  const conflict: number[] = [];
  const total = n * m;
  for (let step = 0; step < total; step++) {
    // Find the operation defining the conflict: min completion (active) or min start (non-delay); ties -> lower job.
    let bestKey = Infinity;
    let bestMachine = -1;
    for (let j = 0; j < n; j++) {
      const k = jobNext[j]!;
      if (k >= m) continue;
      const mach = instance.machine[j]![k]!;
      const est = Math.max(jobReady[j]!, machineReady[mach]!);
      earliestStart[j] = est;
      const key = scheme === 'active' ? est + instance.duration[j]![k]! : est;
      if (key < bestKey) {
        bestKey = key;
        bestMachine = mach;
      }
    }
    conflict.length = 0;
    for (let j = 0; j < n; j++) {
      const k = jobNext[j]!;
      if (k >= m || instance.machine[j]![k]! !== bestMachine) continue;
      const est = earliestStart[j]!;
      if (scheme === 'active' ? est < bestKey || (est === bestKey && instance.duration[j]![k] === 0) : est === bestKey) conflict.push(j);
    }
    if (scheme === 'active' && conflict.length === 0) {
      // Only possible with zero durations at c*: the defining operation itself starts at c*.
      for (let j = 0; j < n; j++) {
        const k = jobNext[j]!;
        if (k < m && instance.machine[j]![k] === bestMachine && earliestStart[j] === bestKey) conflict.push(j);
      }
    }
    state.step = step;
    state.machine = bestMachine;
    state.horizon = bestKey;
    const j = conflict.length === 1 ? conflict[0]! : choose(state, conflict);
    if (!conflict.includes(j)) throw new Error(`dispatch: chooser returned job ${j}, not in the conflict set [${conflict.join(', ')}]`);
    const k = jobNext[j]!;
    const start = earliestStart[j]!;
    const p = instance.duration[j]![k]!;
    starts[j * m + k] = start;
    jobReady[j] = start + p;
    machineReady[bestMachine] = start + p;
    remainingWork[j] = remainingWork[j]! - p;
    machineRemainingWork[bestMachine] = machineRemainingWork[bestMachine]! - p;
    jobNext[j] = k + 1;
    order.push(j);
  }
  return { starts, makespan: makespanOf(instance, starts), order };
}

/**
 * Rebuilds the schedule of a dispatch order (jobs in dispatch order) with every operation as early as its job and
 * machine allow in that order. For an order produced by `dispatch` this reproduces its starts exactly.
 */
export function replay(instance: JobShopInstance, order: readonly number[], release?: readonly number[]): number[] {
  const { jobs: n, machines: m } = instance;
  const jobNext = new Int32Array(n);
  const jobReady = Float64Array.from({ length: n }, (_, j) => release?.[j] ?? 0);
  const machineReady = new Float64Array(m);
  const starts = new Array<number>(n * m).fill(0);
  for (const j of order) {
    const k = jobNext[j]!;
    if (k >= m) throw new RangeError(`replay: job ${j} dispatched more than ${m} times`);
    const mach = instance.machine[j]![k]!;
    const start = Math.max(jobReady[j]!, machineReady[mach]!);
    starts[j * m + k] = start;
    jobReady[j] = machineReady[mach] = start + instance.duration[j]![k]!;
    jobNext[j] = k + 1;
  }
  return starts;
}
