/**
 * Parts on conveyors: a top-down 2D matter-js world (x, z of the floor; y of matter = z of three) mapped onto belts
 * between units. A belt runs from a unit to each unit in its `next` list, as a straight run or an L (out of the
 * source's row, then along the aisle), so belts into the same unit share their last run: parts merge there by
 * collision. A part is spawned at a belt's start when its unit's completed count rises, is driven along the belt, and
 * waits at the end (the ones behind accumulate against it) until the next unit can take it.
 *
 * Runs in the conveyor worker (`conveyors.worker.ts`) only; the belts' geometry, which the main thread draws, is in
 * `belts.ts` so that matter-js stays off the main thread. Bodies come from a fixed pool created up front; nothing here
 * allocates per frame.
 */
import Matter from 'matter-js';
import { UnitState } from '../../core/runtime/view.ts';
import { BELT_WIDTH, PART_SIZE, type Belt } from './belts.ts';

export type { Belt };

/** Matter units per metre (matter's defaults - slop, sleep thresholds - suit bodies of a few to a few hundred units). */
const SCALE = 100;
/** Belt speed, metres per second of physics time. */
const BELT_SPEED = 0.5;
/** Parts a unit may still owe its belts (completions faster than the belt can take are dropped beyond this). */
const MAX_DEBT = 50;
/** A unit takes a waiting part when its queue is shorter than this. */
const QUEUE_FULL = 12;
/** Physics time between two parts taken by one unit, ms (so accumulation shows at display speed). */
const TAKE_INTERVAL_MS = 250;
/** Physics step, ms: matter-js warns above 16.667. */
const MAX_STEP_MS = 1000 / 60;
/** Lateral positions a part is spawned at, as fractions of the belt's half width. */
const LANES = [0, -0.6, 0.6, -0.3, 0.3, -0.85, 0.85];

/**
 * The physics of all parts on all belts. `step` advances it; `positions` then holds x, z, yaw of each of the `count`
 * parts shown (metres, radians), in no particular order.
 */
export class ConveyorWorld {
  readonly capacity: number;
  readonly positions: Float32Array;
  count = 0;
  /** Parts taken by a unit (or leaving by an outfeed) so far. */
  delivered = 0;

  private readonly engine: Matter.Engine;
  private readonly bodies: Matter.Body[] = [];
  /** Per body: belt, run, slot in `active` (-1: in the pool). */
  private readonly beltOf: Int32Array;
  private readonly runOf: Int32Array;
  private readonly slotOf: Int32Array;
  /** Active body indices, packed at the front; free bodies as a stack. */
  private readonly active: Int32Array;
  private readonly free: Int32Array;
  private freeCount: number;
  /** Per run of every belt (flattened): start x, z (matter units), unit direction, length; and the belts' first run. */
  private readonly run0: Int32Array;
  private readonly runCount: Int32Array;
  private readonly rx: Float64Array;
  private readonly rz: Float64Array;
  private readonly ux: Float64Array;
  private readonly uz: Float64Array;
  private readonly rlen: Float64Array;
  private readonly ryaw: Float32Array;
  /** Per belt: the last part spawned on it (-1: none), next lane. */
  private readonly lastSpawned: Int32Array;
  private readonly lane: Int32Array;
  /** Per unit: last completed count seen, parts owed to its belts, which of its belts is next, when it last took a part. */
  private readonly seen: Float64Array;
  private readonly debt: Float64Array;
  private readonly nextBelt: Int32Array;
  private readonly tookAt: Float64Array;
  private readonly beltsOf: number[][];
  private readonly canTake: Uint8Array;
  private time = 0;
  private recycle = 0;
  /** Scratch velocity, reused (Body.setVelocity copies it). */
  private readonly velocity = { x: 0, y: 0 };

  constructor(
    readonly belts: readonly Belt[],
    unitCount: number,
    capacity: number,
    /** Keep every part on the belts: a part taken at the end re-enters at a belt's start (the `?parts=` stress mode). */
    readonly sustain = false,
  ) {
    this.capacity = capacity;
    this.positions = new Float32Array(capacity * 3);
    // Speed trick: one solver iteration each. The belt drive resets every part's velocity each step anyway, so extra
    // iterations buy little: 1 / 1 instead of the defaults 6 / 4 showed no visible overlap and cut a 2,000-part step by
    // about 30 % against 2 / 2 (Node, this project's machine).
    this.engine = Matter.Engine.create({ gravity: { x: 0, y: 0, scale: 0 }, positionIterations: 1, velocityIterations: 1, constraintIterations: 1 });
    this.beltOf = new Int32Array(capacity);
    this.runOf = new Int32Array(capacity);
    this.slotOf = new Int32Array(capacity).fill(-1);
    this.active = new Int32Array(capacity);
    this.free = new Int32Array(capacity);
    this.freeCount = capacity;
    const size = PART_SIZE * SCALE;
    for (let k = 0; k < capacity; k++) {
      // Speed trick: every body is created once and stays in the world. Pooled ones sleep far away, apart from each
      // other (sleeping bodies are not integrated; apart, they never pair), so no add/remove rebuilds the world.
      const body = Matter.Bodies.rectangle(-1e6 - k * 100, -1e6, size, size, { friction: 0, frictionStatic: 0, frictionAir: 0, restitution: 0 });
      // Speed trick: no rotation (infinite inertia): a box stays axis-aligned, and is drawn with its belt's yaw.
      Matter.Body.setInertia(body, Infinity);
      Matter.Sleeping.set(body, true);
      this.bodies.push(body);
      this.free[capacity - 1 - k] = k;
    }
    Matter.Composite.add(this.engine.world, this.bodies);

    const runTotal = belts.reduce((sum, b) => sum + b.points.length / 2 - 1, 0);
    this.run0 = new Int32Array(belts.length);
    this.runCount = new Int32Array(belts.length);
    this.rx = new Float64Array(runTotal);
    this.rz = new Float64Array(runTotal);
    this.ux = new Float64Array(runTotal);
    this.uz = new Float64Array(runTotal);
    this.rlen = new Float64Array(runTotal);
    this.ryaw = new Float32Array(runTotal);
    let r = 0;
    belts.forEach((belt, b) => {
      this.run0[b] = r;
      this.runCount[b] = belt.points.length / 2 - 1;
      for (let k = 0; k + 3 < belt.points.length; k += 2, r++) {
        const x0 = belt.points[k]! * SCALE;
        const z0 = belt.points[k + 1]! * SCALE;
        const dx = belt.points[k + 2]! * SCALE - x0;
        const dz = belt.points[k + 3]! * SCALE - z0;
        const length = Math.hypot(dx, dz);
        this.rx[r] = x0;
        this.rz[r] = z0;
        this.ux[r] = dx / length;
        this.uz[r] = dz / length;
        this.rlen[r] = length;
        this.ryaw[r] = Math.atan2(-dz, dx);
      }
    });
    this.lastSpawned = new Int32Array(belts.length).fill(-1);
    this.lane = new Int32Array(belts.length);
    this.seen = new Float64Array(unitCount).fill(NaN);
    this.debt = new Float64Array(unitCount);
    this.nextBelt = new Int32Array(unitCount);
    this.tookAt = new Float64Array(unitCount).fill(-Infinity);
    this.canTake = new Uint8Array(unitCount);
    this.beltsOf = Array.from({ length: unitCount }, () => []);
    belts.forEach((belt, b) => this.beltsOf[belt.from]!.push(b));
  }

  /**
   * Fills the belts with up to `parts` parts, evenly spaced (for the `?parts=` stress mode). Belts into one unit share
   * their last run, so a stretch already covered by an earlier run is skipped. Returns the number placed.
   */
  prefill(parts: number): number {
    const runs = this.rlen.length;
    const reach = BELT_WIDTH * SCALE * 0.5;
    const covered = (r: number, along: number): boolean => {
      const x = this.rx[r]! + this.ux[r]! * along;
      const z = this.rz[r]! + this.uz[r]! * along;
      for (let q = 0; q < r; q++) {
        const t = Math.min(this.rlen[q]!, Math.max(0, (x - this.rx[q]!) * this.ux[q]! + (z - this.rz[q]!) * this.uz[q]!));
        if (Math.hypot(x - this.rx[q]! - this.ux[q]! * t, z - this.rz[q]! - this.uz[q]! * t) < reach) return true;
      }
      return false;
    };
    let free = 0;
    for (let r = 0; r < runs; r++) for (let along = 0; along < this.rlen[r]!; along += 1) if (!covered(r, along)) free++;
    if (free === 0 || parts <= 0) return 0;
    const lanes = LANES.length;
    const pitch = Math.max(PART_SIZE * SCALE * 1.25, (0.98 * free * lanes) / parts); // 2 % spare for rounding
    // The part nearest each belt's start decides when its entry is clear again.
    const nearest = new Int32Array(this.belts.length).fill(-1);
    let placed = 0;
    for (let r = 0; r < runs && placed < parts; r++) {
      for (let along = 0; along < this.rlen[r]! && placed < parts; along += pitch / lanes) {
        if (covered(r, along)) continue;
        let b = 0;
        while (b + 1 < this.belts.length && this.run0[b + 1]! <= r) b++;
        const k = this.spawnAt(b, r, along);
        if (k < 0) break;
        if (r === this.run0[b] && nearest[b]! < 0) nearest[b] = k;
        placed++;
      }
    }
    for (let b = 0; b < this.belts.length; b++) this.lastSpawned[b] = nearest[b]!;
    return placed;
  }

  /**
   * Advances the world by `dtMs` (clamped to one 60 Hz step). `states`, `queues` and `completed` are the latest
   * frame's per-unit values: rising completed counts spawn parts, and a unit takes the part waiting at a belt's end
   * when it is not down and its queue is not full.
   */
  step(dtMs: number, states: Uint8Array, queues: Float32Array, completed: Float64Array): void {
    // Speed trick: one physics step per display frame, clamped to 16.7 ms: below 60 fps the belts run slower in wall
    // time, but the cost per frame is bounded and no part tunnels through another.
    const dt = Math.min(Math.max(dtMs, 0), MAX_STEP_MS);
    if (dt === 0) return;
    this.time += dt;
    const units = this.seen.length;
    for (let u = 0; u < units; u++) {
      const state = states[u] ?? UnitState.idle;
      this.canTake[u] =
        this.sustain ||
        (state !== UnitState.down && state !== UnitState.maintenance && (queues[u] ?? 0) < QUEUE_FULL && this.time - this.tookAt[u]! >= TAKE_INTERVAL_MS)
          ? 1
          : 0;
      const done = completed[u];
      if (done === undefined) continue;
      const seen = this.seen[u]!;
      // A drop is a statistics reset (after the warm-up), not parts going backwards: start counting again.
      if (seen === seen && done > seen) this.debt[u] = Math.min(MAX_DEBT, this.debt[u]! + (done - seen));
      this.seen[u] = done;
      this.spawnOwed(u);
    }
    this.drive();
    Matter.Engine.update(this.engine, dt);
    this.write();
  }

  /** Spawns at most one owed part per belt of unit `u`, when the belt's entry is clear. */
  private spawnOwed(u: number): void {
    const belts = this.beltsOf[u]!;
    if (belts.length === 0 || this.debt[u]! < 1) return;
    for (let tries = 0; tries < belts.length && this.debt[u]! >= 1; tries++) {
      const b = belts[this.nextBelt[u]! % belts.length]!;
      this.nextBelt[u] = this.nextBelt[u]! + 1;
      if (!this.entryClear(b)) continue;
      if (this.spawnAt(b, this.run0[b]!, 0) < 0) return;
      this.debt[u] = this.debt[u]! - 1;
    }
  }

  private entryClear(b: number): boolean {
    const last = this.lastSpawned[b]!;
    if (last < 0 || this.slotOf[last]! < 0 || this.beltOf[last] !== b) return true;
    const r = this.run0[b]!;
    const p = this.bodies[last]!.position;
    const along = (p.x - this.rx[r]!) * this.ux[r]! + (p.y - this.rz[r]!) * this.uz[r]!;
    return this.runOf[last] !== r || along > PART_SIZE * SCALE * 1.5;
  }

  /** Takes a body from the pool and puts it on belt `b`, run `r`, `along` from the run's start; -1 if none is free. */
  private spawnAt(b: number, r: number, along: number): number {
    if (this.freeCount === 0) return -1;
    const k = this.free[--this.freeCount]!;
    this.slotOf[k] = this.count;
    this.active[this.count++] = k;
    this.place(k, b, r, along);
    return k;
  }

  private place(k: number, b: number, r: number, along: number): void {
    const lane = LANES[this.lane[b]! % LANES.length]! * (BELT_WIDTH * SCALE * 0.5 - PART_SIZE * SCALE);
    this.lane[b] = this.lane[b]! + 1;
    this.beltOf[k] = b;
    this.runOf[k] = r;
    this.lastSpawned[b] = k;
    const body = this.bodies[k]!;
    Matter.Sleeping.set(body, false);
    // The lane is to the run's right (-uz, ux) in the top-down plane.
    this.velocity.x = this.rx[r]! + this.ux[r]! * along - this.uz[r]! * lane;
    this.velocity.y = this.rz[r]! + this.uz[r]! * along + this.ux[r]! * lane;
    Matter.Body.setPosition(body, this.velocity);
  }

  /** Back to the pool: asleep, far away. */
  private release(k: number): void {
    const slot = this.slotOf[k]!;
    const moved = this.active[--this.count]!;
    this.active[slot] = moved;
    this.slotOf[moved] = slot;
    this.slotOf[k] = -1;
    this.free[this.freeCount++] = k;
    const body = this.bodies[k]!;
    this.velocity.x = -1e6 - k * 100;
    this.velocity.y = -1e6;
    Matter.Body.setPosition(body, this.velocity);
    Matter.Sleeping.set(body, true);
  }

  /** Belt drive: each part's velocity is set along its run, with a pull back towards the belt's width. */
  private drive(): void {
    // Matter velocities are per 1000/60 ms step.
    const speed = (BELT_SPEED * SCALE) / 60;
    const half = PART_SIZE * SCALE * 0.5;
    const halfWidth = BELT_WIDTH * SCALE * 0.5 - half;
    for (let s = 0; s < this.count; s++) {
      const k = this.active[s]!;
      const body = this.bodies[k]!;
      const b = this.beltOf[k]!;
      let r = this.runOf[k]!;
      const p = body.position;
      let along = (p.x - this.rx[r]!) * this.ux[r]! + (p.y - this.rz[r]!) * this.uz[r]!;
      const last = this.run0[b]! + this.runCount[b]! - 1;
      if (r < last && along >= this.rlen[r]! - half) {
        this.runOf[k] = ++r; // round the corner onto the next run
        along = (p.x - this.rx[r]!) * this.ux[r]! + (p.y - this.rz[r]!) * this.uz[r]!;
      }
      const lateral = -(p.x - this.rx[r]!) * this.uz[r]! + (p.y - this.rz[r]!) * this.ux[r]!;
      if (r === last && along >= this.rlen[r]! - half) {
        const to = this.belts[b]!.to;
        if (to < 0 || this.canTake[to]) {
          if (to >= 0 && !this.sustain) {
            this.canTake[to] = 0;
            this.tookAt[to] = this.time;
          }
          if (!this.sustain) {
            this.delivered++;
            this.release(k);
            s--; // the last active body moved into this slot
            continue;
          }
          if (this.recycleBody(k)) {
            this.delivered++;
            continue;
          }
        }
        // Waiting at the end of the belt: the parts behind accumulate against this one.
        this.velocity.x = 0;
        this.velocity.y = 0;
        Matter.Body.setVelocity(body, this.velocity);
        continue;
      }
      // Steer back inside the belt's width when pushed out by a merge.
      const steer = lateral > halfWidth ? -(lateral - halfWidth) * 0.2 : lateral < -halfWidth ? -(lateral + halfWidth) * 0.2 : 0;
      this.velocity.x = this.ux[r]! * speed - this.uz[r]! * steer;
      this.velocity.y = this.uz[r]! * speed + this.ux[r]! * steer;
      Matter.Body.setVelocity(body, this.velocity);
    }
  }

  /** Stress mode: a part taken at a belt's end re-enters at the start of the next belt with a clear entry. */
  private recycleBody(k: number): boolean {
    for (let tries = 0; tries < this.belts.length; tries++) {
      const b = this.recycle++ % this.belts.length;
      if (this.entryClear(b)) {
        this.place(k, b, this.run0[b]!, 0);
        return true;
      }
    }
    return false;
  }

  private write(): void {
    const out = this.positions;
    for (let s = 0; s < this.count; s++) {
      const k = this.active[s]!;
      const p = this.bodies[k]!.position;
      out[3 * s] = p.x / SCALE;
      out[3 * s + 1] = p.y / SCALE;
      out[3 * s + 2] = this.ryaw[this.runOf[k]!]!;
    }
  }
}
