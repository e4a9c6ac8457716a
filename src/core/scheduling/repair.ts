/**
 * Hand edits of a job-shop schedule, as the scheduling lab's students make them: move one operation to another position
 * in its machine's sequence, then repair the schedule so it stays feasible.
 *
 * A schedule is edited as its machine sequences (per machine, the jobs in processing order: `sequencesOf`). After a move
 * the semi-active schedule of the new sequences is recomputed (every operation as early as its job and machine
 * predecessors allow), so the result always satisfies `validateStarts`. A move can contradict the job orders: job A
 * before B on one machine while B's later operations must precede A's through other machines closes a cycle in the
 * disjunctive graph, and no schedule has those sequences. Two documented ways out (`RepairMode`):
 *
 * - `refuse`: nothing changes; the result names one cycle, operation by operation, so the student can see why.
 * - `nearest` (the lab's default): the operation goes to the position nearest the requested one, on the way from its old
 *   position, that creates no cycle. Moving an operation further in the same direction only adds precedences, so once a
 *   position closes a cycle every position beyond it does too: "nearest" is the furthest the job orders allow. The cycle
 *   of the requested position is still reported.
 *
 * Also the critical path of a schedule, for highlighting: a chain of operations with no idle time between them, from
 * time 0 to the makespan.
 */
import type { JobShopInstance } from './instance.ts';
import { makespanOf, semiActiveFromSequences, sequencesOf } from './schedule.ts';

/** Per machine, the jobs in processing order on it. */
export type MachineSequences = readonly (readonly number[])[];

export interface OperationRef {
  readonly job: number;
  /** 0-based position of the operation within its job. */
  readonly operation: number;
  readonly machine: number;
}

export type RepairMode = 'refuse' | 'nearest';

export interface SequenceMove {
  readonly machine: number;
  /** Position of the operation in the machine's sequence now. */
  readonly from: number;
  /** Position it should take (in the sequence after the move). */
  readonly to: number;
}

export interface RepairResult {
  /**
   * `moved`: at the requested position; `adjusted`: at the nearest feasible one instead (mode `nearest`); `refused`:
   * nothing changed (mode `refuse`, or `nearest` when every position on the way closes a cycle); `unchanged`: the move
   * asked for the position it already had.
   */
  readonly status: 'moved' | 'adjusted' | 'refused' | 'unchanged';
  readonly job: number;
  readonly requested: number;
  /** Where the operation is now. */
  readonly position: number;
  readonly sequences: number[][];
  /** The semi-active schedule of `sequences`, index j * m + k. */
  readonly starts: number[];
  readonly makespan: number;
  /** The cycle the requested position would close, in arc order (last operation precedes the first); set when refused or adjusted. */
  readonly cycle?: readonly OperationRef[];
}

/** Checks that sequences list each job once per machine; throws a RangeError naming the first problem. */
function checkSequences(instance: JobShopInstance, sequences: MachineSequences): void {
  const { jobs: n, machines: m } = instance;
  if (sequences.length !== m) throw new RangeError(`${instance.name}: expected ${m} machine sequences, got ${sequences.length}`);
  for (let mach = 0; mach < m; mach++) {
    const seq = sequences[mach]!;
    const seen = new Uint8Array(n);
    if (seq.length !== n) throw new RangeError(`${instance.name}: machine ${mach}: expected ${n} jobs in its sequence, got ${seq.length}`);
    for (const j of seq) {
      if (!Number.isInteger(j) || j < 0 || j >= n) throw new RangeError(`${instance.name}: machine ${mach}: job ${j} is not in 0..${n - 1}`);
      if (seen[j]) throw new RangeError(`${instance.name}: machine ${mach}: job ${j} is listed twice`);
      seen[j] = 1;
    }
  }
}

/** opIndex[j * m + mach] = k, the position within job j of its operation on machine `mach`. */
function operationOnMachine(instance: JobShopInstance): Int32Array {
  const m = instance.machines;
  const index = new Int32Array(instance.jobs * m);
  for (let j = 0; j < instance.jobs; j++) for (let k = 0; k < m; k++) index[j * m + instance.machine[j]![k]!] = k;
  return index;
}

/**
 * One cycle of the disjunctive graph that the sequences fix (job arcs plus machine arcs), or null when they are
 * acyclic, i.e. when a schedule with these sequences exists. Operations are listed along the arcs.
 */
export function findCycle(instance: JobShopInstance, sequences: MachineSequences): OperationRef[] | null {
  checkSequences(instance, sequences);
  const { jobs: n, machines: m } = instance;
  const N = n * m;
  const opOn = operationOnMachine(instance);
  const machinePred = new Int32Array(N).fill(-1);
  const machineSucc = new Int32Array(N).fill(-1);
  for (let mach = 0; mach < m; mach++) {
    const seq = sequences[mach]!;
    for (let i = 1; i < n; i++) {
      const a = seq[i - 1]! * m + opOn[seq[i - 1]! * m + mach]!;
      const b = seq[i]! * m + opOn[seq[i]! * m + mach]!;
      machinePred[b] = a;
      machineSucc[a] = b;
    }
  }
  // Kahn's algorithm; what is left once no operation is free lies on or behind a cycle.
  const indegree = new Int32Array(N);
  for (let v = 0; v < N; v++) indegree[v] = (v % m > 0 ? 1 : 0) + (machinePred[v]! >= 0 ? 1 : 0);
  const queue = new Int32Array(N);
  let head = 0;
  let tail = 0;
  for (let v = 0; v < N; v++) if (indegree[v] === 0) queue[tail++] = v;
  while (head < tail) {
    const v = queue[head++]!;
    const next = [v % m < m - 1 ? v + 1 : -1, machineSucc[v]!];
    for (const w of next) if (w >= 0 && --indegree[w]! === 0) queue[tail++] = w;
  }
  if (tail === N) return null;
  // Every operation left has a predecessor that is left too: walk back until one repeats.
  const left = new Uint8Array(N);
  for (let v = 0; v < N; v++) if (indegree[v]! > 0) left[v] = 1;
  const visitedAt = new Int32Array(N).fill(-1);
  const walk: number[] = [];
  let v = left.indexOf(1);
  while (visitedAt[v] === -1) {
    visitedAt[v] = walk.length;
    walk.push(v);
    const jobPred = v % m > 0 ? v - 1 : -1;
    v = jobPred >= 0 && left[jobPred] ? jobPred : machinePred[v]!;
  }
  const cycle = walk.slice(visitedAt[v]!).reverse();
  return cycle.map((id) => {
    const job = Math.floor(id / m);
    const operation = id % m;
    return { job, operation, machine: instance.machine[job]![operation]! };
  });
}

/** The sequences with the job at `from` on `machine` moved to `to`; the others are copied unchanged. */
export function moveInSequence(sequences: MachineSequences, move: SequenceMove): number[][] {
  const out = sequences.map((seq) => [...seq]);
  const seq = out[move.machine]!;
  const [job] = seq.splice(move.from, 1);
  seq.splice(move.to, 0, job!);
  return out;
}

/**
 * Moves one operation in its machine's sequence and returns the repaired (semi-active) schedule. `sequences` must be
 * those of a feasible schedule (throws a RangeError otherwise, or when the move is out of range).
 */
export function repairMove(instance: JobShopInstance, sequences: MachineSequences, move: SequenceMove, mode: RepairMode = 'nearest'): RepairResult {
  checkSequences(instance, sequences);
  const { jobs: n, machines: m } = instance;
  const { machine, from, to } = move;
  if (!Number.isInteger(machine) || machine < 0 || machine >= m) throw new RangeError(`${instance.name}: machine ${machine} is not in 0..${m - 1}`);
  for (const [name, value] of [
    ['from', from],
    ['to', to],
  ] as const) {
    if (!Number.isInteger(value) || value < 0 || value >= n) throw new RangeError(`${instance.name}: move ${name} position ${value} is not in 0..${n - 1}`);
  }
  const job = sequences[machine]![from]!;
  const current = semiActiveFromSequences(instance, sequences);
  if (current === null) throw new RangeError(`${instance.name}: the sequences before the move already contradict the job orders`);
  const result = (status: RepairResult['status'], position: number, seqs: number[][], starts: number[], cycle?: OperationRef[]): RepairResult => ({
    status,
    job,
    requested: to,
    position,
    sequences: seqs,
    starts,
    makespan: makespanOf(instance, starts),
    ...(cycle ? { cycle } : {}),
  });
  const copy = sequences.map((seq) => [...seq]);
  if (to === from) return result('unchanged', from, copy, current);

  const requested = moveInSequence(sequences, move);
  const starts = semiActiveFromSequences(instance, requested);
  if (starts !== null) return result('moved', to, requested, starts);
  const cycle = findCycle(instance, requested) ?? [];
  if (mode === 'refuse') return result('refused', from, copy, current, cycle);
  // Feasibility is monotone along the way (see the header): step back from the request until the job orders allow it.
  const step = to > from ? -1 : 1;
  for (let position = to + step; position !== from; position += step) {
    const seqs = moveInSequence(sequences, { machine, from, to: position });
    const repaired = semiActiveFromSequences(instance, seqs);
    if (repaired !== null) return result('adjusted', position, seqs, repaired, cycle);
  }
  // Every position between would close a cycle: nothing to move to, which is a refusal.
  return result('refused', from, copy, current, cycle);
}

/**
 * A critical path of a schedule: operations from one starting at time 0 to one ending at the makespan, each starting
 * exactly when the previous one (its job predecessor, or its predecessor on the machine) ends. Operation ids j * m + k,
 * in time order. For a semi-active schedule (every schedule the library and `repairMove` produce) it always reaches
 * time 0; for one with idle gaps it stops at the first gap, so it lists only the tight tail.
 */
export function criticalPath(instance: JobShopInstance, starts: ArrayLike<number>): number[] {
  const { jobs: n, machines: m } = instance;
  if (n * m === 0) return [];
  const makespan = makespanOf(instance, starts);
  const end = (id: number) => starts[id]! + instance.duration[Math.floor(id / m)]![id % m]!;
  const machinePred = new Int32Array(n * m).fill(-1);
  const opOn = operationOnMachine(instance);
  const sequences = sequencesOf(instance, starts);
  for (let mach = 0; mach < m; mach++) {
    const seq = sequences[mach]!;
    for (let i = 1; i < n; i++) machinePred[seq[i]! * m + opOn[seq[i]! * m + mach]!] = seq[i - 1]! * m + opOn[seq[i - 1]! * m + mach]!;
  }
  let last = -1;
  for (let j = 0; j < n && last < 0; j++) if (end(j * m + m - 1) === makespan) last = j * m + m - 1;
  const path = [last];
  let v = last;
  // At most n * m steps: a guard against zero-duration operations tied at one instant.
  while (path.length < n * m) {
    const start = starts[v]!;
    if (start === 0) break;
    const jobPred = v % m > 0 ? v - 1 : -1;
    const machPred = machinePred[v]!;
    // Prefer the machine predecessor: a critical path's runs on one machine are the blocks students learn to move.
    if (machPred >= 0 && end(machPred) === start) v = machPred;
    else if (jobPred >= 0 && end(jobPred) === start) v = jobPred;
    else break;
    path.push(v);
  }
  return path.reverse();
}
