/**
 * Runs an optimisation study in the replication worker pool: the core's step-by-step procedure (`optimizationSteps`)
 * asks for batches of replications, each batch runs in the pool, and the KPIs of each replication go back to it. The
 * result is the one `npm run optimize` gives for the same study and model, since every replication is fixed by its
 * parameter overrides and seed.
 */
import type { Level } from '../../core/experiment/levels.ts';
import { readParameter } from '../../core/experiment/parameters.ts';
import type { RunnableModel } from '../../core/experiment/runnable.ts';
import type { AnyModel } from '../../core/model/load.ts';
import { optimizationSteps, type OptimizationProgress, type OptimizationResult, type StudyInput, type Study } from '../../core/optimize/index.ts';
import { runExperimentsInWorkers, type PoolSettings } from '../replication/pool.ts';
import { resolveRunnable, sourceModel } from '../replication/resolve.ts';
import type { ModelSource } from '../replication/protocol.ts';
import type { SweepParameter } from '../experiments/sweep.ts';

export async function optimizeInWorkers(
  source: ModelSource,
  study: Study,
  onProgress?: (progress: OptimizationProgress) => void,
  signal?: AbortSignal,
  settings?: PoolSettings,
): Promise<OptimizationResult> {
  const { file, model } = sourceModel(source);
  const base = resolveRunnable(source);
  const until = study.until ?? base.defaultDays * base.unitsPerDay;
  const level: Level = study.level;
  const steps = optimizationSteps(model, study, file);
  let next = steps.next();
  while (!next.done) {
    onProgress?.(next.value.progress);
    const asked = next.value.requests;
    const reports = await runExperimentsInWorkers(
      asked.map((request) => ({ ...source, parameters: request.overrides, options: { levels: [level], seeds: request.seeds, until } })),
      undefined,
      signal,
      settings,
    );
    // Per request, per seed: the KPIs of that replication (the report keeps each KPI's samples in seed order).
    const results = reports.map((report, i) =>
      asked[i]!.seeds.map((_, j) => Object.fromEntries(Object.entries(report.levels[level]!.samples).map(([kpi, values]) => [kpi, values[j]!]))),
    );
    next = steps.next(results);
  }
  return next.value;
}

/**
 * A study to start from for a model: the first two whole-number parameters the Experiments view offers (from their
 * value, or 1, to two steps above), the model's first KPI in its better direction, one simulated day per replication.
 */
export function defaultStudy(modelId: string, model: AnyModel, base: RunnableModel, parameters: readonly SweepParameter[]): StudyInput {
  const chosen = parameters.filter((p) => p.integer).slice(0, 2);
  const kpi = base.kpis[0]!;
  return {
    model: modelId,
    level: base.levels[0]!,
    until: base.unitsPerDay,
    variables: chosen.map((p) => {
      const value = readParameter(model, p.path) ?? 1;
      return { path: p.path, min: value, max: value + 2, step: 1 };
    }),
    objective: { direction: kpi.better === 'lower' ? 'minimize' : 'maximize', kpi: kpi.key },
    constraints: [],
    search: { evaluations: 12, replications: 3, seed: 1 },
    selection: { candidates: 3, indifferenceZone: 1, confidence: 0.95, firstStage: 5, maxReplications: 40 },
  };
}
