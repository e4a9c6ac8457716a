/**
 * Adapter between the live plant and the scheduling library (src/core/scheduling, used through its public index, never
 * copied). The library dispatches on job-shop instances; a CNC cell's decision "which waiting lot next" is a one-machine
 * conflict, so the adapter writes the waiting lots as a one-machine instance (a job per lot, its duration the setup the
 * lot would need on this cell plus its machining time) and a `DispatchState` at the current time, and asks the
 * library's chooser. The per-shift re-optimisation writes the waiting lots as a flexible job shop (a lot may run on any
 * cell holding its fixture) and runs the library's flexible search on weighted tardiness.
 */
import shippedWeights from '../scheduling/dispatcher-weights.json' with { type: 'json' };
import {
  checkWeights,
  compileRule,
  expressionChooser,
  flexibleSearch,
  learnedChooser,
  ruleChooser,
  type Chooser,
  type CompiledRule,
  type DispatcherWeights,
  type DispatchState,
  type FlexibleInstance,
  type JobShopInstance,
  type RuleName,
} from '../scheduling/index.ts';
import type { MachiningModel } from '../model/machining-model.ts';

export interface Candidate {
  /** Hours the lot would take on this cell, setup included. */
  readonly hours: number;
  /** Time the lot joined the queue. */
  readonly queuedAt: number;
  readonly due: number;
  readonly weight: number;
}

/** Durations go to the library in minutes (its instances hold integers). */
const MINUTES = 60;

/** A student's own rule (`compileRule`) or trained dispatcher (weights), as the model file's `dispatchRule` gives it. */
export type StudentDispatch = CompiledRule | DispatcherWeights;

/** The compiled form of a model's `dispatchRule` (validated by the model's schema), or undefined. */
export function studentDispatch(rule: MachiningModel['dispatchRule']): StudentDispatch | undefined {
  if (rule === undefined) return undefined;
  return 'expression' in rule ? compileRule(rule.expression, { highestFirst: rule.highestFirst }) : checkWeights(rule.weights, 'dispatchRule.weights');
}

/**
 * Picks a candidate index by a library rule, or by a student's rule or trained dispatcher (which see true durations). `setupWeight` scales the setup part of each duration as the rule sees it
 * (1: the true duration; more: the rule shies away from changeovers), which is how the learned dispatcher tunes it.
 */
export function chooseByRule(
  rule: RuleName | 'learned' | StudentDispatch,
  candidates: readonly Candidate[],
  setupHours: readonly number[],
  now: number,
  setupWeight = 1,
  atcK = 2,
): number {
  const n = candidates.length;
  if (n === 1) return 0;
  const duration = candidates.map((c, j) => [
    Math.max(1, Math.round((c.hours + ((typeof rule === 'object' ? 1 : setupWeight) - 1) * setupHours[j]!) * MINUTES)),
  ]);
  const instance: JobShopInstance = {
    name: 'cnc-queue',
    jobs: n,
    machines: 1,
    machine: candidates.map(() => [0]),
    duration,
  };
  const t = now * MINUTES;
  const chooser: Chooser =
    typeof rule === 'object'
      ? 'format' in rule
        ? learnedChooser(instance, rule)
        : expressionChooser(instance, rule, { dueDates: candidates.map((c) => c.due * MINUTES), weights: candidates.map((c) => c.weight) })
      : rule === 'learned'
        ? learnedChooser(instance, libraryWeights())
        : ruleChooser(instance, rule, {
            dueDates: candidates.map((c) => c.due * MINUTES),
            weights: candidates.map((c) => c.weight),
            atcK,
          });
  const work = Float64Array.from(duration, (d) => d[0]!);
  const total = work.reduce((a, b) => a + b, 0);
  const state: DispatchState = {
    instance,
    jobNext: new Int32Array(n),
    jobReady: Float64Array.from(candidates, (c) => c.queuedAt * MINUTES),
    machineReady: Float64Array.of(t),
    remainingWork: work,
    machineRemainingWork: Float64Array.of(total),
    jobTotal: work,
    step: 0,
    machine: 0,
    horizon: t,
    earliestStart: new Float64Array(n).fill(t),
  };
  return chooser(
    state,
    Array.from({ length: n }, (_, j) => j),
  );
}

let weightsChecked: DispatcherWeights | undefined;
/** The library's shipped learned-dispatcher weights (trained on job shops), checked once. */
function libraryWeights(): DispatcherWeights {
  weightsChecked ??= checkWeights(shippedWeights, 'src/core/scheduling/dispatcher-weights.json');
  return weightsChecked;
}

export interface PlanLot {
  /** Eligible cells and the hours the lot would take on each (setup from the cell's current family included). */
  readonly alternatives: readonly { cell: number; hours: number }[];
  readonly due: number;
  readonly weight: number;
}

/**
 * Re-optimises the waiting lots for the coming shift with the library's flexible search (weighted tardiness), and
 * returns for each lot its planned cell and its rank in the plan (start order).
 */
export function planShift(lots: readonly PlanLot[], cells: number, now: number, seed: number, iterations: number): { cell: number; rank: number }[] {
  if (lots.length === 0) return [];
  // The library wants non-negative times: put the origin at the earliest of now and the due dates (overdue lots).
  const origin = Math.min(now, ...lots.map((l) => l.due));
  const instance: FlexibleInstance = {
    name: 'shift-plan',
    machines: cells,
    jobs: lots.map((lot) => ({
      operations: [{ alternatives: lot.alternatives.map((a) => ({ machine: a.cell, duration: Math.max(1, Math.round(a.hours * MINUTES)) })) }],
      release: Math.round((now - origin) * MINUTES),
      due: Math.round((lot.due - origin) * MINUTES),
      weight: lot.weight,
    })),
  };
  const result = flexibleSearch(instance, { objective: 'weighted-tardiness', seed, maxIterations: iterations });
  const ordered = [...result.schedule].sort((a, b) => a.start - b.start || a.job - b.job);
  const out: { cell: number; rank: number }[] = new Array(lots.length);
  ordered.forEach((op, rank) => (out[op.job] = { cell: op.machine, rank }));
  return out;
}
