/**
 * The scheduling lab's state (zustand, outside React) and its actions: the instance and where it came from, the runs
 * of the methods (in the lab's worker), the schedule shown in the Gantt chart and the student's edits of it. Nothing
 * here changes per animation frame: the worker's messages arrive per improvement of tabu search, not per iteration.
 */
import { create } from 'zustand';
import type { BoundEntry } from '../../core/scheduling/catalog.ts';
import { taillardInstance } from '../../core/scheduling/generator.ts';
import { InstanceParseError, type JobShopInstance } from '../../core/scheduling/instance.ts';
import { criticalPath, repairMove, type OperationRef } from '../../core/scheduling/repair.ts';
import { makespanOf, sequencesOf } from '../../core/scheduling/schedule.ts';
import { parseInstanceFile } from './instance-file.ts';
import { BOUNDS, loadBuiltIn } from './instances.ts';
import type { FromLab, LabMethod, TabuLimit, ToLab } from './protocol.ts';
import type { SavedRule } from './saved-rule.ts';
import type { DispatcherWeights } from '../../core/scheduling/learned.ts';

export type InstanceSource =
  | { readonly kind: 'builtin'; readonly name: string }
  | { readonly kind: 'file'; readonly file: string }
  | { readonly kind: 'generated'; readonly timeSeed: number; readonly machineSeed: number };

export interface LabRun {
  readonly id: number;
  readonly method: LabMethod;
  /** The rule of a run of method `own`. */
  readonly rule?: SavedRule;
  readonly seed: number;
  readonly status: 'running' | 'done' | 'error';
  readonly stop?: Extract<FromLab, { type: 'done' }>['stop'];
  readonly makespan?: number;
  readonly iteration?: number;
  readonly elapsedMs?: number;
  readonly starts?: readonly number[];
  readonly error?: string;
  readonly errorCode?: Extract<FromLab, { type: 'error' }>['code'];
}

export interface ShownSchedule {
  /** The run it comes from. */
  readonly runId: number;
  readonly edited: boolean;
  readonly starts: readonly number[];
  readonly sequences: readonly (readonly number[])[];
  readonly makespan: number;
  /** Operation ids (j * m + k) on the critical path. */
  readonly critical: ReadonlySet<number>;
}

/** What the last hand edit did (positions 0-based). */
export interface EditNote {
  readonly kind: 'moved' | 'adjusted' | 'refused';
  readonly job: number;
  readonly machine: number;
  readonly requested: number;
  readonly position: number;
  readonly before: number;
  readonly after: number;
  readonly cycle?: readonly OperationRef[];
}

export type LoadError =
  | { readonly kind: 'parse'; readonly file: string; readonly line: number; readonly expected: string; readonly found: string }
  | { readonly kind: 'other'; readonly file: string; readonly message: string };

export interface LabState {
  instance?: JobShopInstance;
  source?: InstanceSource;
  /** Published bounds, for built-in instances only (a file named ft06 may hold other data). */
  bound?: BoundEntry;
  /** The core's lower bound of the instance (job and one-machine bounds), computed in the lab's worker; undefined until it answers. */
  computedLowerBound?: number;
  runs: readonly LabRun[];
  shown?: ShownSchedule;
  editNote?: EditNote;
  loadError?: LoadError;
  loading: boolean;
}

export const useLab = create<LabState>(() => ({ runs: [], loading: false }));

let worker: Worker | undefined;
let nextRunId = 1;
/** Which instance a `bounds` answer is for: answers for a replaced instance are dropped. */
let instanceId = 0;

function labWorker(): Worker {
  if (!worker) {
    worker = new Worker(new URL('./lab.worker.ts', import.meta.url), { type: 'module' });
    worker.onmessage = (event: MessageEvent<FromLab>) => receive(event.data);
  }
  return worker;
}

/** Sends to the lab's worker (one worker for runs and leaderboards). */
export function send(message: ToLab): void {
  labWorker().postMessage(message);
}

/** The leaderboard's messages go to its own store (`board-store.ts`), which registers here. */
let boardListener: ((message: Extract<FromLab, { type: 'board-result' | 'board-done' }>) => void) | undefined;
export function onBoardMessage(listener: typeof boardListener): void {
  boardListener = listener;
}

function updateRun(id: number, change: Partial<LabRun>): boolean {
  const { runs } = useLab.getState();
  if (!runs.some((run) => run.id === id)) return false; // a run of an instance no longer loaded
  useLab.setState({ runs: runs.map((run) => (run.id === id ? { ...run, ...change } : run)) });
  return true;
}

function receive(message: FromLab): void {
  switch (message.type) {
    case 'progress':
      updateRun(message.runId, { makespan: message.makespan, iteration: message.iteration, elapsedMs: message.elapsedMs, starts: message.starts });
      break;
    case 'done':
      if (
        updateRun(message.runId, {
          status: 'done',
          stop: message.stop,
          makespan: message.makespan,
          elapsedMs: message.elapsedMs,
          starts: message.starts,
          iteration: message.iterations,
        })
      ) {
        // The newest result is shown, unless the student is editing a schedule by hand.
        if (!useLab.getState().shown?.edited) showRun(message.runId);
      }
      break;
    case 'bounds':
      if (message.instanceId === instanceId) useLab.setState({ computedLowerBound: message.lowerBound });
      break;
    case 'error':
      updateRun(message.runId, { status: 'error', error: message.message, ...(message.code ? { errorCode: message.code } : {}) });
      break;
    case 'board-result':
    case 'board-done':
      boardListener?.(message);
      break;
  }
}

function scheduleOf(instance: JobShopInstance, runId: number, starts: readonly number[], edited: boolean): ShownSchedule {
  return {
    runId,
    edited,
    starts,
    sequences: sequencesOf(instance, starts),
    makespan: makespanOf(instance, starts),
    critical: new Set(criticalPath(instance, starts)),
  };
}

/** Replaces the instance: running searches stop, runs and the Gantt chart are cleared. */
function setInstance(instance: JobShopInstance, source: InstanceSource): void {
  for (const run of useLab.getState().runs) if (run.status === 'running') send({ type: 'stop', runId: run.id });
  const bound = source.kind === 'builtin' ? BOUNDS.get(source.name) : undefined;
  useLab.setState({
    instance,
    source,
    bound,
    computedLowerBound: undefined,
    runs: [],
    shown: undefined,
    editNote: undefined,
    loadError: undefined,
    loading: false,
  });
  send({ type: 'bounds', instanceId: ++instanceId, instance });
}

export async function pickBuiltIn(name: string): Promise<void> {
  useLab.setState({ loading: true });
  try {
    setInstance(await loadBuiltIn(name), { kind: 'builtin', name });
  } catch (error) {
    useLab.setState({ loading: false, loadError: { kind: 'other', file: name, message: (error as Error).message } });
  }
}

/** Loads a file the student picked or dropped. A malformed file changes nothing but the error shown. */
export async function loadFile(file: File): Promise<void> {
  try {
    const instance = parseInstanceFile(await file.text(), file.name);
    setInstance(instance, { kind: 'file', file: file.name });
  } catch (error) {
    const loadError: LoadError =
      error instanceof InstanceParseError
        ? { kind: 'parse', file: error.source, line: error.line, expected: error.expected, found: error.found }
        : { kind: 'other', file: file.name, message: (error as Error).message };
    useLab.setState({ loadError });
  }
}

export const GENERATOR_LIMITS = { jobs: [2, 100], machines: [2, 20], seed: [1, 2147483646] } as const;

/** Taillard's generator; false when the inputs are out of range (nothing changes then). */
export function generate(jobs: number, machines: number, timeSeed: number, machineSeed: number): boolean {
  const within = (value: number, [lo, hi]: readonly [number, number]) => Number.isInteger(value) && value >= lo && value <= hi;
  const L = GENERATOR_LIMITS;
  if (!within(jobs, L.jobs) || !within(machines, L.machines) || !within(timeSeed, L.seed) || !within(machineSeed, L.seed)) return false;
  const instance = taillardInstance(`taillard-${jobs}x${machines}-${timeSeed}-${machineSeed}`, jobs, machines, timeSeed, machineSeed);
  setInstance(instance, { kind: 'generated', timeSeed, machineSeed });
  return true;
}

export function startRun(method: LabMethod, seed: number, limit: TabuLimit, rule?: SavedRule, weights?: DispatcherWeights): number | undefined {
  const { instance, bound, runs } = useLab.getState();
  if (!instance) return undefined;
  const id = nextRunId++;
  useLab.setState({ runs: [...runs, { id, method, seed, status: 'running', ...(rule ? { rule } : {}) }] });
  // A published lower bound is proved, so reaching it proves the optimum: tabu may stop there.
  send({
    type: 'run',
    runId: id,
    instance,
    method,
    seed,
    limit,
    ...(bound ? { target: bound.lowerBound } : {}),
    ...(rule ? { rule } : {}),
    ...(weights ? { weights } : {}),
  });
  return id;
}

export function stopRun(id: number): void {
  send({ type: 'stop', runId: id });
}

export function showRun(id: number): void {
  const { instance, runs } = useLab.getState();
  const run = runs.find((r) => r.id === id);
  if (!instance || !run?.starts) return;
  useLab.setState({ shown: scheduleOf(instance, id, run.starts, false), editNote: undefined });
}

/** Moves the operation at `from` on `machine` to `to` in the shown schedule, repaired by the core's nearest-position rule. */
export function moveOperation(machine: number, from: number, to: number): void {
  const { instance, shown } = useLab.getState();
  if (!instance || !shown || from === to) return;
  const result = repairMove(instance, shown.sequences, { machine, from, to }, 'nearest');
  const note: EditNote = {
    kind: result.status === 'unchanged' ? 'moved' : result.status,
    job: result.job,
    machine,
    requested: to,
    position: result.position,
    before: shown.makespan,
    after: result.makespan,
    ...(result.cycle ? { cycle: result.cycle } : {}),
  };
  if (result.status === 'refused') {
    useLab.setState({ editNote: note });
    return;
  }
  useLab.setState({ shown: { ...scheduleOf(instance, shown.runId, result.starts, true), sequences: result.sequences }, editNote: note });
}

/** Gap in % of a makespan above the best-known upper bound, or above the computed lower bound without one. */
export function gapPercent(makespan: number, state: Pick<LabState, 'bound' | 'computedLowerBound'>): number | undefined {
  const reference = state.bound ? state.bound.upperBound : state.computedLowerBound;
  if (reference === undefined) return undefined; // the worker has not answered yet
  return reference > 0 ? ((makespan - reference) / reference) * 100 : 0;
}
