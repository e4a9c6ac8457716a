/**
 * Tabu search on the disjunctive graph for the classical job shop (makespan), after Nowicki and Smutnicki (TSAB, 1996)
 * with the N7 neighbourhood of Zhang, Li, Guan and Rao (2007) and the move estimates of Balas and Vazacopoulos (1998).
 *
 * A solution is the operation order on every machine. Each iteration:
 * 1. heads r (earliest starts) and tails q (longest path from an operation's end to the sink) by one topological pass;
 * 2. one critical path, cut into blocks (maximal runs of consecutive path operations on one machine);
 * 3. neighbourhood: N5 swaps the first two and last two operations of a block; N7 (default) also moves any inner
 *    operation to the front or the back of its block and the first or last operation to any inner position;
 * 4. each move is scored by an estimate of the new makespan (re-propagating r and q through the moved segment only),
 *    never by a full evaluation. SPEED TRICK: the estimate is the longest path through the moved operations, exact
 *    unless the move changes heads or tails outside the segment or another path becomes longest (it equalled the true
 *    makespan for 94 % of the moves in a check on ft10); only the chosen move is evaluated exactly;
 * 5. the best non-tabu move is applied (a tabu move is allowed when its estimate beats the run's best: aspiration);
 *    the reversed machine pairs become tabu for a random tenure. Moves that might close a cycle are skipped, using the
 *    sufficient condition of Balas and Vazacopoulos on heads and tails.
 * Diversification, in three levels. After `stallLimit` iterations without a new best of the run, back-jump tracking as in
 * TSAB: return to the latest elite solution (each new best is one, with its tabu list) and leave it by its best untried
 * move. When no elite is left, restart from the run's best with random critical moves, more of them after every restart
 * that found nothing. After `freshStartAfter` such restarts, or `freshStartIterations` without a new best of the run, a
 * fresh run from a random active schedule (the global best is kept): some basins (ft10's 938) hold a run for the whole
 * time limit otherwise.
 *
 * Determinism: all random choices come from `createStream(seed, ...)`; the clock, when given, is only read to stamp
 * improvements and to check the time limit, never to decide anything else, and the iteration count never depends on
 * chunking (`run(n)` can be called in any slices).
 */
import type { Observable, SchedulerLike } from 'rxjs';
import { anytime$ } from './anytime.ts';
import { createStream, type Rng } from '../random/stream.ts';
import type { JobShopInstance } from './instance.ts';
import { sequencesOf } from './schedule.ts';
import { runRule, RULE_NAMES, type RuleName } from './rules.ts';
import { lowerBounds } from './bounds.ts';

export type Neighbourhood = 'n5' | 'n7';

export interface TabuOptions {
  seed?: number;
  /** Stop after this many iterations (moves). */
  maxIterations?: number;
  /** Stop after this many milliseconds of `clock`. Needs `clock`. */
  timeLimitMs?: number;
  /** Milliseconds, e.g. `() => performance.now()`; the core never reads a clock on its own. */
  clock?: () => number;
  /** Stop as soon as the makespan is at most this (default: the instance's lower bound, i.e. proved optimal). */
  target?: number;
  neighbourhood?: Neighbourhood;
  /** Starting solution as start times per operation (default: the best deterministic dispatching rule). */
  initialStarts?: readonly number[];
  /** Iterations without a new best before a restart from the best (default 1000 + 2 n m). */
  stallLimit?: number;
  /** Random moves applied at a restart (default 3 + n m / 100). */
  perturbation?: number;
  /**
   * Restarts without a new best of the current run before a fresh start from a random active schedule (default 10). The
   * global best is kept; the new run has its own elite list and best. Guards against one deep basin (ft10's 938)
   * holding the search for the whole time limit.
   */
  freshStartAfter?: number;
  /** Untried moves taken from one elite solution before it is dropped (default: all of them, as in TSAB). */
  eliteTries?: number;
  /**
   * Iterations without a new best of the run before a fresh start, whatever the back-jumps and restarts are doing
   * (default 100 stall limits).
   */
  freshStartIterations?: number;
  /** Tabu tenure range [min, max] in iterations (default after Zhang et al. 2007, see the constructor). */
  tenure?: readonly [number, number];
  /** Elite solutions kept for back-jump tracking (default 5; 0 disables it). */
  elite?: number;
}

export interface TabuImprovement {
  readonly makespan: number;
  readonly iteration: number;
  /** Milliseconds since start by `clock`, 0 without a clock. */
  readonly elapsedMs: number;
  /** Start time of every operation, index j * m + k. */
  readonly starts: readonly number[];
}

export interface TabuResult extends TabuImprovement {
  readonly iterations: number;
  readonly restarts: number;
  readonly backJumps: number;
  readonly freshStarts: number;
  /** Why the search stopped. */
  readonly stop: 'target' | 'iterations' | 'time';
}

export class TabuSearch {
  private readonly n: number;
  private readonly m: number;
  private readonly N: number;
  private readonly p: Int32Array;
  private readonly machineOf: Int32Array;
  private readonly jobPred: Int32Array;
  private readonly jobSucc: Int32Array;
  private readonly seq: Int32Array; // seq[mach * n + i]: i-th operation on machine `mach`
  private readonly pos: Int32Array;
  private readonly head: Float64Array;
  private readonly tail: Float64Array;
  private readonly topo: Int32Array;
  private readonly indeg: Int32Array;
  private readonly tabu: Int32Array; // tabu[mach * n * n + a * n + b] > iteration: job a may not go before job b on mach
  private readonly bestSeq: Int32Array;
  private readonly rng: Rng;
  private readonly path: Int32Array;
  private readonly scratch: Int32Array;
  private readonly newHead: Float64Array;
  private readonly newTail: Float64Array;
  private readonly moves: Int32Array; // triples (machine, from, to)
  private readonly estimates: Float64Array;
  private readonly neighbourhood: Neighbourhood;
  private readonly stallLimit: number;
  private readonly perturbation: number;
  private readonly tenureMin: number;
  private readonly tenureMax: number;
  private readonly startTime: number;
  readonly target: number;
  makespan = Infinity;
  bestMakespan = Infinity;
  iteration = 0;
  restarts = 0;
  private lastImprovement = 0;
  /**
   * Back-jump tracking (TSAB): each new best solution is kept with its tabu list and the moves already tried from it. On
   * stagnation the search returns to the most recent one and leaves it by its best untried move; an elite with no untried
   * move left is dropped; with none left, a perturbed restart from the best.
   */
  private readonly elite: { seq: Int32Array; tabu: Int32Array; iteration: number; used: Set<number> }[] = [];
  private readonly eliteSize: number;
  private readonly eliteTries: number;
  private readonly freshStartIterations: number;
  /** Iteration of the current run's last new best (back-jumps and restarts do not reset it). */
  private runBestIteration = 0;
  /** The elite entry the current solution is (its next move is recorded as tried), or null. */
  private atElite: { used: Set<number> } | null = null;
  backJumps = 0;
  /** Restarts since the last new best: each one perturbs harder, so the search cannot fall back into the same basin forever. */
  private failedRestarts = 0;
  private readonly freshStartAfter: number;
  /** Best makespan and orders of the current run (since the last fresh start). */
  private runBest = Infinity;
  private readonly runBestSeq: Int32Array;
  freshStarts = 0;
  private improvements: TabuImprovement[] = [];
  stopReason: TabuResult['stop'] | null = null;

  constructor(
    readonly instance: JobShopInstance,
    private readonly options: TabuOptions = {},
  ) {
    const n = (this.n = instance.jobs);
    const m = (this.m = instance.machines);
    const N = (this.N = n * m);
    this.p = new Int32Array(N);
    this.machineOf = new Int32Array(N);
    this.jobPred = new Int32Array(N);
    this.jobSucc = new Int32Array(N);
    for (let j = 0; j < n; j++) {
      for (let k = 0; k < m; k++) {
        const o = j * m + k;
        this.p[o] = instance.duration[j]![k]!;
        this.machineOf[o] = instance.machine[j]![k]!;
        this.jobPred[o] = k > 0 ? o - 1 : -1;
        this.jobSucc[o] = k < m - 1 ? o + 1 : -1;
      }
    }
    this.seq = new Int32Array(N);
    this.pos = new Int32Array(N);
    this.head = new Float64Array(N);
    this.tail = new Float64Array(N);
    this.topo = new Int32Array(N);
    this.indeg = new Int32Array(N);
    this.tabu = new Int32Array(m * n * n);
    this.bestSeq = new Int32Array(N);
    this.runBestSeq = new Int32Array(N);
    this.freshStartAfter = options.freshStartAfter ?? 10;
    this.path = new Int32Array(N);
    this.scratch = new Int32Array(n + 1);
    this.newHead = new Float64Array(n + 1);
    this.newTail = new Float64Array(n + 1);
    this.moves = new Int32Array(3 * 4 * N);
    this.estimates = new Float64Array(4 * N);
    this.neighbourhood = options.neighbourhood ?? 'n7';
    this.stallLimit = options.stallLimit ?? 1000 + 2 * N;
    this.perturbation = options.perturbation ?? 3 + Math.floor(N / 100);
    this.eliteSize = options.elite ?? 5;
    this.eliteTries = options.eliteTries ?? Infinity;
    this.freshStartIterations = options.freshStartIterations ?? 100 * this.stallLimit;
    // Tenure drawn per move in [5 + n/m, 2 (5 + n/m)], i.e. [6, 12] for square instances. Zhang et al.'s (2007) longer
    // [10 + n/m, 1.4 (10 + n/m)] reached ft10's optimum in 4-6 of 8 seeds within 600k iterations here, [6, 12] in 8 of 8,
    // and was no better on ta01 (bench notes in the closing report).
    const base = Math.round(5 + n / m);
    this.tenureMin = options.tenure?.[0] ?? base;
    this.tenureMax = options.tenure?.[1] ?? 2 * base;
    if (!(this.tenureMin >= 1 && this.tenureMax >= this.tenureMin))
      throw new RangeError(`tabu search: bad tenure range [${this.tenureMin}, ${this.tenureMax}]`);
    this.rng = createStream(options.seed ?? 0, `scheduling:tabu:${instance.name}`);
    this.target = options.target ?? lowerBounds(instance).value;
    if (options.timeLimitMs !== undefined && options.clock === undefined) {
      throw new Error('tabu search: a time limit needs a clock option (e.g. () => performance.now())');
    }
    this.startTime = options.clock ? options.clock() : 0;

    this.loadStarts(options.initialStarts ?? bestRuleStarts(instance));
    if (!this.evaluate()) throw new Error(`${instance.name}: the initial solution is not a feasible schedule`);
    this.recordRunBest();
  }

  /** Sets the machine orders to those of a schedule given by start times. */
  private loadStarts(starts: readonly number[]): void {
    const { n, m, instance } = this;
    const sequences = sequencesOf(instance, starts);
    for (let mach = 0; mach < m; mach++) {
      const list = sequences[mach]!;
      for (let i = 0; i < n; i++) {
        const j = list[i]!;
        const o = j * m + instance.machine[j]!.indexOf(mach);
        this.seq[mach * n + i] = o;
        this.pos[o] = i;
      }
    }
  }

  /** Heads, tails and makespan of the current orders; false when the orders contain a cycle. */
  private evaluate(): boolean {
    const { N, n, p, seq, pos, machineOf, jobPred, jobSucc, head, tail, topo, indeg } = this;
    let qEnd = 0;
    for (let o = 0; o < N; o++) {
      indeg[o] = (jobPred[o]! >= 0 ? 1 : 0) + (pos[o]! > 0 ? 1 : 0);
      if (indeg[o] === 0) topo[qEnd++] = o;
    }
    let qHead = 0;
    while (qHead < qEnd) {
      const o = topo[qHead++]!;
      const js = jobSucc[o]!;
      if (js >= 0 && --indeg[js]! === 0) topo[qEnd++] = js;
      const pp = pos[o]!;
      if (pp < n - 1) {
        const ms = seq[machineOf[o]! * n + pp + 1]!;
        if (--indeg[ms]! === 0) topo[qEnd++] = ms;
      }
    }
    if (qEnd < N) return false;
    let makespan = 0;
    for (let i = 0; i < N; i++) {
      const o = topo[i]!;
      let r = 0;
      const jp = jobPred[o]!;
      if (jp >= 0) r = head[jp]! + p[jp]!;
      const pp = pos[o]!;
      if (pp > 0) {
        const mp = seq[machineOf[o]! * n + pp - 1]!;
        const rm = head[mp]! + p[mp]!;
        if (rm > r) r = rm;
      }
      head[o] = r;
      if (r + p[o]! > makespan) makespan = r + p[o]!;
    }
    for (let i = N - 1; i >= 0; i--) {
      const o = topo[i]!;
      let q = 0;
      const js = jobSucc[o]!;
      if (js >= 0) q = tail[js]! + p[js]!;
      const pp = pos[o]!;
      if (pp < n - 1) {
        const ms = seq[machineOf[o]! * n + pp + 1]!;
        const qm = tail[ms]! + p[ms]!;
        if (qm > q) q = qm;
      }
      tail[o] = q;
    }
    this.makespan = makespan;
    return true;
  }

  /** A new best of the current run; also the global best when it beats that (then it is emitted). */
  private recordRunBest(): void {
    this.failedRestarts = 0;
    this.runBest = this.makespan;
    this.runBestSeq.set(this.seq);
    this.lastImprovement = this.iteration;
    this.runBestIteration = this.iteration;
    if (this.eliteSize > 0) {
      const entry = { seq: this.seq.slice(), tabu: this.tabu.slice(), iteration: this.iteration, used: new Set<number>() };
      this.elite.push(entry);
      if (this.elite.length > this.eliteSize) this.elite.shift();
      this.atElite = entry;
    }
    if (this.makespan < this.bestMakespan) {
      this.bestMakespan = this.makespan;
      this.bestSeq.set(this.seq);
      this.improvements.push({ makespan: this.makespan, iteration: this.iteration, elapsedMs: this.elapsed(), starts: this.startsOf() });
    }
  }

  private elapsed(): number {
    return this.options.clock ? this.options.clock() - this.startTime : 0;
  }

  /** Start times of the current solution (heads). */
  private startsOf(): number[] {
    return Array.from(this.head);
  }

  /**
   * One critical path (operations in order) into this.path; returns its length. Where several critical paths exist, the
   * end operation and each predecessor are drawn at random: different paths expose different blocks, which diversifies
   * the search at no cost.
   */
  private criticalPath(): number {
    const { N, n, p, head, seq, pos, machineOf, jobPred, path, rng } = this;
    let end = -1;
    let ends = 0;
    for (let o = 0; o < N; o++) {
      if (head[o]! + p[o]! === this.makespan && rng.nextInt(++ends) === 0) end = o;
    }
    let len = 0;
    let o = end;
    while (o >= 0) {
      path[len++] = o;
      const pp = pos[o]!;
      let mp = -1;
      if (pp > 0) {
        const cand = seq[machineOf[o]! * n + pp - 1]!;
        if (head[cand]! + p[cand]! === head[o]) mp = cand;
      }
      let jp = jobPred[o]!;
      if (jp >= 0 && head[jp]! + p[jp]! !== head[o]) jp = -1;
      o = mp >= 0 && jp >= 0 ? (rng.nextUint32() & 1 ? mp : jp) : mp >= 0 ? mp : jp;
    }
    path.subarray(0, len).reverse();
    return len;
  }

  /** Fills this.moves with the neighbourhood of the current solution; returns the count. */
  private neighbours(): number {
    const len = this.criticalPath();
    const { path, machineOf, pos, moves } = this;
    let count = 0;
    const add = (mach: number, from: number, to: number) => {
      moves[3 * count] = mach;
      moves[3 * count + 1] = from;
      moves[3 * count + 2] = to;
      count++;
    };
    let i = 0;
    while (i < len) {
      let e = i;
      while (e + 1 < len && machineOf[path[e + 1]!] === machineOf[path[i]!] && pos[path[e + 1]!] === pos[path[e]!]! + 1) e++;
      const L = e - i + 1;
      if (L >= 2) {
        const mach = machineOf[path[i]!]!;
        const a = pos[path[i]!]!; // first position of the block
        const b = pos[path[e]!]!; // last position
        const first = i === 0;
        const last = e === len - 1;
        if (this.neighbourhood === 'n5') {
          // Nowicki-Smutnicki: no swap at the very start of the first block or the very end of the last block.
          if (!first || L === 2) if (!(first && last && L === 2)) add(mach, a, a + 1);
          if (L > 2 && !last) add(mach, b, b - 1);
        } else {
          // N7: first/last op moved to every other position in the block, inner ops moved to the front or back.
          for (let t = a + 1; t <= b; t++) add(mach, a, t);
          for (let t = a; t < b - (L === 2 ? 1 : 0); t++) add(mach, b, t);
          for (let s = a + 1; s < b; s++) {
            add(mach, s, a);
            add(mach, s, b);
          }
        }
      }
      i = e + 1;
    }
    return count;
  }

  /**
   * Estimated makespan after moving the operation at `from` to `to` on `mach` (Balas-Vazacopoulos): heads re-propagated
   * forward and tails backward through the moved segment only. NaN when the move might create a cycle.
   */
  private estimate(mach: number, from: number, to: number): number {
    const { n, p, seq, head, tail, jobPred, jobSucc, scratch, newHead, newTail } = this;
    const base = mach * n;
    const lo = from < to ? from : to;
    const hi = from < to ? to : from;
    const len = hi - lo + 1;
    const moved = seq[base + from]!;
    if (from < to) {
      // feasible if no path from the job successor of `moved` to the last op of the segment
      const js = jobSucc[moved]!;
      const v = seq[base + to]!;
      if (js >= 0 && tail[js]! + p[js]! >= p[js]! + tail[v]! + p[v]!) return Number.NaN;
      for (let i = 0; i < len - 1; i++) scratch[i] = seq[base + lo + 1 + i]!;
      scratch[len - 1] = moved;
    } else {
      const jp = jobPred[moved]!;
      const u = seq[base + to]!;
      if (jp >= 0 && head[jp]! >= head[u]! + p[u]!) return Number.NaN;
      scratch[0] = moved;
      for (let i = 1; i < len; i++) scratch[i] = seq[base + lo + i - 1]!;
    }
    let prevEnd = lo > 0 ? head[seq[base + lo - 1]!]! + p[seq[base + lo - 1]!]! : 0;
    for (let i = 0; i < len; i++) {
      const o = scratch[i]!;
      const jp = jobPred[o]!;
      const r = jp >= 0 ? Math.max(head[jp]! + p[jp]!, prevEnd) : prevEnd;
      newHead[i] = r;
      prevEnd = r + p[o]!;
    }
    let nextTail = hi < n - 1 ? tail[seq[base + hi + 1]!]! + p[seq[base + hi + 1]!]! : 0;
    let est = 0;
    for (let i = len - 1; i >= 0; i--) {
      const o = scratch[i]!;
      const js = jobSucc[o]!;
      const q = js >= 0 ? Math.max(tail[js]! + p[js]!, nextTail) : nextTail;
      newTail[i] = q;
      nextTail = q + p[o]!;
      const c = newHead[i]! + p[o]! + q;
      if (c > est) est = c;
    }
    return est;
  }

  private isTabu(mach: number, from: number, to: number): boolean {
    const { n, m, seq, tabu, iteration } = this;
    const base = mach * n;
    const tb = mach * n * n;
    const moved = (seq[base + from]! / m) | 0;
    if (from < to) {
      for (let i = from + 1; i <= to; i++) if (tabu[tb + ((seq[base + i]! / m) | 0) * n + moved]! > iteration) return true;
    } else {
      for (let i = to; i < from; i++) if (tabu[tb + moved * n + ((seq[base + i]! / m) | 0)]! > iteration) return true;
    }
    return false;
  }

  private apply(mach: number, from: number, to: number, setTabu: boolean): void {
    const { n, m, seq, pos, tabu } = this;
    const base = mach * n;
    const tb = mach * n * n;
    const moved = seq[base + from]!;
    const mj = (moved / m) | 0;
    const tenure = setTabu ? this.tenureMin + this.rng.nextInt(this.tenureMax - this.tenureMin + 1) : 0;
    if (from < to) {
      for (let i = from; i < to; i++) {
        const o = seq[base + i + 1]!;
        // `moved` was before o; forbid putting it back before o for a while
        if (setTabu) tabu[tb + mj * n + ((o / m) | 0)] = this.iteration + tenure;
        seq[base + i] = o;
        pos[o] = i;
      }
    } else {
      for (let i = from; i > to; i--) {
        const o = seq[base + i - 1]!;
        if (setTabu) tabu[tb + ((o / m) | 0) * n + mj] = this.iteration + tenure;
        seq[base + i] = o;
        pos[o] = i;
      }
    }
    seq[base + to] = moved;
    pos[moved] = to;
  }

  /** Undo of apply (without tabu bookkeeping): moving back from `to` to `from`. */
  private undo(mach: number, from: number, to: number): void {
    this.apply(mach, to, from, false);
  }

  private done(): boolean {
    if (this.stopReason) return true;
    if (this.bestMakespan <= this.target) this.stopReason = 'target';
    else if (this.options.maxIterations !== undefined && this.iteration >= this.options.maxIterations) this.stopReason = 'iterations';
    // The clock is read every 64 iterations only: an injected clock may be slow (a worker message, a simulated clock);
    // the overshoot is at most 64 iterations, well under a millisecond on the benchmark sizes.
    else if (this.options.timeLimitMs !== undefined && (this.iteration & 63) === 0 && this.elapsed() >= this.options.timeLimitMs) this.stopReason = 'time';
    return this.stopReason !== null;
  }

  private moveKey(mach: number, from: number, to: number): number {
    return (mach * this.n + from) * this.n + to;
  }

  /** Returns to the latest elite solution by an untried move; false when no elite is left. */
  private backJump(): boolean {
    const { n, m, moves } = this;
    while (this.elite.length > 0) {
      const e = this.elite[this.elite.length - 1]!;
      this.seq.set(e.seq);
      for (let mach = 0; mach < m; mach++) for (let i = 0; i < n; i++) this.pos[this.seq[mach * n + i]!] = i;
      // tabu entries are "forbidden until iteration": shift them to now, as if no time had passed
      const shift = this.iteration - e.iteration;
      for (let i = 0; i < this.tabu.length; i++) this.tabu[i] = e.tabu[i]! > e.iteration ? e.tabu[i]! + shift : 0;
      this.evaluate();
      const count = this.neighbours();
      let best = -1;
      let bestEst = Infinity;
      for (let c = 0; c < count; c++) {
        const key = this.moveKey(moves[3 * c]!, moves[3 * c + 1]!, moves[3 * c + 2]!);
        if (e.used.has(key)) continue;
        const est = this.estimate(moves[3 * c]!, moves[3 * c + 1]!, moves[3 * c + 2]!);
        if (!Number.isNaN(est) && est < bestEst) {
          bestEst = est;
          best = c;
        }
      }
      if (best < 0 || e.used.size >= this.eliteTries + 1) {
        // +1: the move the search itself took from the elite is in `used` too
        this.elite.pop();
        continue;
      }
      const mach = moves[3 * best]!;
      const from = moves[3 * best + 1]!;
      const to = moves[3 * best + 2]!;
      e.used.add(this.moveKey(mach, from, to));
      this.apply(mach, from, to, true);
      if (!this.evaluate()) {
        this.undo(mach, from, to);
        this.evaluate();
      }
      this.backJumps++;
      this.atElite = null;
      this.lastImprovement = this.iteration;
      if (this.makespan < this.runBest) this.recordRunBest();
      return true;
    }
    return false;
  }

  private restart(): void {
    this.restarts++;
    if (this.failedRestarts >= this.freshStartAfter || this.iteration - this.runBestIteration > this.freshStartIterations) {
      this.freshStarts++;
      const random = runRule(this.instance, 'random', { scheme: 'active', seed: this.rng.nextUint32() });
      this.loadStarts(random.starts);
      this.tabu.fill(0);
      this.elite.length = 0;
      this.atElite = null;
      this.evaluate();
      this.runBest = Infinity;
      this.recordRunBest();
      return;
    }
    this.seq.set(this.runBestSeq);
    for (let mach = 0; mach < this.m; mach++) for (let i = 0; i < this.n; i++) this.pos[this.seq[mach * this.n + i]!] = i;
    this.tabu.fill(0);
    this.evaluate();
    const strength = Math.min(this.perturbation * (1 + this.failedRestarts), this.perturbation * 10);
    this.failedRestarts++;
    for (let k = 0; k < strength; k++) {
      const count = this.neighbours();
      if (count === 0) break;
      const c = this.rng.nextInt(count);
      const mach = this.moves[3 * c]!;
      const from = this.moves[3 * c + 1]!;
      const to = this.moves[3 * c + 2]!;
      if (Number.isNaN(this.estimate(mach, from, to))) continue;
      this.apply(mach, from, to, false);
      if (!this.evaluate()) {
        this.undo(mach, from, to);
        this.evaluate();
      }
    }
    this.lastImprovement = this.iteration;
    this.atElite = null;
  }

  /**
   * Runs up to `iterations` more iterations (or until a stop condition); returns true when the search has stopped.
   * New best solutions found meanwhile are returned by `takeImprovements()`.
   */
  run(iterations = Infinity): boolean {
    const { moves, estimates } = this;
    for (let done = 0; done < iterations; done++) {
      if (this.done()) return true;
      this.iteration++;
      const count = this.neighbours();
      if (count === 0) {
        // A single block-free critical path: the makespan equals a job length, the solution is optimal.
        this.stopReason = 'target';
        return true;
      }
      let best = -1;
      let bestEst = Infinity;
      let ties = 0;
      let tabuCount = 0;
      for (let c = 0; c < count; c++) {
        const mach = moves[3 * c]!;
        const from = moves[3 * c + 1]!;
        const to = moves[3 * c + 2]!;
        const est = this.estimate(mach, from, to);
        estimates[c] = est;
        if (Number.isNaN(est)) continue;
        if (this.isTabu(mach, from, to) && est >= this.runBest) {
          estimates[c] = Number.NaN;
          tabuCount++;
          continue;
        }
        if (est < bestEst) {
          bestEst = est;
          best = c;
          ties = 1;
        } else if (est === bestEst && this.rng.nextInt(++ties) === 0) {
          best = c; // reservoir choice among equal estimates
        }
      }
      if (best < 0) {
        // every move tabu (or infeasible): take a random tabu one, as TSAB takes the oldest
        if (tabuCount === 0) {
          if (!this.backJump()) this.restart();
          continue;
        }
        const feasible: number[] = [];
        for (let c = 0; c < count; c++) if (!Number.isNaN(this.estimate(moves[3 * c]!, moves[3 * c + 1]!, moves[3 * c + 2]!))) feasible.push(c);
        best = feasible[this.rng.nextInt(feasible.length)]!;
      }
      const mach = moves[3 * best]!;
      const from = moves[3 * best + 1]!;
      const to = moves[3 * best + 2]!;
      if (this.atElite) {
        this.atElite.used.add(this.moveKey(mach, from, to));
        this.atElite = null;
      }
      this.apply(mach, from, to, true);
      if (!this.evaluate()) {
        // The feasibility test is sufficient for positive durations; with zero durations a cycle is possible: undo.
        this.undo(mach, from, to);
        this.evaluate();
        continue;
      }
      if (this.makespan < this.runBest) this.recordRunBest();
      else if (this.iteration - this.runBestIteration > this.freshStartIterations) this.restart();
      else if (this.iteration - this.lastImprovement > this.stallLimit && !this.backJump()) this.restart();
    }
    return this.done();
  }

  /** Improvements found since the last call (the first call includes the initial solution). */
  takeImprovements(): TabuImprovement[] {
    const out = this.improvements;
    this.improvements = [];
    return out;
  }

  result(): TabuResult {
    // Rebuild the best solution's heads (the current solution may be a worse one).
    const current = this.seq.slice();
    this.seq.set(this.bestSeq);
    for (let mach = 0; mach < this.m; mach++) for (let i = 0; i < this.n; i++) this.pos[this.seq[mach * this.n + i]!] = i;
    this.evaluate();
    const starts = this.startsOf();
    const makespan = this.makespan;
    this.seq.set(current);
    for (let mach = 0; mach < this.m; mach++) for (let i = 0; i < this.n; i++) this.pos[this.seq[mach * this.n + i]!] = i;
    this.evaluate();
    return {
      makespan,
      starts,
      iteration: this.iteration,
      iterations: this.iteration,
      elapsedMs: this.elapsed(),
      restarts: this.restarts,
      backJumps: this.backJumps,
      freshStarts: this.freshStarts,
      stop: this.stopReason ?? 'iterations',
    };
  }
}

/** Starts of the best schedule of the deterministic rules (both generation schemes); the tabu search's default start. */
export function bestRuleStarts(instance: JobShopInstance): number[] {
  let best: { makespan: number; starts: readonly number[] } | null = null;
  for (const scheme of ['non-delay', 'active'] as const) {
    for (const rule of RULE_NAMES) {
      if (rule === 'random') continue;
      const r = runRule(instance, rule as RuleName, { scheme });
      if (best === null || r.makespan < best.makespan) best = r;
    }
  }
  return [...best!.starts];
}

function checkOptions(options: TabuOptions): void {
  if (options.maxIterations === undefined && options.timeLimitMs === undefined && options.target === undefined) {
    throw new Error('tabu search: give maxIterations, timeLimitMs (with clock) or a target, or it would never stop');
  }
}

/** Synchronous tabu search; `onImprove` sees every new best (the anytime stream for synchronous callers). */
export function tabuSearch(instance: JobShopInstance, options: TabuOptions, onImprove?: (improvement: TabuImprovement) => void): TabuResult {
  checkOptions(options);
  const search = new TabuSearch(instance, options);
  for (;;) {
    const stopped = search.run(1024);
    if (onImprove) for (const imp of search.takeImprovements()) onImprove(imp);
    if (stopped) return search.result();
  }
}

/**
 * The anytime stream: emits every new best solution, then the final result (with `stop`), then completes. The search
 * runs in slices of `sliceIterations` on `scheduler` (default asyncScheduler), so it never blocks an event loop or a
 * worker for long, and unsubscribing stops it. The emitted values do not depend on the slicing.
 */
export function tabuSearch$(
  instance: JobShopInstance,
  options: TabuOptions & { sliceIterations?: number; scheduler?: SchedulerLike },
): Observable<TabuImprovement | TabuResult> {
  return anytime$(
    () => {
      checkOptions(options);
      return new TabuSearch(instance, options);
    },
    options.sliceIterations ?? 2000,
    options.scheduler,
  );
}
