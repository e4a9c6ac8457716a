/**
 * Lower bounds on the optimal makespan, for instances without a published bound (and as a sanity check of those with one).
 *
 * - Job bound: the longest job (its release plus its total processing time).
 * - Machine bound: for each machine, relax the job shop to that one machine with heads (work before the operation in its
 *   job) and tails (work after it), and allow preemption: Jackson's preemptive schedule (always run the available operation
 *   with the largest tail) solves that relaxation exactly (Carlier 1982), which dominates the classical
 *   min head + machine load + min tail bound.
 */
import type { JobShopInstance } from './instance.ts';

export interface LowerBounds {
  readonly job: number;
  readonly machine: number;
  /** max(job, machine) */
  readonly value: number;
  /** The machine giving the machine bound. */
  readonly bottleneck: number;
}

export function lowerBounds(instance: JobShopInstance, release?: readonly number[]): LowerBounds {
  const { jobs: n, machines: m } = instance;
  let jobBound = 0;
  const heads: number[][] = Array.from({ length: m }, () => []);
  const tails: number[][] = Array.from({ length: m }, () => []);
  const durs: number[][] = Array.from({ length: m }, () => []);
  for (let j = 0; j < n; j++) {
    const row = instance.duration[j]!;
    const total = row.reduce((a, b) => a + b, 0);
    const r0 = release?.[j] ?? 0;
    jobBound = Math.max(jobBound, r0 + total);
    let before = r0;
    for (let k = 0; k < m; k++) {
      const mach = instance.machine[j]![k]!;
      heads[mach]!.push(before);
      durs[mach]!.push(row[k]!);
      tails[mach]!.push(total - (before - r0) - row[k]!);
      before += row[k]!;
    }
  }
  let machineBound = 0;
  let bottleneck = 0;
  for (let mach = 0; mach < m; mach++) {
    const b = jacksonPreemptive(heads[mach]!, durs[mach]!, tails[mach]!);
    if (b > machineBound) {
      machineBound = b;
      bottleneck = mach;
    }
  }
  return { job: jobBound, machine: machineBound, value: Math.max(jobBound, machineBound), bottleneck };
}

/** Optimal value of 1 | r_j, q_j, pmtn | max(C_j + q_j), by Jackson's preemptive schedule. */
export function jacksonPreemptive(heads: readonly number[], durations: readonly number[], tails: readonly number[]): number {
  const count = heads.length;
  const byRelease = Array.from({ length: count }, (_, i) => i).sort((a, b) => heads[a]! - heads[b]! || a - b);
  const remaining = durations.slice();
  const available: number[] = [];
  let next = 0;
  let t = 0;
  let best = 0;
  let done = 0;
  while (done < count) {
    if (available.length === 0 && next < count) t = Math.max(t, heads[byRelease[next]!]!);
    while (next < count && heads[byRelease[next]!]! <= t) available.push(byRelease[next++]!);
    // the available operation with the largest tail (n is at most a few hundred: a linear scan is enough)
    let pick = 0;
    for (let i = 1; i < available.length; i++) if (tails[available[i]!]! > tails[available[pick]!]!) pick = i;
    const op = available[pick]!;
    const nextRelease = next < count ? heads[byRelease[next]!]! : Infinity;
    const runUntil = Math.min(t + remaining[op]!, nextRelease);
    remaining[op] = remaining[op]! - (runUntil - t);
    t = runUntil;
    // <= rather than ===: the loop must end even if a sum ever lost precision (the parser keeps sums exact).
    if (remaining[op]! <= 0) {
      best = Math.max(best, t + tails[op]!);
      available.splice(pick, 1);
      done++;
    }
  }
  return best;
}
