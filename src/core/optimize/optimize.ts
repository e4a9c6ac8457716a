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
import { runnable, type RunnableModel } from '../experiment/runnable.ts';
import { createStream } from '../random/stream.ts';
import { estimate, type Estimate } from '../stats/summary.ts';
import { kimNelson } from './selection.ts';
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

export function optimize(modelJson: unknown, study: Study, file: string, onProgress?: (progress: OptimizationProgress) => void): OptimizationResult {
  const base = runnable(applyParameters(modelJson, {}, file));
  checkStudy(base, study, modelJson);
  const until = study.until ?? base.defaultDays * base.unitsPerDay;
  const sign = study.objective.direction === 'maximize' ? 1 : -1;
  const axes = study.variables.map((v) => {
    const count = Math.round((v.max - v.min) / v.step) + 1;
    return Array.from({ length: count }, (_, i) => Number((v.min + i * v.step).toPrecision(12)));
  });
  const gridSize = axes.reduce((a, axis) => a * axis.length, 1);
  const cache = new Map<string, Evaluation>();
  const models = new Map<string, RunnableModel>();
  const evaluations: Evaluation[] = [];
  const bestSoFar: OptimizationResult['bestSoFar'] = [];
  let replications = 0;
  const key = (point: readonly number[]) => point.join(',');
  const overridesOf = (point: readonly number[]) => Object.fromEntries(study.variables.map((v, i) => [v.path, point[i]!]));

  const modelAt = (point: readonly number[]): RunnableModel => {
    let model = models.get(key(point));
    if (!model) {
      model = runnable(applyParameters(modelJson, overridesOf(point), file));
      models.set(key(point), model);
    }
    return model;
  };
  const replicate = (point: readonly number[], seed: number): { kpis: Record<string, number>; objective: number } => {
    const model = modelAt(point);
    const spec: RunSpec = { index: 0, key: study.level, capabilities: presetLevels(model.capabilities, study.level), seed, until, slices: 1, curves: false };
    const kpis = executeRun(model, spec).kpis;
    replications++;
    return { kpis, objective: objectiveOf(study, kpis, overridesOf(point)) };
  };

  /** Better-than for the search: feasible first, then the objective mean, then fewer violations. */
  const better = (a: Evaluation, b: Evaluation | undefined): boolean => {
    if (b === undefined) return true;
    if (a.feasible !== b.feasible) return a.feasible;
    if (!a.feasible) return a.violations.length < b.violations.length;
    return sign * a.objective.mean > sign * b.objective.mean;
  };
  let best: Evaluation | undefined;

  const evaluate = (point: number[]): Evaluation => {
    const cached = cache.get(key(point));
    if (cached) return cached;
    const runs = Array.from({ length: study.search.replications }, (_, r) => replicate(point, study.search.seed + r));
    const kpis = Object.fromEntries(base.kpis.map((k) => [k.key, estimate(runs.map((run) => run.kpis[k.key]!))]));
    const violations: string[] = [];
    for (const c of study.constraints) {
      const m = kpis[c.kpi]!.mean;
      if (c.min !== undefined && !(m >= c.min)) violations.push(`${c.kpi} ${m.toPrecision(4)} < ${c.min}`);
      if (c.max !== undefined && !(m <= c.max)) violations.push(`${c.kpi} ${m.toPrecision(4)} > ${c.max}`);
    }
    const evaluation: Evaluation = {
      order: evaluations.length,
      point,
      overrides: overridesOf(point),
      objective: estimate(runs.map((run) => run.objective)),
      kpis,
      feasible: violations.length === 0,
      violations,
    };
    cache.set(key(point), evaluation);
    evaluations.push(evaluation);
    if (better(evaluation, best)) best = evaluation;
    if (best?.feasible) bestSoFar.push({ evaluations: evaluations.length, objective: best.objective.mean, ci95: best.objective.ci95 });
    onProgress?.({ evaluations: evaluations.length, budget: Math.min(study.search.evaluations, gridSize), best });
    return evaluation;
  };

  const budget = study.search.evaluations;
  let method: string;
  if (gridSize <= budget) {
    method = `exhaustive: all ${gridSize} grid points, ${study.search.replications} replications each (common random numbers)`;
    const point = axes.map(() => 0);
    for (let n = 0; n < gridSize; n++) {
      evaluate(point.map((i, v) => axes[v]![i]!));
      for (let v = axes.length - 1; v >= 0; v--) {
        if (++point[v]! < axes[v]!.length) break;
        point[v] = 0;
      }
    }
  } else {
    method = `neighbourhood search with random restarts: ${budget} of ${gridSize} grid points, ${study.search.replications} replications each (common random numbers), stream optimize:search seed ${study.search.seed}`;
    const rng = createStream(study.search.seed, 'optimize:search');
    const randomIndex = (): number[] => axes.map((axis) => rng.nextInt(axis.length));
    const valueOf = (index: readonly number[]) => index.map((i, v) => axes[v]![i]!);
    let current = randomIndex();
    let currentEvaluation = evaluate(valueOf(current));
    while (evaluations.length < budget && cache.size < gridSize) {
      let moved = false;
      let bestNeighbour: { index: number[]; evaluation: Evaluation } | undefined;
      for (let v = 0; v < axes.length && evaluations.length < budget; v++) {
        for (const d of [-1, 1]) {
          const index = current.slice();
          index[v]! += d;
          if (index[v]! < 0 || index[v]! >= axes[v]!.length) continue;
          if (evaluations.length >= budget && !cache.has(key(valueOf(index)))) continue;
          const evaluation = evaluate(valueOf(index));
          if (better(evaluation, bestNeighbour?.evaluation)) bestNeighbour = { index, evaluation };
        }
      }
      if (bestNeighbour && better(bestNeighbour.evaluation, currentEvaluation)) {
        current = bestNeighbour.index;
        currentEvaluation = bestNeighbour.evaluation;
        moved = true;
      }
      if (!moved) {
        if (evaluations.length >= budget) break;
        // A local optimum (by the search means): restart from a point not evaluated yet.
        let next = randomIndex();
        for (let tries = 0; cache.has(key(valueOf(next))) && tries < 1000; tries++) next = randomIndex();
        if (cache.has(key(valueOf(next)))) break;
        current = next;
        currentEvaluation = evaluate(valueOf(current));
      }
    }
  }

  const feasible = evaluations.filter((e) => e.feasible).sort((a, b) => sign * (b.objective.mean - a.objective.mean) || a.order - b.order);
  if (feasible.length === 0) {
    throw new StudyError(`${file}: no evaluated point meets the constraints (${evaluations[0]?.violations.join('; ') ?? ''}); relax them or widen the bounds`);
  }
  const candidates = feasible.slice(0, study.selection.candidates);
  const { indifferenceZone, confidence, firstStage, maxReplications } = study.selection;
  const seedBase = study.search.seed + SELECTION_SEED_OFFSET;
  const selection = kimNelson(candidates.length, (i, r) => sign * replicate(candidates[i]!.point, seedBase + r).objective, {
    delta: indifferenceZone,
    confidence,
    firstStage,
    maxReplications,
  });
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
  };
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
      throw new StudyError(`objective.terms[${i}].variable: "${t.variable}" is not a decision variable; expected one of ${study.variables.map((v) => v.path).join(', ')}`);
    }
  });
  study.constraints.forEach((c, i) => known(c.kpi, `constraints[${i}].kpi`));
  if (!model.levels.includes(study.level)) throw new StudyError(`level: the model implements ${model.levels.join(', ')}, not ${study.level}`);
  study.variables.forEach((v, i) => {
    // Unset optional parameters (an unlimited buffer) are allowed; anything else must be a number already.
    const current = readParameter(modelJson, v.path);
    if (current === undefined) applyParameters(modelJson, { [v.path]: v.min }, `variables[${i}].path`);
  });
}
