/**
 * Everything `sim` can know is wrong before a run, checked before it (issue 13): output paths that cannot be written,
 * run lengths and replication counts beyond the limits, and a replay record checked whole (its model from the project's
 * catalog or embedded, every sweep point's parameters, levels, capability overrides, attribution, run length, and the
 * depth of its recorded report), so a long run is never lost to a problem found at its end.
 */
import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { dirname, relative, resolve, sep, isAbsolute } from 'node:path';
import { applyParameters } from '../core/experiment/parameters.ts';
import type { ExperimentRecord } from '../core/experiment/record.ts';
import { runnable } from '../core/models.ts';
import { type RunnableModel } from '../core/experiment/runnable.ts';
import { ModelFileError } from '../core/model/errors.ts';
import { formatLimit, LIMITS } from '../core/model/limits.ts';
import type { AnyModel } from '../core/model/load.ts';

/** Most replications one invocation may ask for. */
export const MAX_SEEDS = 10_000;
/** Deepest nesting a recorded report may have (a real one is 5 deep). */
export const MAX_REPORT_DEPTH = 32;

/** A problem with the invocation (exit 2), with a message ready to print. */
export class PreflightError extends Error {}

/** `--curves FILE`: its folder exists and is writable, and FILE is not a folder. */
export function checkWritableFile(option: string, file: string): void {
  const folder = dirname(resolve(file));
  if (!existsSync(folder) || !statSync(folder).isDirectory()) {
    throw new PreflightError(`${option} ${file}: the folder ${folder} does not exist; create it first (nothing was run)`);
  }
  if (existsSync(file) && statSync(file).isDirectory()) throw new PreflightError(`${option} ${file}: is a folder, expected a file name`);
  try {
    accessSync(existsSync(file) ? file : folder, constants.W_OK);
  } catch {
    throw new PreflightError(`${option} ${file}: cannot write there (permission denied; nothing was run)`);
  }
}

/** A run length in model time units within the limit of `LIMITS.runDays`; `given` is how the user wrote it. */
export function checkRunLength(where: string, until: number, model: Pick<RunnableModel, 'unitsPerDay'>, given = formatLimit(until)): void {
  const limit = LIMITS.runDays * model.unitsPerDay;
  if (!(until > 0) || until > limit) {
    throw new PreflightError(
      `${where}: expected a run length from 0 to ${formatLimit(LIMITS.runDays)} days (${formatLimit(limit)} model time units, the limit on a run), got ${given}`,
    );
  }
}

/**
 * The catalog model a record names: only a path inside the project's `factory-models/` folder, as the app writes it.
 * A record never makes the CLI read (and quote) a file elsewhere; a model made in the app travels embedded instead.
 */
export function catalogModelPath(record: ExperimentRecord & { model: string }, file: string, root: string): string {
  const catalog = resolve(root, 'factory-models');
  const path = resolve(root, record.model);
  const inside = relative(catalog, path);
  if (
    isAbsolute(record.model) ||
    inside === '' ||
    inside.startsWith('..') ||
    isAbsolute(inside) ||
    !path.endsWith('.json') ||
    inside.split(sep).includes('..')
  ) {
    throw new ModelFileError(file, [
      {
        path: 'model',
        message: `expected a model of the project's catalog (a path under factory-models/, as the app writes it) or the model embedded as {file, content}; got ${JSON.stringify(record.model)}`,
      },
    ]);
  }
  if (!existsSync(path)) {
    throw new ModelFileError(file, [{ path: 'model', message: `model file "${record.model}" not found in the project's catalog (${catalog})` }]);
  }
  return path;
}

/** Nesting depth of a JSON value, iteratively (a tampered record may nest 100,000 deep), stopping past `limit`. */
export function jsonDepth(value: unknown, limit: number): number {
  let deepest = 0;
  const stack: { value: unknown; depth: number }[] = [{ value, depth: 0 }];
  while (stack.length > 0) {
    const { value: v, depth } = stack.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    deepest = Math.max(deepest, depth + 1);
    if (deepest > limit) return deepest;
    for (const child of Object.values(v)) stack.push({ value: child, depth: depth + 1 });
  }
  return deepest;
}

/**
 * Checks a record whole before anything runs: every parameter set applies to the model, and the levels, capability
 * overrides, attribution and run length suit it. Returns the runnable model of each parameter set.
 */
export function checkRecord(
  record: ExperimentRecord,
  file: string,
  model: AnyModel,
  modelFile: string,
  parameterSets: readonly Record<string, number>[],
): RunnableModel[] {
  const reports = record.sweep
    ? record.sweep.points.map((p, i) => ({ path: `sweep.points[${i}].report`, report: p.report }))
    : [{ path: 'report', report: record.report }];
  for (const { path, report } of reports) {
    if (jsonDepth(report, MAX_REPORT_DEPTH) > MAX_REPORT_DEPTH) {
      throw new ModelFileError(file, [{ path, message: `expected a report nested at most ${MAX_REPORT_DEPTH} deep (the form sim writes), got a deeper one` }]);
    }
  }
  if (record.seeds.length > MAX_SEEDS) {
    throw new ModelFileError(file, [{ path: 'seeds', message: `expected at most ${MAX_SEEDS} seeds (the limit on replications), got ${record.seeds.length}` }]);
  }
  const models = parameterSets.map((parameters) => runnable(applyParameters(model, parameters, modelFile)));
  const first = models[0]!;
  const problem = (path: string, message: string) => new ModelFileError(file, [{ path, message }]);
  record.levels.forEach((level, i) => {
    if (!first.levels.includes(level)) throw problem(`levels[${i}]`, `${first.name} does not implement ${level}; it implements ${first.levels.join(', ')}`);
  });
  for (const [capability, level] of Object.entries(record.overrides)) {
    if (!first.capabilities.includes(capability)) {
      throw problem(`overrides.${capability}`, `unknown capability; ${first.name} has ${first.capabilities.map((c) => `"${c}"`).join(', ') || 'none'}`);
    }
    if (!first.levels.includes(level)) throw problem(`overrides.${capability}`, `level ${level} is not implemented by ${first.name}`);
  }
  if (record.attribution && (first.capabilities.length === 0 || first.levels.length < 2)) {
    throw problem('attribution', `expected false: ${first.name} has no capability levels to attribute`);
  }
  try {
    checkRunLength('until', record.until, first);
  } catch (error) {
    throw problem('until', (error as Error).message.replace(/^until: /, ''));
  }
  return models;
}
