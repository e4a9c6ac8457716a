/**
 * The pending-event set: a binary min-heap ordered by (time, priority, insertion sequence).
 *
 * Speed trick (labelled, as the kernel is the hot path): the heap holds slot numbers in typed arrays and compares two
 * doubles per node instead of objects. Priority and sequence are packed into one exactly representable double
 * `(priority + PRIORITY_OFFSET) * 2^40 + sequence`, so "then priority, then sequence" is a single comparison. Payloads
 * (a target and its data, kept in two columns so no pair object is made) live in a slot table whose slots are recycled through a free list (as JaamSim recycles event nodes), so scheduling
 * allocates nothing once the tables have grown. Cancellation is lazy: the slot is marked and skipped when it surfaces.
 */

/** Lowest and highest priority accepted; a lower number runs first among events at the same time. */
export const MIN_PRIORITY = -1000;
export const MAX_PRIORITY = 1000;
const PRIORITY_OFFSET = 1024;
const SEQUENCE_SPAN = 2 ** 40; // 1.1e12 insertions per run before the packed key would lose exactness
const SLOT_BITS = 2 ** 26; // event handles encode (generation, slot): up to 67 M events pending at once
const GENERATION_SPAN = 2 ** 27; // generation * SLOT_BITS + slot < 2^53

/** Opaque handle of a scheduled event; pass it to `cancel`. */
export type EventHandle = number;

export class EventQueue<T, D> {
  private heapTime = new Float64Array(1024);
  private heapKey = new Float64Array(1024);
  private heapSlot = new Int32Array(1024);
  private heapSize = 0;

  private slotTarget: (T | undefined)[] = [];
  private slotData: (D | undefined)[] = [];
  private slotGeneration = new Float64Array(1024);
  private slotCancelled = new Uint8Array(1024);
  private freeSlots = new Int32Array(1024);
  private freeCount = 0;
  private sequence = 0;
  private live = 0;

  /** Number of pending events that have not been cancelled. */
  get size(): number {
    return this.live;
  }

  /** Adds an event for `target` carrying `data`; returns a handle for `cancel`. */
  push(time: number, priority: number, target: T, data: D): EventHandle {
    if ((priority | 0) !== priority || priority < MIN_PRIORITY || priority > MAX_PRIORITY) {
      throw new RangeError(`event priority must be an integer in [${MIN_PRIORITY}, ${MAX_PRIORITY}], got ${priority}`);
    }
    if (this.sequence >= SEQUENCE_SPAN) throw new RangeError('event queue: sequence space exhausted');
    const slot = this.allocateSlot();
    this.slotTarget[slot] = target;
    this.slotData[slot] = data;
    this.slotCancelled[slot] = 0;
    if (this.heapSize === this.heapTime.length) this.growHeap();
    const key = (priority + PRIORITY_OFFSET) * SEQUENCE_SPAN + this.sequence++;
    this.siftUp(this.heapSize++, time, key, slot);
    this.live++;
    return this.slotGeneration[slot]! * SLOT_BITS + slot;
  }

  /** Cancels a pending event. Returns false if it already ran or was cancelled. */
  cancel(handle: EventHandle): boolean {
    const slot = handle % SLOT_BITS;
    const generation = (handle - slot) / SLOT_BITS;
    if (slot >= this.slotTarget.length || this.slotGeneration[slot] !== generation) return false;
    if (this.slotCancelled[slot] || this.slotTarget[slot] === undefined) return false;
    this.slotCancelled[slot] = 1;
    this.slotTarget[slot] = undefined; // let target and data be collected now
    this.slotData[slot] = undefined;
    this.live--;
    return true;
  }

  /** Time of the next live event, or Infinity when none is pending. */
  peekTime(): number {
    this.dropCancelledTop();
    return this.heapSize > 0 ? this.heapTime[0]! : Infinity;
  }

  /**
   * Removes the next live event and returns its target, or undefined when none is pending. Its time and data are left in
   * `poppedTime` and `poppedData` (out-parameters instead of a returned tuple: no allocation per event).
   */
  poppedTime = 0;
  poppedData: D | undefined = undefined;
  pop(): T | undefined {
    return this.popUntil(Infinity);
  }

  /**
   * Like `pop`, but only if the next live event is due at or before `until`; otherwise returns undefined and leaves it.
   * One call per event in the kernel's run loop instead of `peekTime` followed by `pop`.
   */
  popUntil(until: number): T | undefined {
    this.dropCancelledTop();
    if (this.heapSize === 0 || this.heapTime[0]! > until) return undefined;
    const slot = this.heapSlot[0]!;
    this.poppedTime = this.heapTime[0]!;
    this.removeTop();
    const target = this.slotTarget[slot];
    this.poppedData = this.slotData[slot];
    this.releaseSlot(slot);
    this.live--;
    return target;
  }

  private dropCancelledTop(): void {
    while (this.heapSize > 0) {
      const slot = this.heapSlot[0]!;
      if (!this.slotCancelled[slot]) return;
      this.removeTop();
      this.releaseSlot(slot);
    }
  }

  private removeTop(): void {
    const last = --this.heapSize;
    if (last > 0) this.siftDown(0, this.heapTime[last]!, this.heapKey[last]!, this.heapSlot[last]!);
  }

  private siftUp(index: number, time: number, key: number, slot: number): void {
    const times = this.heapTime;
    const keys = this.heapKey;
    const slots = this.heapSlot;
    let i = index;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pt = times[parent]!;
      if (pt < time || (pt === time && keys[parent]! < key)) break;
      times[i] = pt;
      keys[i] = keys[parent]!;
      slots[i] = slots[parent]!;
      i = parent;
    }
    times[i] = time;
    keys[i] = key;
    slots[i] = slot;
  }

  private siftDown(index: number, time: number, key: number, slot: number): void {
    const times = this.heapTime;
    const keys = this.heapKey;
    const slots = this.heapSlot;
    const size = this.heapSize;
    let i = index;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= size) break;
      const right = child + 1;
      if (right < size) {
        const rt = times[right]!;
        const lt = times[child]!;
        if (rt < lt || (rt === lt && keys[right]! < keys[child]!)) child = right;
      }
      const ct = times[child]!;
      if (time < ct || (time === ct && key < keys[child]!)) break;
      times[i] = ct;
      keys[i] = keys[child]!;
      slots[i] = slots[child]!;
      i = child;
    }
    times[i] = time;
    keys[i] = key;
    slots[i] = slot;
  }

  private allocateSlot(): number {
    if (this.freeCount > 0) return this.freeSlots[--this.freeCount]!;
    const slot = this.slotTarget.length;
    if (slot >= SLOT_BITS) throw new RangeError('event queue: too many pending events');
    this.slotTarget.push(undefined);
    this.slotData.push(undefined);
    if (slot >= this.slotGeneration.length) {
      this.slotGeneration = grow(this.slotGeneration, new Float64Array(this.slotGeneration.length * 2));
      this.slotCancelled = grow(this.slotCancelled, new Uint8Array(this.slotCancelled.length * 2));
      this.freeSlots = grow(this.freeSlots, new Int32Array(this.freeSlots.length * 2));
    }
    return slot;
  }

  private releaseSlot(slot: number): void {
    this.slotTarget[slot] = undefined;
    this.slotData[slot] = undefined;
    this.slotCancelled[slot] = 0;
    // Generations wrap so that handles stay exact doubles; a stale handle would need 2^27 reuses of its slot to collide.
    const generation = this.slotGeneration[slot]! + 1;
    this.slotGeneration[slot] = generation === GENERATION_SPAN ? 0 : generation;
    this.freeSlots[this.freeCount++] = slot;
  }

  private growHeap(): void {
    const n = this.heapTime.length * 2;
    this.heapTime = grow(this.heapTime, new Float64Array(n));
    this.heapKey = grow(this.heapKey, new Float64Array(n));
    this.heapSlot = grow(this.heapSlot, new Int32Array(n));
  }
}

function grow<T extends Float64Array | Int32Array | Uint8Array>(from: T, to: T): T {
  to.set(from);
  return to;
}
