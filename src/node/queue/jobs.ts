/**
 * What travels through the queue. A job is one planned replication: the model content (parameters applied), the level
 * configuration (a level for every capability), seed, run length and slicing, and the FabTwin version that asked for
 * it. Its id is a content hash of exactly those, so the same run asked twice (a resubmitted or interrupted experiment,
 * a sweep point shared by two engineers) is one job, computed once, and a result is never reused across versions.
 * Results go through JSON, which loses NaN, infinities and -0, so numbers are encoded to keep every bit.
 */
import type { RunResult, RunSpec } from '../../core/experiment/experiment.ts';
import type { CapabilityLevels } from '../../core/experiment/levels.ts';
import type { AnyModel } from '../../core/model/load.ts';
import { contentHash } from '../content-hash.ts';
import packageJson from '../../../package.json';

export const FABTWIN_VERSION: string = packageJson.version;

/** The BullMQ queue every submitter and worker of a Redis database shares. */
export const RUN_QUEUE = 'fabtwin-runs';

/** Where a submitter keeps an experiment's reproduction record beside its results. */
export const RECORD_KEY_PREFIX = 'fabtwin:record:';

export interface RunJobData {
  fabtwin: string;
  modelKey: string;
  model: AnyModel;
  capabilities: CapabilityLevels;
  seed: number;
  until: number;
  slices: number;
  curves: boolean;
  /** For messages only (not hashed): model, level and seed as the submitter names them. */
  label: string;
  /** The configuration key the submitter planned (`L2`, or a capability raised alone); for messages only. */
  key: string;
}

export function runJob(model: AnyModel, modelKey: string, spec: RunSpec, label: string): { id: string; data: RunJobData } {
  const data: RunJobData = {
    fabtwin: FABTWIN_VERSION,
    modelKey,
    model,
    capabilities: spec.capabilities,
    seed: spec.seed,
    until: spec.until,
    slices: spec.slices,
    curves: spec.curves,
    label,
    key: spec.key,
  };
  const { label: _label, key: _key, model: _model, ...identity } = data;
  // `modelKey` is already the content hash of the model, so hashing it stands for hashing the content.
  return { id: `run-${contentHash(identity)}`, data };
}

/** The spec a worker runs (the plan index and key are the submitter's business; results are matched by job id). */
export function jobSpec(data: RunJobData): RunSpec {
  return { index: 0, key: data.key, capabilities: data.capabilities, seed: data.seed, until: data.until, slices: data.slices, curves: data.curves };
}

type Encoded = number | string | Encoded[] | { [key: string]: Encoded } | boolean | null;

/** Numbers JSON cannot carry exactly become tagged strings; strings are tagged too, so nothing is ambiguous. */
function encode(value: unknown): Encoded {
  if (typeof value === 'number') {
    if (Number.isFinite(value) && !Object.is(value, -0)) return value;
    return `#${Object.is(value, -0) ? '-0' : String(value)}`;
  }
  if (typeof value === 'string') return `$${value}`;
  if (Array.isArray(value)) return value.map(encode);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, encode(inner)]));
  }
  return value as boolean | null;
}

function decode(value: unknown): unknown {
  if (typeof value === 'string') {
    if (value.startsWith('$')) return value.slice(1);
    if (value.startsWith('#')) return Number(value.slice(1));
    throw new TypeError(`queue result: unexpected string ${JSON.stringify(value)}`);
  }
  if (Array.isArray(value)) return value.map(decode);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, decode(inner)]));
  }
  return value;
}

/** What a job returns: the run's KPIs, curves and event count, JSON-safe. */
export function encodeResult(result: RunResult): Encoded {
  const { kpis, curves, events } = result;
  return encode(curves ? { kpis, curves, events } : { kpis, events });
}

/** A job's return value back as the submitter's `RunResult` for one planned run. */
export function decodeResult(value: unknown, spec: RunSpec): RunResult {
  const decoded = decode(typeof value === 'string' ? JSON.parse(value) : value) as Omit<RunResult, 'index' | 'key' | 'seed'>;
  return { index: spec.index, key: spec.key, seed: spec.seed, ...decoded };
}
