/**
 * Instance generators.
 *
 * - `taillardInstance`: Taillard's (1993) job-shop generator with his portable Lehmer generator, so that his published seeds
 *   give back his instances exactly (ta01 is time seed 840612802, machine seed 398197754; the tests check ta01-ta10).
 *   This is the one place in the scheduling library that does not draw from `random/stream.ts`: reproducing the
 *   published benchmark requires Taillard's own generator.
 * - `randomInstance`: Taillard-like instances (durations uniform in [lo, hi], machine orders uniform random
 *   permutations) drawn from a named seeded stream; used to train the learned dispatcher and in property tests.
 */
import { createStream } from '../random/stream.ts';
import type { JobShopInstance } from './instance.ts';

/** Taillard's unif(seed, low, high): Lehmer generator a = 16807, m = 2^31 - 1 (Schrage's method). */
class TaillardLcg {
  constructor(private seed: number) {}
  unif(low: number, high: number): number {
    const m = 2147483647;
    const a = 16807;
    const b = 127773;
    const c = 2836;
    const k = Math.floor(this.seed / b);
    this.seed = a * (this.seed % b) - k * c;
    if (this.seed < 0) this.seed += m;
    const value01 = this.seed / m;
    return low + Math.floor(value01 * (high - low + 1));
  }
}

/** Known Taillard seeds (time seed, machine seed) of ta01-ta10 (15 x 15), from Taillard (1993), Table 6. */
export const TAILLARD_SEEDS_15x15: readonly (readonly [number, number])[] = [
  [840612802, 398197754],
  [1314640371, 386720536],
  [1227221349, 316176388],
  [342269428, 1806358582],
  [1603221416, 1501949241],
  [1357584978, 1734077082],
  [44531661, 1374316395],
  [302545136, 2092186050],
  [1153780144, 1393392374],
  [73896786, 1544979948],
];

export function taillardInstance(name: string, jobs: number, machines: number, timeSeed: number, machineSeed: number): JobShopInstance {
  const times = new TaillardLcg(timeSeed);
  const orders = new TaillardLcg(machineSeed);
  const duration: number[][] = [];
  for (let j = 0; j < jobs; j++) {
    const row: number[] = [];
    for (let k = 0; k < machines; k++) row.push(times.unif(1, 99));
    duration.push(row);
  }
  const machine: number[][] = [];
  for (let j = 0; j < jobs; j++) {
    const row = Array.from({ length: machines }, (_, k) => k);
    for (let k = 0; k < machines; k++) {
      const swap = orders.unif(k, machines - 1);
      const t = row[k]!;
      row[k] = row[swap]!;
      row[swap] = t;
    }
    machine.push(row);
  }
  return { name, jobs, machines, machine, duration };
}

export interface RandomInstanceOptions {
  jobs: number;
  machines: number;
  seed: number;
  /** Stream name suffix, so that several instance families can share a seed without sharing draws. */
  stream?: string;
  minDuration?: number;
  maxDuration?: number;
  name?: string;
}

export function randomInstance(options: RandomInstanceOptions): JobShopInstance {
  const { jobs, machines, seed } = options;
  const lo = options.minDuration ?? 1;
  const hi = options.maxDuration ?? 99;
  const rng = createStream(seed, `scheduling:instance:${options.stream ?? 'default'}:${jobs}x${machines}`);
  const machine: number[][] = [];
  const duration: number[][] = [];
  for (let j = 0; j < jobs; j++) {
    const row = Array.from({ length: machines }, (_, k) => k);
    for (let k = machines - 1; k > 0; k--) {
      const s = rng.nextInt(k + 1);
      const t = row[k]!;
      row[k] = row[s]!;
      row[s] = t;
    }
    machine.push(row);
    duration.push(Array.from({ length: machines }, () => lo + rng.nextInt(hi - lo + 1)));
  }
  return { name: options.name ?? `rand-${jobs}x${machines}-s${seed}`, jobs, machines, machine, duration };
}
