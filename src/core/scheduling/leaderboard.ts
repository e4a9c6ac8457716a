/**
 * The lab's leaderboard: several contestants (built-in rules, rules of one's own, learned dispatchers, tabu search) on
 * a group of instances, each ranked by its mean gap to the instances' best-known bounds with a 95 % confidence interval
 * over the group (Student t over the instances, as the experiment reports do over replications).
 */
import type { JobShopInstance } from './instance.ts';
import { runRule, type RuleName } from './rules.ts';
import { compileRule, runExpressionRule } from './expression.ts';
import { runLearned, type DispatcherWeights } from './learned.ts';
import { tabuSearch } from './tabu.ts';
import { lowerBounds } from './bounds.ts';
import { estimate } from '../stats/summary.ts';

export type Contestant =
  | { readonly kind: 'rule'; readonly rule: RuleName }
  | { readonly kind: 'expression'; readonly name: string; readonly expression: string; readonly highestFirst: boolean }
  | { readonly kind: 'learned'; readonly name: string; readonly weights: DispatcherWeights }
  | { readonly kind: 'tabu'; readonly iterations: number; readonly seed: number };

export interface BoardInstance {
  readonly instance: JobShopInstance;
  /** The best-known upper bound (or the computed lower bound where none is published): the gap's reference. */
  readonly bound: number;
}

/** A stable key per contestant (rows of a board, a run's label). */
export function contestantKey(c: Contestant): string {
  switch (c.kind) {
    case 'rule':
      return `rule:${c.rule}`;
    case 'expression':
      return `expression:${c.name}`;
    case 'learned':
      return `learned:${c.name}`;
    case 'tabu':
      return `tabu:${c.iterations}:${c.seed}`;
  }
}

/** Makespan of one contestant on one instance (deterministic: tabu runs to an iteration limit, per seed). */
export function contestantMakespan(instance: JobShopInstance, c: Contestant, bound?: number): number {
  switch (c.kind) {
    case 'rule':
      return runRule(instance, c.rule).makespan;
    case 'expression':
      return runExpressionRule(instance, compileRule(c.expression, { highestFirst: c.highestFirst })).makespan;
    case 'learned':
      return runLearned(instance, c.weights).makespan;
    case 'tabu':
      return tabuSearch(instance, { seed: c.seed, maxIterations: c.iterations, target: bound ?? lowerBounds(instance).value }).makespan;
  }
}

export function gapPercentTo(makespan: number, bound: number): number {
  return ((makespan - bound) / bound) * 100;
}

export interface BoardRow {
  readonly key: string;
  readonly gaps: readonly number[];
  readonly meanGap: number;
  /** Half-width of the 95 % confidence interval of the mean gap over the instances (NaN for one instance). */
  readonly ci95: number;
}

/** Rows ranked by mean gap (best first; ties keep the given order). */
export function rankBoard(entries: readonly { key: string; gaps: readonly number[] }[]): BoardRow[] {
  return entries
    .map((entry) => {
      const e = estimate(entry.gaps);
      return { key: entry.key, gaps: entry.gaps, meanGap: e.mean, ci95: e.ci95 };
    })
    .map((row, index) => ({ row, index }))
    .sort((a, b) => a.row.meanGap - b.row.meanGap || a.index - b.index)
    .map(({ row }) => row);
}

/** Runs every contestant on every instance and ranks them (synchronous; the lab's worker does the same step by step). */
export function runBoard(instances: readonly BoardInstance[], contestants: readonly Contestant[]): BoardRow[] {
  return rankBoard(
    contestants.map((c) => ({
      key: contestantKey(c),
      gaps: instances.map(({ instance, bound }) => gapPercentTo(contestantMakespan(instance, c, bound), bound)),
    })),
  );
}
