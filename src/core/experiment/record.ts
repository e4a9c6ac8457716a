/**
 * The reproduction record the app exports with a result and `sim --replay` reads back: what model (a catalog file, or
 * the whole content of a model made in the app), which parameter overrides, levels, seeds, run length, attribution and
 * capability overrides, and the report obtained (`reportJson` form). A sweep record holds one report per parameter
 * value. Validated with zod, so a damaged file is refused with the path inside it and what was expected.
 */
import { z } from 'zod';
import { ModelFileError, parseJsonText, problemsFromZod } from '../model/errors.ts';
import type { ExperimentOptions } from './experiment.ts';
import { LEVELS } from './levels.ts';

const level = z.enum(LEVELS);
const finite = z.number().refine(Number.isFinite, { message: 'expected a finite number' });

const pointSchema = z.object({
  /** The swept parameter's value at this point. */
  value: finite,
  report: z.record(z.string(), z.unknown()),
});

export const experimentRecordSchema = z.object({
  /** FabTwin version that wrote the record (package.json). */
  fabtwin: z.string(),
  /** A model file path (relative to the repository root, as in the catalog) or a model made in the app, whole. */
  model: z.union([z.string().min(1), z.object({ file: z.string(), content: z.record(z.string(), z.unknown()) })]),
  /** Parameter overrides by JSON path, applied to the model before running (`sim --set`). */
  parameters: z.record(z.string(), finite).default({}),
  levels: z.array(level).min(1),
  seeds: z.array(z.number().int()).min(1),
  /** Run length in model time units (authoritative); `days` is for people. */
  until: z.number().positive(),
  days: z.number().positive().optional(),
  attribution: z.boolean().default(false),
  overrides: z.record(z.string(), level).default({}),
  curves: z.boolean().default(false),
  /** A single experiment's report (`reportJson` form). */
  report: z.record(z.string(), z.unknown()).optional(),
  /** A parameter sweep: `parameter` set to each value in turn, on top of `parameters`. */
  sweep: z
    .object({
      parameter: z.string().min(1),
      values: z.array(finite).min(1),
      /** The KPI the sweep was plotted for (display only). */
      kpi: z.string().optional(),
      points: z.array(pointSchema),
    })
    .optional(),
});

export type ExperimentRecord = z.infer<typeof experimentRecordSchema>;
export type SweepPoint = z.infer<typeof pointSchema>;

/** Reads a record's text; errors name the file, the path inside it and what was expected. */
export function parseExperimentRecord(text: string, file: string): ExperimentRecord {
  const data = parseJsonText(text, file);
  const result = experimentRecordSchema.safeParse(data, { reportInput: true });
  if (!result.success) throw new ModelFileError(file, problemsFromZod(result.error.issues));
  const record = result.data;
  if (record.report === undefined && record.sweep === undefined) {
    throw new ModelFileError(file, [{ path: 'report', message: 'missing; expected the recorded report (or a sweep with its points)' }]);
  }
  if (record.sweep && record.sweep.points.length !== record.sweep.values.length) {
    throw new ModelFileError(file, [
      { path: 'sweep.points', message: `expected one point per value (${record.sweep.values.length}), got ${record.sweep.points.length}` },
    ]);
  }
  return record;
}

/** The experiment options a record describes (the same for every point of a sweep). */
export function recordOptions(record: ExperimentRecord): Omit<ExperimentOptions, 'onProgress'> {
  return {
    levels: record.levels,
    seeds: record.seeds,
    until: record.until,
    attribution: record.attribution,
    overrides: Object.keys(record.overrides).length > 0 ? record.overrides : undefined,
    curves: record.curves,
  };
}

/** The parameter overrides of each run a record describes: one set, or one per sweep value. */
export function recordParameterSets(record: ExperimentRecord): Record<string, number>[] {
  if (!record.sweep) return [{ ...record.parameters }];
  return record.sweep.values.map((value) => ({ ...record.parameters, [record.sweep!.parameter]: value }));
}
