/**
 * The schedule model shared by every algorithm: a start time per operation, operation (j, k) at index j * m + k.
 * The validity checker here is the single definition of a feasible job-shop schedule that all tests rely on.
 */
import type { JobShopInstance } from './instance.ts';

export interface ScheduledOperation {
  /** 0-based job index, as in the instance file. */
  readonly job: number;
  /** 0-based position of the operation within its job. */
  readonly operation: number;
  readonly machine: number;
  readonly start: number;
  readonly end: number;
}

export interface JobShopSolution {
  /** starts[j * m + k]: start time of operation k of job j. */
  readonly starts: readonly number[];
  readonly makespan: number;
}

export interface ScheduleViolation {
  readonly kind: 'shape' | 'time' | 'precedence' | 'overlap' | 'duration' | 'machine';
  readonly message: string;
}

export function makespanOf(instance: JobShopInstance, starts: ArrayLike<number>): number {
  const m = instance.machines;
  let makespan = 0;
  for (let j = 0; j < instance.jobs; j++) {
    const end = starts[j * m + m - 1]! + instance.duration[j]![m - 1]!;
    if (end > makespan) makespan = end;
  }
  return makespan;
}

/** Every constraint a start vector breaks (empty when the schedule is feasible). */
export function validateStarts(instance: JobShopInstance, starts: ArrayLike<number>): ScheduleViolation[] {
  const { jobs: n, machines: m } = instance;
  const out: ScheduleViolation[] = [];
  if (starts.length !== n * m) {
    return [{ kind: 'shape', message: `expected ${n * m} start times, got ${starts.length}` }];
  }
  for (let i = 0; i < n * m; i++) {
    const s = starts[i]!;
    if (!Number.isFinite(s) || s < 0) {
      out.push({ kind: 'time', message: `job ${Math.floor(i / m)} operation ${i % m}: start ${s} is not a finite non-negative time` });
    }
  }
  if (out.length > 0) return out;
  for (let j = 0; j < n; j++) {
    for (let k = 1; k < m; k++) {
      const prevEnd = starts[j * m + k - 1]! + instance.duration[j]![k - 1]!;
      if (starts[j * m + k]! < prevEnd) {
        out.push({ kind: 'precedence', message: `job ${j}: operation ${k} starts at ${starts[j * m + k]} before operation ${k - 1} ends at ${prevEnd}` });
      }
    }
  }
  const byMachine: { job: number; op: number; start: number; end: number }[][] = Array.from({ length: m }, () => []);
  for (let j = 0; j < n; j++) {
    for (let k = 0; k < m; k++) {
      const start = starts[j * m + k]!;
      byMachine[instance.machine[j]![k]!]!.push({ job: j, op: k, start, end: start + instance.duration[j]![k]! });
    }
  }
  for (let mach = 0; mach < m; mach++) {
    const list = byMachine[mach]!.sort((a, b) => a.start - b.start || a.end - b.end);
    for (let i = 1; i < list.length; i++) {
      const a = list[i - 1]!;
      const b = list[i]!;
      if (b.start < a.end) {
        out.push({
          kind: 'overlap',
          message: `machine ${mach}: job ${a.job} op ${a.op} [${a.start}, ${a.end}) overlaps job ${b.job} op ${b.op} [${b.start}, ${b.end})`,
        });
      }
    }
  }
  return out;
}

/**
 * Checks a schedule given as an operation list (the CLI's JSON form): every operation exactly once, on its machine,
 * for its duration, plus all the constraints of `validateStarts`.
 */
export function validateOperationList(instance: JobShopInstance, list: readonly ScheduledOperation[]): ScheduleViolation[] {
  const { jobs: n, machines: m } = instance;
  const starts = new Array<number>(n * m).fill(Number.NaN);
  const out: ScheduleViolation[] = [];
  for (const op of list) {
    const { job, operation } = op;
    if (!Number.isInteger(job) || job < 0 || job >= n || !Number.isInteger(operation) || operation < 0 || operation >= m) {
      out.push({ kind: 'shape', message: `unknown operation job ${job} operation ${operation}` });
      continue;
    }
    if (!Number.isNaN(starts[job * m + operation]!)) out.push({ kind: 'shape', message: `job ${job} operation ${operation} is listed twice` });
    starts[job * m + operation] = op.start;
    if (op.machine !== instance.machine[job]![operation]) {
      out.push({ kind: 'machine', message: `job ${job} operation ${operation} runs on machine ${instance.machine[job]![operation]}, not ${op.machine}` });
    }
    if (op.end - op.start !== instance.duration[job]![operation]) {
      out.push({ kind: 'duration', message: `job ${job} operation ${operation} lasts ${instance.duration[job]![operation]}, not ${op.end - op.start}` });
    }
  }
  for (let i = 0; i < n * m; i++) {
    if (Number.isNaN(starts[i]!)) out.push({ kind: 'shape', message: `job ${Math.floor(i / m)} operation ${i % m} is missing` });
  }
  if (out.length > 0) return out;
  return validateStarts(instance, starts);
}

export function assertValidSchedule(instance: JobShopInstance, starts: ArrayLike<number>): void {
  const violations = validateStarts(instance, starts);
  if (violations.length > 0) {
    throw new Error(
      `${instance.name}: infeasible schedule: ${violations
        .slice(0, 5)
        .map((v) => v.message)
        .join('; ')}`,
    );
  }
}

export function toOperationList(instance: JobShopInstance, starts: ArrayLike<number>): ScheduledOperation[] {
  const m = instance.machines;
  const out: ScheduledOperation[] = [];
  for (let j = 0; j < instance.jobs; j++) {
    for (let k = 0; k < m; k++) {
      const start = starts[j * m + k]!;
      out.push({ job: j, operation: k, machine: instance.machine[j]![k]!, start, end: start + instance.duration[j]![k]! });
    }
  }
  return out;
}

/**
 * The semi-active schedule of given machine sequences (each a list of jobs, in processing order on that machine):
 * every operation starts as early as its job and machine predecessors allow. Returns null when the sequences
 * contradict the job orders (a cycle) or do not list each job once per machine.
 */
export function semiActiveFromSequences(instance: JobShopInstance, sequences: readonly (readonly number[])[]): number[] | null {
  const { jobs: n, machines: m } = instance;
  if (sequences.length !== m) return null;
  // position of job j's operation on machine `mach` -> operation index k
  const opOn = new Int32Array(n * m);
  for (let j = 0; j < n; j++) for (let k = 0; k < m; k++) opOn[j * m + instance.machine[j]![k]!] = k;
  const starts = new Array<number>(n * m).fill(0);
  const jobNext = new Int32Array(n);
  const jobReady = new Float64Array(n);
  const seqPos = new Int32Array(m);
  const machReady = new Float64Array(m);
  for (const seq of sequences) if (seq.length !== n || new Set(seq).size !== n) return null;
  let scheduled = 0;
  let progress = true;
  while (progress) {
    progress = false;
    for (let mach = 0; mach < m; mach++) {
      while (seqPos[mach]! < n) {
        const j = sequences[mach]![seqPos[mach]!]!;
        const k = opOn[j * m + mach]!;
        if (jobNext[j] !== k) break;
        const start = Math.max(jobReady[j]!, machReady[mach]!);
        starts[j * m + k] = start;
        const end = start + instance.duration[j]![k]!;
        jobReady[j] = end;
        machReady[mach] = end;
        jobNext[j] = k + 1;
        seqPos[mach] = seqPos[mach]! + 1;
        scheduled++;
        progress = true;
      }
    }
  }
  return scheduled === n * m ? starts : null;
}

/** Machine sequences (jobs in start order per machine) of a schedule; ties broken by job index. */
export function sequencesOf(instance: JobShopInstance, starts: ArrayLike<number>): number[][] {
  const { jobs: n, machines: m } = instance;
  const seqs: { job: number; start: number }[][] = Array.from({ length: m }, () => []);
  for (let j = 0; j < n; j++) for (let k = 0; k < m; k++) seqs[instance.machine[j]![k]!]!.push({ job: j, start: starts[j * m + k]! });
  return seqs.map((list) => list.sort((a, b) => a.start - b.start || a.job - b.job).map((e) => e.job));
}
