/**
 * Simulation optimisation of a line: a discrete search over the decision variables' grid with common random numbers
 * (every design point is run with the same seeds, so differences between points are not blurred by different luck),
 * then Kim and Nelson's ranking-and-selection among the best feasible points on fresh seeds, which states the indifference
 * zone and confidence of its choice.
 *
 * Search: exhaustive when the grid fits the evaluation budget; otherwise a seeded neighbourhood search (from a random
 * point, evaluate the points one step away in each variable, move to the best if it improves, else restart from a random
 * unevaluated point) until the budget is spent. Feasibility is judged on a point's search sample means; the selection
 * compares the objective only, among the points judged feasible.
 */
import { executeRun, type RunSpec } from '../experiment/experiment.ts';
import { presetLevels } from '../experiment/levels.ts';
import { applyParameters, readParameter } from '../experiment/parameters.ts';
import { runnable } from '../models.ts';
import { type RunnableModel } from '../experiment/runnable.ts';
import { createStream } from '../random/stream.ts';
import { estimate, type Estimate } from '../stats/summary.ts';
import { kimNelsonSteps } from './selection.ts';
import type { Study } from './spec.ts';

export interface Evaluation {
  /** Order in which the search evaluated it (0-based). */
  order: number;
  /** Variable values, in the study's order. */
  point: number[];
  overrides: Record<string, number>;
  /** The objective in its own sense (a KPI, or the weighted sum), over the search replications. */
  objective: Estimate;
  kpis: Record<string, Estimate>;
  feasible: boolean;
  /** Constraints the means break, as text. */
  violations: string[];
}

export interface OptimizationProgress {
  evaluations: number;
  budget: number;
  best: Evaluation | undefined;
}

export interface OptimizationResult {
  evaluations: Evaluation[];
  /** The best feasible point after each evaluation (by search means), for the progress curve. */
  bestSoFar: { evaluations: number; objective: number; ci95: number }[];
  candidates: Evaluation[];
  selection: {
    procedure: string;
    indifferenceZone: number;
    confidence: number;
    firstStage: number;
    /** Seeds of the selection's replications (disjoint from the search's). */
    seeds: string;
    replications: number[];
    means: number[];
    guaranteed: boolean;
    statement: string;
  };
  best: { point: number[]; overrides: Record<string, number>; objective: Estimate; searchObjective: Estimate };
  /** With `pareto` in the study: each feasible explored point's two criteria, and the non-dominated ones (by `order`). */
  pareto?: { points: { order: number; values: [number, number] }[]; front: number[] };
  /** Replications run in all (search and selection). */
  replications: number;
  method: string;
}

const SELECTION_SEED_OFFSET = 1_000_000;

export class StudyError extends Error {}

/** The objective of one replication (larger is better internally, so minimisation flips the sign). */
function objectiveOf(study: Study, kpis: Record<string, number>, overrides: Record<string, number>): number {
  const { objective } = study;
  if (objective.kpi !== undefined) return kpis[objective.kpi]!;
  let value = 0;
  for (const term of objective.terms!) value += term.weight * (term.kpi !== undefined ? kpis[term.kpi]! : overrides[term.variable!]!);
  return value;
}

/** Replications the optimiser asks for: the model with these overrides, run once per seed. */
export interface EvaluationRequest {
  overrides: Record<string, number>;
  seeds: number[];
}

/** Per request, per seed in order: the KPI values of that replication. */
export type EvaluationResults = Record<string, number>[][];

export interface OptimizationStep {
  requests: EvaluationRequest[];
  progress: OptimizationProgress;
}

/** Design points per batch in an exhaustive search (a batch is what may run in parallel). */
const EXHAUSTIVE_BATCH = 8;

/**
 * The optimisation as a step-by-step procedure: it yields batches of replications to run (which may run in parallel,
 * in workers) and is resumed with their KPIs; `optimize` runs it serially here, the app in its worker pool. The result
 * is the same either way, since every replication is fixed by its overrides and seed.
 */
export function* optimizationSteps(modelJson: unknown, study: Study, file: string): Generator<OptimizationStep, OptimizationResult, EvaluationResults> {
  const base = runnable(applyParameters(modelJson, {}, file));
  checkStudy(base, study, modelJson);
  const sign = study.objective.direction === 'maximize' ? 1 : -1;
  const axes = study.variables.map((v) => {
    const count = Math.round((v.max - v.min) / v.step) + 1;
    return Array.from({ length: count }, (_, i) => Number((v.min + i * v.step).toPrecision(12)));
  });
  const gridSize = axes.reduce((a, axis) => a * axis.length, 1);
  const budget = Math.min(study.search.evaluations, gridSize);
  const cache = new Map<string, Evaluation>();
  const evaluations: Evaluation[] = [];
  const bestSoFar: OptimizationResult['bestSoFar'] = [];
  let replications = 0;
  const key = (point: readonly number[]) => point.join(',');
  const overridesOf = (point: readonly number[]) => Object.fromEntries(study.variables.map((v, i) => [v.path, point[i]!]));
  const searchSeeds = Array.from({ length: study.search.replications }, (_, r) => study.search.seed + r);
  let best: Evaluation | undefined;
  const progress = (): OptimizationProgress => ({ evaluations: evaluations.length, budget, best });

  /** Better-than for the search: feasible first, then the objective mean, then fewer violations. */
  const better = (a: Evaluation, b: Evaluation | undefined): boolean => {
    if (b === undefined) return true;
    if (a.feasible !== b.feasible) return a.feasible;
    if (!a.feasible) return a.violations.length < b.violations.length;
    return sign * a.objective.mean > sign * b.objective.mean;
  };

  const record = (point: number[], runs: Record<string, number>[]): Evaluation => {
    replications += runs.length;
    const overrides = overridesOf(point);
    const kpis = Object.fromEntries(base.kpis.map((k) => [k.key, estimate(runs.map((run) => run[k.key]!))]));
    const violations: string[] = [];
    for (const c of study.constraints) {
      const m = kpis[c.kpi]!.mean;
      if (c.min !== undefined && !(m >= c.min)) violations.push(`${c.kpi} ${m.toPrecision(4)} < ${c.min}`);
      if (c.max !== undefined && !(m <= c.max)) violations.push(`${c.kpi} ${m.toPrecision(4)} > ${c.max}`);
    }
    const evaluation: Evaluation = {
      order: evaluations.length,
      point,
      overrides,
      objective: estimate(runs.map((run) => objectiveOf(study, run, overrides))),
      kpis,
      feasible: violations.length === 0,
      violations,
    };
    cache.set(key(point), evaluation);
    evaluations.push(evaluation);
    if (better(evaluation, best)) best = evaluation;
    if (best?.feasible) bestSoFar.push({ evaluations: evaluations.length, objective: best.objective.mean, ci95: best.objective.ci95 });
    return evaluation;
  };

  /** Evaluates the points not evaluated yet (as one batch), and returns every point's evaluation in order. */
  function* evaluateAll(points: number[][]): Generator<OptimizationStep, Evaluation[], EvaluationResults> {
    const fresh = points.filter((p, i) => !cache.has(key(p)) && points.findIndex((q) => key(q) === key(p)) === i);
    if (fresh.length > 0) {
      const results = yield { requests: fresh.map((p) => ({ overrides: overridesOf(p), seeds: searchSeeds })), progress: progress() };
      fresh.forEach((p, i) => record(p, results[i]!));
    }
    return points.map((p) => cache.get(key(p))!);
  }

  let method: string;
  if (gridSize <= study.search.evaluations) {
    method = `exhaustive: all ${gridSize} grid points, ${study.search.replications} replications each (common random numbers)`;
    const all: number[][] = [];
    const index = axes.map(() => 0);
    for (let n = 0; n < gridSize; n++) {
      all.push(index.map((i, v) => axes[v]![i]!));
      for (let v = axes.length - 1; v >= 0; v--) {
        if (++index[v]! < axes[v]!.length) break;
        index[v] = 0;
      }
    }
    for (let i = 0; i < all.length; i += EXHAUSTIVE_BATCH) yield* evaluateAll(all.slice(i, i + EXHAUSTIVE_BATCH));
  } else {
    method = `neighbourhood search with random restarts: ${budget} of ${gridSize} grid points, ${study.search.replications} replications each (common random numbers), stream optimize:search seed ${study.search.seed}`;
    const rng = createStream(study.search.seed, 'optimize:search');
    const randomIndex = (): number[] => axes.map((axis) => rng.nextInt(axis.length));
    const valueOf = (index: readonly number[]) => index.map((i, v) => axes[v]![i]!);
    let current = randomIndex();
    let [currentEvaluation] = yield* evaluateAll([valueOf(current)]);
    while (evaluations.length < budget && cache.size < gridSize) {
      // The points one step away in each variable, in order, as far as the budget allows.
      const neighbours: number[][] = [];
      let fresh = 0;
      for (let v = 0; v < axes.length; v++) {
        for (const d of [-1, 1]) {
          const index = current.slice();
          index[v]! += d;
          if (index[v]! < 0 || index[v]! >= axes[v]!.length) continue;
          const isFresh = !cache.has(key(valueOf(index)));
          if (isFresh && evaluations.length + fresh >= budget) continue;
          if (isFresh) fresh++;
          neighbours.push(index);
        }
      }
      const evaluated = yield* evaluateAll(neighbours.map(valueOf));
      let bestNeighbour: { index: number[]; evaluation: Evaluation } | undefined;
      evaluated.forEach((evaluation, i) => {
        if (better(evaluation, bestNeighbour?.evaluation)) bestNeighbour = { index: neighbours[i]!, evaluation };
      });
      if (bestNeighbour && better(bestNeighbour.evaluation, currentEvaluation)) {
        current = bestNeighbour.index;
        currentEvaluation = bestNeighbour.evaluation;
        continue;
      }
      if (evaluations.length >= budget) break;
      // A local optimum (by the search means): restart from a point not evaluated yet.
      let next = randomIndex();
      for (let tries = 0; cache.has(key(valueOf(next))) && tries < 1000; tries++) next = randomIndex();
      if (cache.has(key(valueOf(next)))) break;
      current = next;
      [currentEvaluation] = yield* evaluateAll([valueOf(current)]);
    }
  }

  const feasible = evaluations.filter((e) => e.feasible).sort((a, b) => sign * (b.objective.mean - a.objective.mean) || a.order - b.order);
  if (feasible.length === 0) {
    throw new StudyError(`${file}: no evaluated point meets the constraints (${evaluations[0]?.violations.join('; ') ?? ''}); relax them or widen the bounds`);
  }
  const candidates = feasible.slice(0, study.selection.candidates);
  const { indifferenceZone, confidence, firstStage, maxReplications } = study.selection;
  const seedBase = study.search.seed + SELECTION_SEED_OFFSET;
  const selectionSteps = kimNelsonSteps(candidates.length, { delta: indifferenceZone, confidence, firstStage, maxReplications });
  let step = selectionSteps.next();
  while (!step.done) {
    const { systems, replication } = step.value;
    const results = yield {
      requests: systems.map((i) => ({ overrides: candidates[i]!.overrides, seeds: [seedBase + replication] })),
      progress: progress(),
    };
    replications += systems.length;
    step = selectionSteps.next(systems.map((i, j) => sign * objectiveOf(study, results[j]![0]!, candidates[i]!.overrides)));
  }
  const selection = step.value;
  const chosen = candidates[selection.selected]!;
  const samples = selection.samples[selection.selected]!.map((x) => sign * x);
  const statement = selection.guaranteed
    ? `Kim-Nelson KN: among these ${candidates.length} candidates, the selected one is the best, or within ${indifferenceZone} of it, with probability at least ${confidence} (common random numbers, seeds ${seedBase}..)`
    : `Kim-Nelson KN stopped at the cap of ${maxReplications} replications with ${selection.replications.filter((n) => n === maxReplications).length} candidates left; the largest mean was taken, without the ${confidence} guarantee (raise maxReplications or the indifference zone)`;
  return {
    evaluations,
    bestSoFar,
    candidates,
    selection: {
      procedure: 'Kim-Nelson KN (fully sequential, indifference zone)',
      indifferenceZone,
      confidence,
      firstStage,
      seeds: `${seedBase}..${seedBase + Math.max(...selection.replications) - 1}`,
      replications: selection.replications,
      means: selection.means.map((m) => sign * m),
      guaranteed: selection.guaranteed,
      statement,
    },
    best: { point: chosen.point, overrides: chosen.overrides, objective: estimate(samples), searchObjective: chosen.objective },
    replications,
    method,
    ...(study.pareto ? { pareto: paretoFront(study, feasible) } : {}),
  };
}

/**
 * The two criteria of every feasible explored point (search means; a variable's value for a variable criterion) and
 * the points no other beats on both, sorted by the first criterion.
 */
export function paretoFront(study: Study, evaluations: readonly Evaluation[]): NonNullable<OptimizationResult['pareto']> {
  const criteria = study.pareto!;
  const valueOf = (e: Evaluation, c: (typeof criteria)[number]) => (c.kpi !== undefined ? e.kpis[c.kpi]!.mean : e.overrides[c.variable!]!);
  const points = evaluations.map((e) => ({ order: e.order, values: [valueOf(e, criteria[0]!), valueOf(e, criteria[1]!)] as [number, number] }));
  const signs = criteria.map((c) => (c.direction === 'maximize' ? 1 : -1));
  const dominates = (a: [number, number], b: [number, number]) => signs.every((s, i) => s * a[i]! >= s * b[i]!) && signs.some((s, i) => s * a[i]! > s * b[i]!);
  const front = points
    .filter((p) => !points.some((q) => dominates(q.values, p.values)))
    .sort((a, b) => signs[0]! * (b.values[0] - a.values[0]) || a.order - b.order)
    .map((p) => p.order);
  return { points, front };
}

/**
 * The replication the study asks for on `model` (its overrides applied) with `seed`: whoever runs it (this thread, a
 * pool thread) runs exactly this, so every executor gives the same KPIs.
 */
export function replicationSpec(model: RunnableModel, study: Study, seed: number): RunSpec {
  const until = study.until ?? model.defaultDays * model.unitsPerDay;
  return { index: 0, key: study.level, capabilities: presetLevels(model.capabilities, study.level), seed, until, slices: 1, curves: false };
}

/** Runs an optimisation serially in this thread (the CLI, tests); `onProgress` is told before each batch. */
export function optimize(modelJson: unknown, study: Study, file: string, onProgress?: (progress: OptimizationProgress) => void): OptimizationResult {
  const models = new Map<string, RunnableModel>();
  const modelFor = (overrides: Record<string, number>): RunnableModel => {
    const id = JSON.stringify(overrides);
    let model = models.get(id);
    if (!model) {
      model = runnable(applyParameters(modelJson, overrides, file));
      models.set(id, model);
    }
    return model;
  };
  const steps = optimizationSteps(modelJson, study, file);
  let next = steps.next();
  while (!next.done) {
    onProgress?.(next.value.progress);
    const results = next.value.requests.map((request) => {
      const model = modelFor(request.overrides);
      return request.seeds.map((seed) => executeRun(model, replicationSpec(model, study, seed)).kpis);
    });
    next = steps.next(results);
  }
  return next.value;
}

/** Names every KPI and variable the study uses against the model, with what is available. */
function checkStudy(model: RunnableModel, study: Study, modelJson: unknown): void {
  const kpiKeys = model.kpis.map((k) => k.key);
  const known = (kpi: string, where: string) => {
    if (!kpiKeys.includes(kpi)) throw new StudyError(`${where}: unknown KPI "${kpi}"; the model reports ${kpiKeys.join(', ')}`);
  };
  if (study.objective.kpi !== undefined) known(study.objective.kpi, 'objective.kpi');
  study.objective.terms?.forEach((t, i) => {
    if (t.kpi !== undefined) known(t.kpi, `objective.terms[${i}].kpi`);
    if (t.variable !== undefined && !study.variables.some((v) => v.path === t.variable)) {
      throw new StudyError(
        `objective.terms[${i}].variable: "${t.variable}" is not a decision variable; expected one of ${study.variables.map((v) => v.path).join(', ')}`,
      );
    }
  });
  study.constraints.forEach((c, i) => known(c.kpi, `constraints[${i}].kpi`));
  study.pareto?.forEach((c, i) => {
    if (c.kpi !== undefined) known(c.kpi, `pareto[${i}].kpi`);
    else if (!study.variables.some((v) => v.path === c.variable)) {
      throw new StudyError(
        `pareto[${i}].variable: "${c.variable}" is not a decision variable; expected one of ${study.variables.map((v) => v.path).join(', ')}`,
      );
    }
  });
  if (!model.levels.includes(study.level)) throw new StudyError(`level: the model implements ${model.levels.join(', ')}, not ${study.level}`);
  study.variables.forEach((v, i) => {
    // Unset optional parameters (an unlimited buffer) are allowed; anything else must be a number already.
    const current = readParameter(modelJson, v.path);
    if (current === undefined) applyParameters(modelJson, { [v.path]: v.min }, `variables[${i}].path`);
  });
}
