/**
 * Equal tuning for every level: one procedure, one budget, the level's own decision parameters (declared by the model in
 * `RunnableModel.tuning`), compared on training seeds with common random numbers and checked on other seeds. See
 * docs/tuning.md for the contract.
 *
 * The search is a coordinate (compass) search on the CRN mean over the training seeds: from the current values, try one
 * parameter a step up and down; keep the first improvement; when a whole sweep improves nothing, halve every step down
 * to the parameter's resolution; stop at the budget or when no step can shrink. It needs no derivative, tolerates the
 * noise that common random numbers leave, and is deterministic: the same file, level and options give the same values.
 */
import type { AnyModel } from '../model/load.ts';
import type { TuningProvenance } from '../model/tuning.ts';
import { estimate } from '../stats/summary.ts';
import { executeRun } from './experiment.ts';
import { presetLevels, type Level } from './levels.ts';
import { applyParameters, readParameter, setParameter } from './parameters.ts';
import type { RunnableModel, TunableParameter, TuningConstraint, TuningDeclaration } from './runnable.ts';

export interface TuneOptions {
  readonly level: Level;
  /** Candidate evaluations allowed (each runs every training seed); the same number for every level. */
  readonly budget: number;
  /** Run length of each replication, days. */
  readonly days: number;
  readonly trainingSeeds: readonly number[];
  readonly evaluationSeeds: readonly number[];
  /** Name of the model file, for error messages. */
  readonly file: string;
  /** The command line, recorded in the provenance. */
  readonly command: string;
  /** Called after each candidate evaluation (for progress output); never from inside the kernel. */
  readonly onEvaluation?: (evaluation: CandidateEvaluation, used: number) => void;
}

export interface CandidateEvaluation {
  readonly values: Readonly<Record<string, number>>;
  /** CRN mean over the training seeds of every KPI the objective and its constraints read. */
  readonly means: Readonly<Record<string, number>>;
  /** Sum of relative constraint violations: 0 for a feasible candidate. */
  readonly violation: number;
}

export interface TuneResult {
  readonly level: Level;
  readonly parameters: readonly TunableParameter[];
  readonly start: Record<string, number>;
  readonly values: Record<string, number>;
  readonly history: readonly CandidateEvaluation[];
  readonly provenance: TuningProvenance;
}

/** Turns a validated model into its runnable form (the registry of model kinds, passed in to keep this folder below it). */
export type ToRunnable = (model: AnyModel) => RunnableModel;

const ALGORITHM =
  'coordinate search on CRN means over the training seeds: each parameter a step up then down, first improvement kept; steps start at a quarter of the range and halve after a sweep without improvement, down to the declared resolution';

/** The declaration's parameters for a level, checked against the model: paths hold numbers, bounds are sane. */
export function tunablesFor(model: RunnableModel, modelJson: unknown, level: Level, file: string): readonly TunableParameter[] {
  const declaration = model.tuning;
  if (!declaration) throw new RangeError(`${file}: model "${model.name}" declares no tunable decision parameters`);
  if (!model.levels.includes(level)) throw new RangeError(`${file}: model "${model.name}" does not implement level ${level}`);
  const parameters = declaration.parameters[level] ?? [];
  if (parameters.length === 0) throw new RangeError(`${file}: level ${level} of "${model.name}" has no decision parameter to tune`);
  checkDeclaration(model, declaration);
  for (const p of parameters) {
    if (readParameter(modelJson, p.path) === undefined) throw new RangeError(`${file}: ${p.path}: a tunable parameter must hold a number in the model file`);
  }
  return parameters;
}

/** A declaration is sound: known capabilities and KPIs, bounds in order, and no path tuned by two levels. */
export function checkDeclaration(model: RunnableModel, declaration: TuningDeclaration): void {
  const kpis = new Set(model.kpis.map((k) => k.key));
  const objective = declaration.objective;
  for (const kpi of [objective.kpi, ...(objective.constraints ?? []).map((c) => c.kpi)]) {
    if (!kpis.has(kpi)) throw new RangeError(`tuning of "${model.name}": unknown KPI "${kpi}"`);
  }
  if (model.kpis.find((k) => k.key === objective.kpi)!.better === 'neither') {
    throw new RangeError(`tuning of "${model.name}": the objective KPI "${objective.kpi}" has no better direction`);
  }
  const owner = new Map<string, Level>();
  for (const [level, parameters] of Object.entries(declaration.parameters) as [Level, readonly TunableParameter[]][]) {
    for (const p of parameters) {
      const where = `tuning of "${model.name}", ${level} ${p.path}`;
      if (!model.capabilities.includes(p.capability)) throw new RangeError(`${where}: unknown capability "${p.capability}"`);
      if (!(p.min < p.max) || !(p.step > 0) || !Number.isFinite(p.min) || !Number.isFinite(p.max)) {
        throw new RangeError(`${where}: expected finite bounds min < max and a positive step`);
      }
      const other = owner.get(p.path);
      if (other !== undefined) throw new RangeError(`${where}: the path is already tuned by ${other}; each level tunes only what it alone reads`);
      owner.set(p.path, level);
    }
  }
}

function snap(p: TunableParameter, value: number): number {
  const clamped = Math.min(p.max, Math.max(p.min, value));
  const steps = Math.round((clamped - p.min) / p.step);
  const onGrid = Math.min(p.max, p.min + steps * p.step);
  if (p.integer) return Math.round(onGrid);
  // Decimal noise (0.1 + 0.2) would make the file show 0.30000000000000004 and the cache miss an equal point.
  return Number(onGrid.toPrecision(12));
}

function key(values: Readonly<Record<string, number>>): string {
  return JSON.stringify(values);
}

/** Mean over `seeds` of each KPI in `keys`, running `json` at every capability's `level`. */
function crnMeans(
  json: unknown,
  toRunnable: ToRunnable,
  options: Pick<TuneOptions, 'level' | 'days' | 'file'>,
  seeds: readonly number[],
  keys: readonly string[],
): { means: Record<string, number>; samples: Record<string, number[]> } {
  const model = toRunnable(applyParameters(json, {}, options.file));
  const capabilities = presetLevels(model.capabilities, options.level);
  const until = options.days * model.unitsPerDay;
  const samples: Record<string, number[]> = Object.fromEntries(keys.map((k) => [k, []]));
  seeds.forEach((seed, index) => {
    const result = executeRun(model, { index, key: options.level, capabilities, seed, until, slices: 1, curves: false });
    for (const k of keys) samples[k]!.push(result.kpis[k]!);
  });
  const means = Object.fromEntries(keys.map((k) => [k, estimate(samples[k]!).mean]));
  return { means, samples };
}

/**
 * Relative shortfall against each constraint, from the per-seed samples of its KPI: 0 when every constraint holds. A
 * `confident` constraint is judged at the 95 % confidence limit of the mean on the side that breaks it (it then needs at
 * least two seeds); a KPI that is not a number counts as a full violation. The tuner ranks candidates by it, and
 * `bench:levels` judges L1's local optimality by it, so a move that breaks a constraint is never an improvement.
 */
export function constraintViolation(
  constraints: readonly TuningConstraint[],
  samples: Readonly<Record<string, readonly number[]>>,
  startMeans: Readonly<Record<string, number>>,
  better: (kpi: string) => 'higher' | 'lower' | 'neither',
): number {
  let total = 0;
  for (const c of constraints) {
    const e = estimate(samples[c.kpi] ?? []);
    if (c.confident && e.n < 2) throw new RangeError(`the constraint on ${c.kpi} is held at its 95 % confidence limit, which needs at least two seeds`);
    if (!Number.isFinite(e.mean) || (c.confident && !Number.isFinite(e.ci95))) {
      total += 1;
      continue;
    }
    const margin = c.confident ? e.ci95 : 0;
    const scale = (bound: number) => Math.max(Math.abs(bound), 1e-9);
    if (c.min !== undefined && e.mean - margin < c.min) total += (c.min - (e.mean - margin)) / scale(c.min);
    if (c.max !== undefined && e.mean + margin > c.max) total += (e.mean + margin - c.max) / scale(c.max);
    if (c.maxLossPercent !== undefined) {
      const s = startMeans[c.kpi]!;
      const allowed = (Math.abs(s) * c.maxLossPercent) / 100;
      const loss = (better(c.kpi) === 'higher' ? s - e.mean : e.mean - s) + margin;
      if (loss > allowed) total += (loss - allowed) / scale(s);
    }
  }
  return total;
}

/** A constraint in words, as the provenance records it. */
export function constraintText(c: TuningConstraint): string {
  const parts = [
    c.min !== undefined ? `${c.kpi} >= ${c.min}` : '',
    c.max !== undefined ? `${c.kpi} <= ${c.max}` : '',
    c.maxLossPercent !== undefined ? `${c.kpi} at most ${c.maxLossPercent} % worse than at the start` : '',
  ].filter(Boolean);
  return `${parts.join(', ')}${c.confident ? ' (at the 95 % confidence limit of the mean over the training seeds)' : ''}`;
}

/**
 * Tunes the decision parameters of one level of the model in `modelJson` (the file's JSON, not modified). Starts from
 * the values recorded as `start` in the file's provenance for this level when there is one (so running the recorded
 * command again gives the recorded values), otherwise from the values in the file.
 */
export function tuneLevel(modelJson: unknown, toRunnable: ToRunnable, options: TuneOptions): TuneResult {
  const { level, budget, file } = options;
  if (!Number.isSafeInteger(budget) || budget < 1) throw new RangeError(`the budget must be a positive integer, got ${budget}`);
  if (!(options.days > 0) || !Number.isFinite(options.days)) throw new RangeError(`days must be positive and finite, got ${options.days}`);
  if (options.trainingSeeds.length === 0 || options.evaluationSeeds.length === 0) throw new RangeError('tuning needs training and evaluation seeds');
  const shared = options.trainingSeeds.filter((s) => options.evaluationSeeds.includes(s));
  if (shared.length > 0) throw new RangeError(`training and evaluation seeds must be distinct; both have ${shared.join(', ')}`);

  const base = toRunnable(applyParameters(modelJson, {}, file));
  const parameters = tunablesFor(base, modelJson, level, file);
  const objective = base.tuning!.objective;
  const constraints = objective.constraints ?? [];
  const better = (kpi: string) => base.kpis.find((k) => k.key === kpi)!.better;
  const sign = better(objective.kpi) === 'lower' ? 1 : -1;
  const keys = [...new Set([objective.kpi, ...constraints.map((c) => c.kpi)])];

  const recorded = (modelJson as { tuning?: Record<string, { start?: Record<string, number> } | undefined> }).tuning?.[level]?.start;
  const start: Record<string, number> = {};
  for (const p of parameters) start[p.path] = snap(p, recorded?.[p.path] ?? readParameter(modelJson, p.path)!);
  const withValues = (values: Readonly<Record<string, number>>) => {
    let json = modelJson;
    for (const [path, value] of Object.entries(values)) json = setParameter(json, path, value, file);
    return json;
  };

  const cache = new Map<string, CandidateEvaluation>();
  const history: CandidateEvaluation[] = [];
  let startMeans: Record<string, number> = {};
  const evaluate = (values: Record<string, number>): CandidateEvaluation | undefined => {
    const k = key(values);
    const seen = cache.get(k);
    if (seen) return seen;
    if (history.length >= budget) return undefined;
    const { means, samples } = crnMeans(withValues(values), toRunnable, options, options.trainingSeeds, keys);
    if (history.length === 0) startMeans = means;
    const evaluation: CandidateEvaluation = { values: { ...values }, means, violation: constraintViolation(constraints, samples, startMeans, better) };
    cache.set(k, evaluation);
    history.push(evaluation);
    options.onEvaluation?.(evaluation, history.length);
    return evaluation;
  };
  /** Lower is better: feasibility first, then the objective in its better direction; NaN ranks last. */
  const improves = (a: CandidateEvaluation, b: CandidateEvaluation): boolean => {
    if (a.violation !== b.violation) return a.violation < b.violation;
    const fa = sign * a.means[objective.kpi]!;
    const fb = sign * b.means[objective.kpi]!;
    if (Number.isNaN(fa)) return false;
    return Number.isNaN(fb) || fa < fb;
  };

  let current = { ...start };
  let best = evaluate(current)!;
  const steps = parameters.map((p) => Math.max(p.step, p.integer ? 1 : 0, (p.max - p.min) / 4));
  search: while (history.length < budget) {
    let improved = false;
    for (let i = 0; i < parameters.length; i++) {
      const p = parameters[i]!;
      for (const direction of [1, -1]) {
        const candidate = { ...current, [p.path]: snap(p, current[p.path]! + direction * steps[i]!) };
        if (candidate[p.path] === current[p.path]) continue;
        const result = evaluate(candidate);
        if (!result) break search;
        if (improves(result, best)) {
          best = result;
          current = candidate;
          improved = true;
          break;
        }
      }
    }
    if (!improved) {
      const finest = parameters.every((p, i) => steps[i]! <= Math.max(p.step, p.integer ? 1 : 0));
      if (finest) break;
      parameters.forEach((p, i) => (steps[i] = Math.max(p.step, p.integer ? 1 : 0, steps[i]! / 2)));
    }
  }

  // Checked on seeds the search never saw: the start and the tuned values, paired by seed, and each constraint's KPI.
  const startRun = crnMeans(withValues(start), toRunnable, options, options.evaluationSeeds, keys);
  const tunedRun = key(current) === key(start) ? startRun : crnMeans(withValues(current), toRunnable, options, options.evaluationSeeds, keys);
  const a = startRun.samples[objective.kpi]!;
  const b = tunedRun.samples[objective.kpi]!;
  const change = estimate(a.map((x, i) => (100 * (b[i]! - x)) / Math.abs(x)));
  const startEstimate = estimate(a);
  const tunedEstimate = estimate(b);
  // Six significant digits: the file records a result, not a bit pattern.
  const finite = (x: number) => (Number.isFinite(x) ? Number(x.toPrecision(6)) : 0);
  const rounded = (samples: readonly number[]) => {
    const e = estimate(samples);
    return { mean: finite(e.mean), ci95: finite(e.ci95) };
  };
  // On the evaluation seeds a constraint is met when its mean meets it (the confidence limit was the search's caution).
  const constraintChecks = constraints.map((c) => ({
    constraint: constraintText({ ...c, confident: false }),
    start: rounded(startRun.samples[c.kpi]!),
    tuned: rounded(tunedRun.samples[c.kpi]!),
    met: constraintViolation([{ ...c, confident: false }], tunedRun.samples, startRun.means, better) === 0,
  }));
  const constraintsText = constraints.map(constraintText).join('; ');
  const provenance: TuningProvenance = {
    command: options.command,
    objective: `${objective.statement} (${better(objective.kpi) === 'lower' ? 'minimise' : 'maximise'} mean ${objective.kpi}${constraintsText ? `; subject to ${constraintsText}` : ''})`,
    algorithm: ALGORITHM,
    budget,
    evaluations: history.length,
    days: options.days,
    trainingSeeds: [...options.trainingSeeds],
    evaluationSeeds: [...options.evaluationSeeds],
    start,
    values: current,
    evaluation: {
      kpi: objective.kpi,
      start: { mean: finite(startEstimate.mean), ci95: finite(startEstimate.ci95) },
      tuned: { mean: finite(tunedEstimate.mean), ci95: finite(tunedEstimate.ci95) },
      changePercent: { mean: finite(change.mean), ci95: finite(change.ci95) },
      ...(constraintChecks.length > 0 ? { constraints: constraintChecks } : {}),
    },
  };
  return { level, parameters, start, values: current, history, provenance };
}

/** The model JSON with the tuned values at their paths and the provenance under `tuning.<level>`; validated again. */
export function applyTuning(modelJson: unknown, result: TuneResult, file: string): unknown {
  let json = modelJson;
  for (const [path, value] of Object.entries(result.values)) json = setParameter(json, path, value, file);
  const root = json as Record<string, unknown>;
  const section = { ...((root.tuning as Record<string, unknown> | undefined) ?? {}) };
  section[result.level] = result.provenance;
  const ordered: Record<string, unknown> = {};
  for (const level of ['L1', 'L2', 'L3']) if (section[level] !== undefined) ordered[level] = section[level];
  const out = { ...root, tuning: ordered };
  applyParameters(out, {}, file);
  return out;
}
