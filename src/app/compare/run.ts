/**
 * The comparison's replications: L1, L2 and L3 (and each capability raised alone, for attribution, with learning
 * curves) over the seeds and run length the trainer chose, spread over workers by `runExperimentInWorkers`; and a
 * per-capability mix ("parallel promotion") over the same seeds. State lives in a small zustand store; progress is
 * written into it at most ten times a second.
 */
import { create } from 'zustand';
import type { ExperimentOptions, ExperimentReport } from '../../core/experiment/experiment.ts';
import { LEVELS, type Level } from '../../core/experiment/levels.ts';
import type { RunnableModel } from '../../core/experiment/runnable.ts';
import { runExperimentsInWorkers, type ExperimentRequest } from '../replication/pool.ts';
import type { ModelSource } from '../replication/protocol.ts';
import { comparedModel, compareSource } from './plants.ts';

export interface RunSettings {
  /** Number of replications (seeds `firstSeed`, `firstSeed + 1`, ...). */
  seedCount: number;
  firstSeed: number;
  /** Run length in simulated days. */
  days: number;
}

/** What a finished comparison was run with, so a mix is only set beside results of the same seeds and run length. */
export interface RunContext {
  modelId: string;
  /** The model run: a catalog id, or the custom model (a student's rule plant) sent whole, as the record carries it. */
  source: ModelSource;
  seeds: number[];
  until: number;
  unitsPerDay: number;
  timeUnit: string;
}

type Status = 'idle' | 'running' | 'done' | 'cancelled' | 'error';

export interface ComparisonRunState {
  settings: RunSettings;
  status: Status;
  progress: number;
  error?: string;
  report?: ExperimentReport;
  context?: RunContext;
  /** The options the report was run with (for the exported reproduction record). */
  options?: Omit<ExperimentOptions, 'onProgress'>;
  /** Parallel promotion: the level chosen per capability, on top of L1. */
  mix: Record<string, Level>;
  mixStatus: Status;
  mixProgress: number;
  mixError?: string;
  /** The mix's report (its `levels.L1` is the mix) and the plain L1/L3 report of the same seeds beside it. */
  mixReport?: ExperimentReport;
  mixBase?: ExperimentReport;
  mixOptions?: Omit<ExperimentOptions, 'onProgress'>;
  /** The model the mix was run on (for its reproduction record). */
  mixSource?: ModelSource;
}

export const useComparisonRun = create<ComparisonRunState>(() => ({
  settings: { seedCount: 5, firstSeed: 1, days: 14 },
  status: 'idle',
  progress: 0,
  mix: {},
  mixStatus: 'idle',
  mixProgress: 0,
}));

let controller: AbortController | undefined;
let mixController: AbortController | undefined;

export function modelOf(modelId: string): RunnableModel {
  return comparedModel(modelId);
}

/** Whether a result run on `context` belongs to what `modelId` names now (a new rule replaces the rule plant). */
export function sameModel(context: Pick<RunContext, 'source'> | undefined, modelId: string): boolean {
  return context !== undefined && context.source.modelId === modelId && context.source.custom?.model === compareSource(modelId).custom?.model;
}

function contextFor(modelId: string, settings: RunSettings): RunContext {
  const model = modelOf(modelId);
  if (!(settings.seedCount >= 1) || !Number.isSafeInteger(settings.seedCount)) {
    throw new RangeError(`replications: expected a whole number of at least 1, got ${settings.seedCount}`);
  }
  if (!Number.isSafeInteger(settings.firstSeed)) throw new RangeError(`first seed: expected a whole number, got ${settings.firstSeed}`);
  if (!(settings.days > 0) || !Number.isFinite(settings.days)) throw new RangeError(`run length: expected a positive number of days, got ${settings.days}`);
  return {
    modelId,
    source: compareSource(modelId),
    seeds: Array.from({ length: settings.seedCount }, (_, i) => settings.firstSeed + i),
    until: settings.days * model.unitsPerDay,
    unitsPerDay: model.unitsPerDay,
    timeUnit: model.timeUnit,
  };
}

/** Progress updates at most every 100 ms: a progress bar needs no more, and React re-renders on each. */
function throttled(set: (fraction: number) => void): (fraction: number) => void {
  let last = 0;
  return (fraction) => {
    const now = performance.now();
    if (fraction < 1 && now - last < 100) return;
    last = now;
    set(fraction);
  };
}

function isAbort(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}

/** Runs every level the plant implements, attribution and curves, in workers. */
export async function runComparison(modelId: string): Promise<void> {
  controller?.abort();
  const { settings } = useComparisonRun.getState();
  let context: RunContext;
  try {
    context = contextFor(modelId, settings);
  } catch (error) {
    useComparisonRun.setState({ status: 'error', error: (error as Error).message });
    return;
  }
  const model = modelOf(modelId);
  const levels = LEVELS.filter((level) => model.levels.includes(level));
  const options: Omit<ExperimentOptions, 'onProgress'> = {
    levels,
    seeds: context.seeds,
    until: context.until,
    attribution: model.capabilities.length > 0 && levels.length > 1,
    curves: true,
  };
  const mine = new AbortController();
  controller = mine;
  useComparisonRun.setState({ status: 'running', progress: 0, error: undefined });
  try {
    const [report] = await runExperimentsInWorkers(
      [{ ...context.source, options }],
      throttled((progress) => {
        if (controller === mine) useComparisonRun.setState({ progress });
      }),
      mine.signal,
    );
    if (controller !== mine) return;
    useComparisonRun.setState({ status: 'done', progress: 1, report, context, options });
  } catch (error) {
    if (controller !== mine) return;
    useComparisonRun.setState(isAbort(error) ? { status: 'cancelled' } : { status: 'error', error: (error as Error).message });
  }
}

export function cancelComparison(): void {
  controller?.abort();
}

/** Whether a report was run with exactly these seeds and run length (so its L1/L3 can stand beside a mix). */
function sameRun(context: RunContext | undefined, other: RunContext): boolean {
  return (
    context !== undefined &&
    context.modelId === other.modelId &&
    context.source.custom?.model === other.source.custom?.model &&
    context.until === other.until &&
    context.seeds.length === other.seeds.length &&
    context.seeds.every((s, i) => s === other.seeds[i])
  );
}

/**
 * Runs the chosen mix (the L1 preset with the chosen capabilities raised) over the comparison's seeds and run length;
 * L1 and L3 beside it come from the comparison when it was run with the same settings, else are run alongside.
 */
export async function runMix(modelId: string): Promise<void> {
  mixController?.abort();
  const { settings, mix, report, context: reportContext } = useComparisonRun.getState();
  let context: RunContext;
  try {
    context = contextFor(modelId, settings);
  } catch (error) {
    useComparisonRun.setState({ mixStatus: 'error', mixError: (error as Error).message });
    return;
  }
  const model = modelOf(modelId);
  const overrides = Object.fromEntries(model.capabilities.map((capability) => [capability, mix[capability] ?? 'L1']));
  const mixOptions: Omit<ExperimentOptions, 'onProgress'> = { levels: ['L1'], seeds: context.seeds, until: context.until, overrides };
  const requests: ExperimentRequest[] = [{ ...context.source, options: mixOptions }];
  const reuse = sameRun(reportContext, context) && report?.levels.L1 && report.levels.L3 ? report : undefined;
  const top = LEVELS.filter((level) => model.levels.includes(level));
  if (!reuse)
    requests.push({ ...context.source, options: { levels: top.length > 1 ? ['L1', top.at(-1)!] : ['L1'], seeds: context.seeds, until: context.until } });
  const mine = new AbortController();
  mixController = mine;
  useComparisonRun.setState({ mixStatus: 'running', mixProgress: 0, mixError: undefined });
  try {
    const [mixReport, base] = await runExperimentsInWorkers(
      requests,
      throttled((mixProgress) => {
        if (mixController === mine) useComparisonRun.setState({ mixProgress });
      }),
      mine.signal,
    );
    if (mixController !== mine) return;
    useComparisonRun.setState({ mixStatus: 'done', mixProgress: 1, mixReport, mixBase: reuse ?? base, mixOptions, mixSource: context.source });
  } catch (error) {
    if (mixController !== mine) return;
    useComparisonRun.setState(isAbort(error) ? { mixStatus: 'cancelled' } : { mixStatus: 'error', mixError: (error as Error).message });
  }
}

export function cancelMix(): void {
  mixController?.abort();
}
