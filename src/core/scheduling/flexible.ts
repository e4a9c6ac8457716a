/**
 * The generalised model the plant re-optimises: a flexible job shop with release times, due dates and weights.
 *
 * - A job is a chain of operations; an operation may run on any one of its alternative machines (parallel machines of a
 *   stage), each with its own duration. The classical job shop is the case of one alternative per operation.
 * - A job may not start before its release time. Objectives: makespan, or total weighted tardiness
 *   sum w_j max(0, C_j - d_j).
 *
 * Search (`flexibleSearch`): a solution is a machine choice per operation plus an operation sequence (a permutation of job
 * indices with repetition; the k-th occurrence of j is j's k-th operation). The decoder places the operations in
 * sequence order, each at the earliest time its job, its release and an idle gap on its machine allow (gap insertion,
 * so decoded schedules are active-like). Local search with Late Acceptance Hill Climbing (Burke and Bykov 2017): a
 * candidate is accepted if it is no worse than the current solution or than the solution L iterations ago; moves are
 * (a) re-assigning an operation to another alternative, biased to the machine that would finish it first, and (b) moving
 * an entry of the sequence to another position, biased to the critical (latest-finishing or most tardy) job. It is
 * simpler and slower than the block-move tabu search of `tabu.ts`, which only covers the classical case, but it handles
 * every constraint of this model and is deterministic per seed.
 */
import type { Observable, SchedulerLike } from 'rxjs';
import { anytime$ } from './anytime.ts';
import { createStream, type Rng } from '../random/stream.ts';
import type { JobShopInstance } from './instance.ts';

export interface FlexAlternative {
  readonly machine: number;
  readonly duration: number;
}
export interface FlexOperation {
  readonly alternatives: readonly FlexAlternative[];
}
export interface FlexJob {
  readonly operations: readonly FlexOperation[];
  /** Earliest start of the job's first operation (default 0). */
  readonly release?: number;
  /** Due date of the job's last operation (default: none, never tardy). */
  readonly due?: number;
  /** Tardiness weight (default 1). */
  readonly weight?: number;
}
export interface FlexibleInstance {
  readonly name: string;
  readonly machines: number;
  readonly jobs: readonly FlexJob[];
}

export type FlexObjective = 'makespan' | 'weighted-tardiness';

export interface FlexScheduledOperation {
  readonly job: number;
  readonly operation: number;
  readonly machine: number;
  readonly start: number;
  readonly end: number;
}

/** Throws a RangeError naming the first problem of an instance built in code. */
export function validateFlexibleInstance(instance: FlexibleInstance): FlexibleInstance {
  const { machines } = instance;
  if (!Number.isInteger(machines) || machines < 1) throw new RangeError(`${instance.name}: machines must be a positive integer`);
  instance.jobs.forEach((job, j) => {
    if (job.operations.length === 0) throw new RangeError(`${instance.name}: job ${j} has no operations`);
    for (const [key, v] of [
      ['release', job.release],
      ['due', job.due],
      ['weight', job.weight],
    ] as const) {
      if (v !== undefined && !(Number.isFinite(v) && v >= 0)) throw new RangeError(`${instance.name}: job ${j}: ${key} must be a finite non-negative number`);
    }
    job.operations.forEach((op, k) => {
      if (op.alternatives.length === 0) throw new RangeError(`${instance.name}: job ${j} operation ${k} has no machine`);
      const seen = new Set<number>();
      for (const alt of op.alternatives) {
        if (!Number.isInteger(alt.machine) || alt.machine < 0 || alt.machine >= machines) {
          throw new RangeError(`${instance.name}: job ${j} operation ${k}: machine ${alt.machine} not in 0..${machines - 1}`);
        }
        if (seen.has(alt.machine)) throw new RangeError(`${instance.name}: job ${j} operation ${k} lists machine ${alt.machine} twice`);
        seen.add(alt.machine);
        if (!(Number.isFinite(alt.duration) && alt.duration >= 0))
          throw new RangeError(`${instance.name}: job ${j} operation ${k}: duration must be finite and non-negative`);
      }
    });
  });
  return instance;
}

/** The classical instance as a flexible one, optionally with release times, due dates and weights per job. */
export function fromJobShop(
  instance: JobShopInstance,
  extra: { release?: readonly number[]; due?: readonly number[]; weight?: readonly number[] } = {},
): FlexibleInstance {
  return {
    name: instance.name,
    machines: instance.machines,
    jobs: instance.machine.map((row, j) => ({
      operations: row.map((machine, k) => ({ alternatives: [{ machine, duration: instance.duration[j]![k]! }] })),
      ...(extra.release ? { release: extra.release[j]! } : {}),
      ...(extra.due ? { due: extra.due[j]! } : {}),
      ...(extra.weight ? { weight: extra.weight[j]! } : {}),
    })),
  };
}

export interface FlexViolation {
  readonly message: string;
}

/** Every constraint a schedule breaks: each operation once, on one of its machines, for its duration, after its job's release and previous operation, and no two operations overlapping on a machine. */
export function validateFlexibleSchedule(instance: FlexibleInstance, schedule: readonly FlexScheduledOperation[]): FlexViolation[] {
  const out: FlexViolation[] = [];
  const index = new Map<string, FlexScheduledOperation>();
  for (const op of schedule) {
    const job = instance.jobs[op.job];
    const spec = job?.operations[op.operation];
    if (!job || !spec) {
      out.push({ message: `unknown operation job ${op.job} operation ${op.operation}` });
      continue;
    }
    const key = `${op.job}/${op.operation}`;
    if (index.has(key)) out.push({ message: `job ${op.job} operation ${op.operation} is scheduled twice` });
    index.set(key, op);
    const alt = spec.alternatives.find((a) => a.machine === op.machine);
    if (!alt) out.push({ message: `job ${op.job} operation ${op.operation} cannot run on machine ${op.machine}` });
    else if (op.end - op.start !== alt.duration)
      out.push({ message: `job ${op.job} operation ${op.operation} lasts ${alt.duration} on machine ${op.machine}, not ${op.end - op.start}` });
    if (!(Number.isFinite(op.start) && op.start >= 0)) out.push({ message: `job ${op.job} operation ${op.operation}: invalid start ${op.start}` });
  }
  instance.jobs.forEach((job, j) => {
    let prevEnd = job.release ?? 0;
    job.operations.forEach((_, k) => {
      const op = index.get(`${j}/${k}`);
      if (!op) {
        out.push({ message: `job ${j} operation ${k} is missing` });
        return;
      }
      if (op.start < prevEnd) {
        out.push({
          message:
            k === 0
              ? `job ${j} starts at ${op.start} before its release ${prevEnd}`
              : `job ${j} operation ${k} starts at ${op.start} before operation ${k - 1} ends at ${prevEnd}`,
        });
      }
      prevEnd = op.end;
    });
  });
  const byMachine = new Map<number, FlexScheduledOperation[]>();
  for (const op of schedule) {
    const list = byMachine.get(op.machine) ?? [];
    list.push(op);
    byMachine.set(op.machine, list);
  }
  for (const [machine, list] of byMachine) {
    list.sort((a, b) => a.start - b.start || a.end - b.end);
    for (let i = 1; i < list.length; i++) {
      if (list[i]!.start < list[i - 1]!.end) {
        out.push({
          message: `machine ${machine}: job ${list[i - 1]!.job} op ${list[i - 1]!.operation} and job ${list[i]!.job} op ${list[i]!.operation} overlap`,
        });
      }
    }
  }
  return out;
}

/** The objective of a (valid) schedule. */
export function flexibleObjective(instance: FlexibleInstance, schedule: readonly FlexScheduledOperation[], objective: FlexObjective): number {
  const completion = new Array<number>(instance.jobs.length).fill(0);
  for (const op of schedule) completion[op.job] = Math.max(completion[op.job]!, op.end);
  if (objective === 'makespan') return Math.max(0, ...completion);
  return instance.jobs.reduce((sum, job, j) => sum + (job.weight ?? 1) * Math.max(0, completion[j]! - (job.due ?? Infinity)), 0);
}

interface Encoded {
  /** choice[opIndex]: index into that operation's alternatives. */
  choice: Int32Array;
  /** Sequence of job indices, length = number of operations. */
  sequence: Int32Array;
}

/** Decoding with gap insertion; see the module comment. */
class Decoder {
  readonly opBase: Int32Array; // first flat operation index of each job
  readonly total: number;
  private readonly busyStart: number[][];
  private readonly busyEnd: number[][];
  readonly start: Float64Array;
  readonly machineOf: Int32Array;
  readonly completion: Float64Array;
  constructor(readonly instance: FlexibleInstance) {
    this.opBase = new Int32Array(instance.jobs.length);
    let t = 0;
    instance.jobs.forEach((job, j) => {
      this.opBase[j] = t;
      t += job.operations.length;
    });
    this.total = t;
    this.busyStart = Array.from({ length: instance.machines }, () => []);
    this.busyEnd = Array.from({ length: instance.machines }, () => []);
    this.start = new Float64Array(t);
    this.machineOf = new Int32Array(t);
    this.completion = new Float64Array(instance.jobs.length);
  }

  decode(sol: Encoded, objective: FlexObjective): number {
    const { instance, busyStart, busyEnd, opBase } = this;
    for (let mach = 0; mach < instance.machines; mach++) {
      busyStart[mach]!.length = 0;
      busyEnd[mach]!.length = 0;
    }
    const nextOp = new Int32Array(instance.jobs.length);
    const ready = Float64Array.from(instance.jobs, (job) => job.release ?? 0);
    for (let s = 0; s < sol.sequence.length; s++) {
      const j = sol.sequence[s]!;
      const k = nextOp[j]!++;
      const flat = opBase[j]! + k;
      const alt = instance.jobs[j]!.operations[k]!.alternatives[sol.choice[flat]!]!;
      const starts = busyStart[alt.machine]!;
      const ends = busyEnd[alt.machine]!;
      // earliest gap on the machine at or after `ready` that fits the duration
      let t = ready[j]!;
      let i = 0;
      while (i < starts.length && ends[i]! <= t) i++;
      while (i < starts.length && starts[i]! < t + alt.duration) {
        t = Math.max(t, ends[i]!);
        i++;
      }
      starts.splice(i, 0, t);
      ends.splice(i, 0, t + alt.duration);
      this.start[flat] = t;
      this.machineOf[flat] = alt.machine;
      ready[j] = t + alt.duration;
    }
    let value = 0;
    instance.jobs.forEach((job, j) => {
      const c = ready[j]!;
      this.completion[j] = c;
      value = objective === 'makespan' ? Math.max(value, c) : value + (job.weight ?? 1) * Math.max(0, c - (job.due ?? Infinity));
    });
    return value;
  }

  schedule(sol: Encoded): FlexScheduledOperation[] {
    const out: FlexScheduledOperation[] = [];
    this.instance.jobs.forEach((job, j) => {
      job.operations.forEach((op, k) => {
        const flat = this.opBase[j]! + k;
        out.push({
          job: j,
          operation: k,
          machine: this.machineOf[flat]!,
          start: this.start[flat]!,
          end: this.start[flat]! + op.alternatives[sol.choice[flat]!]!.duration,
        });
      });
    });
    return out;
  }
}

export interface FlexSearchOptions {
  objective?: FlexObjective;
  seed?: number;
  maxIterations?: number;
  timeLimitMs?: number;
  clock?: () => number;
  /** Late-acceptance history length (default 50). */
  history?: number;
}

export interface FlexImprovement {
  readonly value: number;
  readonly iteration: number;
  readonly elapsedMs: number;
  readonly schedule: readonly FlexScheduledOperation[];
}

export interface FlexResult extends FlexImprovement {
  readonly iterations: number;
  /** The objective of the greedy start. */
  readonly initialValue: number;
}

/**
 * Greedy construction: repeatedly dispatch, among the jobs' next operations, the one finishing earliest on its best
 * machine (ties: earliest due date, then lower job), on that machine.
 */
function greedy(instance: FlexibleInstance, decoder: Decoder): Encoded {
  const nJobs = instance.jobs.length;
  const choice = new Int32Array(decoder.total);
  const sequence = new Int32Array(decoder.total);
  const nextOp = new Int32Array(nJobs);
  const ready = Float64Array.from(instance.jobs, (job) => job.release ?? 0);
  const machineFree = new Float64Array(instance.machines);
  for (let s = 0; s < decoder.total; s++) {
    let bestJob = -1;
    let bestAlt = -1;
    let bestEnd = Infinity;
    let bestDue = Infinity;
    for (let j = 0; j < nJobs; j++) {
      const job = instance.jobs[j]!;
      const k = nextOp[j]!;
      if (k >= job.operations.length) continue;
      job.operations[k]!.alternatives.forEach((alt, a) => {
        const end = Math.max(ready[j]!, machineFree[alt.machine]!) + alt.duration;
        const due = job.due ?? Infinity;
        if (end < bestEnd || (end === bestEnd && due < bestDue)) {
          bestEnd = end;
          bestDue = due;
          bestJob = j;
          bestAlt = a;
        }
      });
    }
    const k = nextOp[bestJob]!++;
    const alt = instance.jobs[bestJob]!.operations[k]!.alternatives[bestAlt]!;
    choice[decoder.opBase[bestJob]! + k] = bestAlt;
    sequence[s] = bestJob;
    ready[bestJob] = machineFree[alt.machine] = bestEnd;
  }
  return { choice, sequence };
}

export class FlexibleSearch {
  private readonly decoder: Decoder;
  private readonly rng: Rng;
  private readonly objective: FlexObjective;
  private current: Encoded;
  private currentValue: number;
  /** SPEED TRICK: job completions of the current solution, kept so a move can be picked without decoding it again (halves the time per iteration, same results). */
  private readonly currentCompletion: Float64Array;
  private best: Encoded;
  bestValue: number;
  readonly initialValue: number;
  private readonly historyValues: Float64Array;
  iteration = 0;
  private readonly startTime: number;
  private improvements: FlexImprovement[] = [];
  stopped = false;

  constructor(
    readonly instance: FlexibleInstance,
    private readonly options: FlexSearchOptions = {},
  ) {
    validateFlexibleInstance(instance);
    if (options.timeLimitMs !== undefined && !options.clock) throw new Error('flexible search: a time limit needs a clock option');
    this.objective = options.objective ?? 'makespan';
    this.decoder = new Decoder(instance);
    this.rng = createStream(options.seed ?? 0, `scheduling:flexible:${instance.name}`);
    this.startTime = options.clock?.() ?? 0;
    this.current = greedy(instance, this.decoder);
    this.currentValue = this.decoder.decode(this.current, this.objective);
    this.currentCompletion = this.decoder.completion.slice();
    this.initialValue = this.currentValue;
    this.best = clone(this.current);
    this.bestValue = this.currentValue;
    this.historyValues = new Float64Array(options.history ?? 50).fill(this.currentValue);
    this.improvements.push(this.snapshot());
  }

  private snapshot(): FlexImprovement {
    this.decoder.decode(this.best, this.objective);
    return {
      value: this.bestValue,
      iteration: this.iteration,
      elapsedMs: (this.options.clock?.() ?? 0) - this.startTime,
      schedule: this.decoder.schedule(this.best),
    };
  }

  /** The job driving the objective: the last to finish (makespan) or a tardy job drawn by weighted tardiness. */
  private criticalJob(): number {
    const completion = this.currentCompletion;
    const jobs = this.instance.jobs;
    if (this.objective === 'makespan') {
      let best = 0;
      for (let j = 1; j < jobs.length; j++) if (completion[j]! > completion[best]!) best = j;
      return best;
    }
    let total = 0;
    for (let j = 0; j < jobs.length; j++) total += (jobs[j]!.weight ?? 1) * Math.max(0, completion[j]! - (jobs[j]!.due ?? Infinity));
    if (total === 0) return this.rng.nextInt(jobs.length);
    let u = this.rng.next() * total;
    for (let j = 0; j < jobs.length; j++) {
      u -= (jobs[j]!.weight ?? 1) * Math.max(0, completion[j]! - (jobs[j]!.due ?? Infinity));
      if (u < 0) return j;
    }
    return jobs.length - 1;
  }

  private neighbour(): Encoded {
    const cand = clone(this.current);
    const rng = this.rng;
    const total = cand.sequence.length;
    const focus = rng.next() < 0.5 ? this.criticalJob() : rng.nextInt(this.instance.jobs.length);
    const job = this.instance.jobs[focus]!;
    if (rng.next() < 0.3) {
      const k = rng.nextInt(job.operations.length);
      const alts = job.operations[k]!.alternatives;
      if (alts.length > 1) {
        const flat = this.decoder.opBase[focus]! + k;
        let a = rng.nextInt(alts.length - 1);
        if (a >= cand.choice[flat]!) a++;
        cand.choice[flat] = a;
        return cand;
      }
    }
    // move one of the focus job's entries earlier (or anywhere, half the time)
    const positions: number[] = [];
    for (let s = 0; s < total; s++) if (cand.sequence[s] === focus) positions.push(s);
    const from = positions[rng.nextInt(positions.length)]!;
    const to = rng.next() < 0.5 ? rng.nextInt(from + 1) : rng.nextInt(total);
    const v = cand.sequence[from]!;
    if (from < to) cand.sequence.copyWithin(from, from + 1, to + 1);
    else cand.sequence.copyWithin(to + 1, to, from);
    cand.sequence[to] = v;
    return cand;
  }

  run(iterations = Infinity): boolean {
    for (let i = 0; i < iterations; i++) {
      if (this.isDone()) return true;
      this.iteration++;
      const cand = this.neighbour();
      const value = this.decoder.decode(cand, this.objective);
      const slot = this.iteration % this.historyValues.length;
      if (value <= this.currentValue || value <= this.historyValues[slot]!) {
        this.current = cand;
        this.currentValue = value;
        this.currentCompletion.set(this.decoder.completion);
        if (value < this.bestValue) {
          this.best = clone(cand);
          this.bestValue = value;
          this.improvements.push(this.snapshot());
        }
      }
      this.historyValues[slot] = this.currentValue;
    }
    return this.isDone();
  }

  private isDone(): boolean {
    if (this.stopped) return true;
    const o = this.options;
    if (this.bestValue === 0 && this.objective === 'weighted-tardiness') this.stopped = true;
    else if (o.maxIterations !== undefined && this.iteration >= o.maxIterations) this.stopped = true;
    else if (o.timeLimitMs !== undefined && (this.iteration & 31) === 0 && o.clock!() - this.startTime >= o.timeLimitMs) this.stopped = true;
    return this.stopped;
  }

  takeImprovements(): FlexImprovement[] {
    const out = this.improvements;
    this.improvements = [];
    return out;
  }

  result(): FlexResult {
    return { ...this.snapshot(), iterations: this.iteration, initialValue: this.initialValue };
  }
}

function clone(sol: Encoded): Encoded {
  return { choice: sol.choice.slice(), sequence: sol.sequence.slice() };
}

export function flexibleSearch(instance: FlexibleInstance, options: FlexSearchOptions, onImprove?: (imp: FlexImprovement) => void): FlexResult {
  if (options.maxIterations === undefined && options.timeLimitMs === undefined) throw new Error('flexible search: give maxIterations or timeLimitMs');
  const search = new FlexibleSearch(instance, options);
  for (;;) {
    const stopped = search.run(500);
    if (onImprove) for (const imp of search.takeImprovements()) onImprove(imp);
    if (stopped) return search.result();
  }
}

/** Anytime stream of improving schedules, then the final result; sliced on `scheduler` like `tabuSearch$`. */
export function flexibleSearch$(
  instance: FlexibleInstance,
  options: FlexSearchOptions & { sliceIterations?: number; scheduler?: SchedulerLike },
): Observable<FlexImprovement | FlexResult> {
  return anytime$(
    () => {
      if (options.maxIterations === undefined && options.timeLimitMs === undefined) {
        throw new Error('flexible search: give maxIterations or timeLimitMs');
      }
      return new FlexibleSearch(instance, options);
    },
    options.sliceIterations ?? 500,
    options.scheduler,
  );
}
