/**
 * The reproduction record exported with a result (`src/core/experiment/record.ts` describes and validates it): enough
 * to run the same experiment again with `npm run sim -- --replay file.json` and get the same numbers.
 */
import type { ExperimentOptions, ExperimentReport } from '../../core/experiment/experiment.ts';
import type { ExperimentRecord } from '../../core/experiment/record.ts';
import { reportJson } from '../../core/experiment/report-json.ts';
import type { RunnableModel } from '../../core/experiment/runnable.ts';
import { findModel } from '../engine/catalog.ts';
import packageJson from '../../../package.json';

/** The FabTwin version that wrote a record. */
export const FABTWIN_VERSION: string = packageJson.version;

export interface RecordSource {
  modelId: string;
  /** A model made in the app: recorded whole, since no file holds it. */
  custom?: { model: unknown; file: string };
  /** Parameter overrides applied to the model (by JSON path). */
  parameters?: Readonly<Record<string, number>>;
}

/** The `reportJson` form of a report: the numbers `sim --format json` prints for the same experiment. */
export function reportForRecord(model: RunnableModel, report: ExperimentReport): Record<string, unknown> {
  const context = { unitsPerDay: model.unitsPerDay, timeUnit: model.timeUnit, notes: model.notes?.(report) };
  return reportJson(report, context) as Record<string, unknown>;
}

function header(source: RecordSource, model: RunnableModel, options: Omit<ExperimentOptions, 'onProgress'>) {
  return {
    fabtwin: FABTWIN_VERSION,
    model: source.custom ? { file: source.custom.file, content: source.custom.model as Record<string, unknown> } : findModel(source.modelId).file,
    parameters: { ...(source.parameters ?? {}) },
    levels: [...options.levels],
    seeds: [...options.seeds],
    until: options.until,
    days: options.until / model.unitsPerDay,
    attribution: options.attribution ?? false,
    overrides: { ...(options.overrides ?? {}) },
    curves: options.curves ?? false,
  };
}

/** The record of one experiment. `model` is the runnable the report came from (for its time unit and notes). */
export function experimentRecord(
  source: RecordSource,
  model: RunnableModel,
  options: Omit<ExperimentOptions, 'onProgress'>,
  report: ExperimentReport,
): ExperimentRecord {
  return { ...header(source, model, options), report: reportForRecord(model, report) };
}

/** The record of a sweep: `parameter` set to each value in turn on top of `source.parameters`, one report per value. */
export function sweepRecord(
  source: RecordSource,
  model: RunnableModel,
  options: Omit<ExperimentOptions, 'onProgress'>,
  sweep: { parameter: string; kpi?: string; points: { value: number; model: RunnableModel; report: ExperimentReport }[] },
): ExperimentRecord {
  return {
    ...header(source, model, options),
    sweep: {
      parameter: sweep.parameter,
      values: sweep.points.map((p) => p.value),
      ...(sweep.kpi ? { kpi: sweep.kpi } : {}),
      points: sweep.points.map((p) => ({ value: p.value, report: reportForRecord(p.model, p.report) })),
    },
  };
}
