/**
 * Messages between the replication pool and its workers. A worker is told each model once (with its parameter
 * overrides), then runs planned replications one at a time: the pool hands the next run to whichever worker is free.
 */
import type { RunResult, RunSpec } from '../../core/experiment/experiment.ts';

/** Where a model comes from: the catalog by id, or a model made in the app, sent whole. */
export interface ModelSource {
  modelId: string;
  custom?: { model: unknown; file: string };
  /** Parameter overrides by JSON path (`cnc.cells`), applied before running. */
  parameters?: Readonly<Record<string, number>>;
}

export type ToReplication = { type: 'model'; model: number; source: ModelSource } | { type: 'run'; job: number; model: number; spec: RunSpec };

export type FromReplication =
  { type: 'progress'; job: number; fraction: number } | { type: 'result'; job: number; result: RunResult } | { type: 'error'; job: number; message: string };
