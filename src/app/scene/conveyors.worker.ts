/**
 * The conveyor physics worker: steps the matter-js world of `conveyors.ts` at about 60 Hz and posts the parts'
 * positions. Why a worker of its own: with 2,000 parts, one matter-js step measured 6-9 ms in Node on this project's
 * machine and 9-39 ms in this worker in headless Chromium while the engine runs flat out (broadphase and solver,
 * mostly at merges and accumulations): most or all of the 8 ms main-thread budget per frame. The engine worker is
 * busy running the simulation as fast as possible. Here it costs the UI thread only a copy of the positions into the
 * instance buffer (`npm run bench:view` reports both).
 */
import { ConveyorWorld, type Belt } from './conveyors.ts';

export type ToConveyors =
  | { type: 'init'; belts: Belt[]; units: number; capacity: number; sustain: boolean; prefill: number }
  /** The engine's latest per-unit values (forwarded by the UI thread when a new engine frame arrives). */
  | { type: 'frame'; states: Uint8Array; queues: Float32Array; completed: Float64Array }
  /** A positions buffer handed back for reuse. */
  | { type: 'buffer'; positions: Float32Array };

export interface PositionsMessage {
  type: 'positions';
  /** x, z, yaw per part, for the first `count` parts. */
  positions: Float32Array;
  count: number;
  delivered: number;
  /** Milliseconds the last physics step took, for the perf overlay and the benchmark. */
  stepMs: number;
}

const TICK_MS = 16;

let world: ConveyorWorld | undefined;
let states: Uint8Array = new Uint8Array(0);
let queues: Float32Array = new Float32Array(0);
let completed: Float64Array = new Float64Array(0);
/** The positions buffer, when the UI thread has handed it back (one circulates: see `tick`). */
const spare: Float32Array[] = [];
let last = 0;
let stepMs = 0;

function tick(): void {
  const now = performance.now();
  // Speed trick (backpressure): step only when the UI thread has handed a buffer back, i.e. has drawn what we sent.
  // The physics then runs at the display's frame rate (at most 60 Hz), as it would in useFrame, and never takes CPU
  // from a UI thread that is already behind (on a 2-core machine with software WebGL, it would).
  const buffer = world ? spare.pop() : undefined;
  if (world && buffer) {
    world.step(last > 0 ? now - last : 0, states, queues, completed);
    stepMs = performance.now() - now;
    last = now;
    buffer.set(world.positions.subarray(0, world.count * 3));
    const message: PositionsMessage = { type: 'positions', positions: buffer, count: world.count, delivered: world.delivered, stepMs };
    (self as unknown as Worker).postMessage(message, [buffer.buffer]);
  }
  setTimeout(tick, Math.max(1, TICK_MS - (performance.now() - now)));
}

self.onmessage = (event: MessageEvent<ToConveyors>) => {
  const message = event.data;
  switch (message.type) {
    case 'init':
      world = new ConveyorWorld(message.belts, message.units, message.capacity, message.sustain);
      world.prefill(message.prefill);
      spare.length = 0;
      spare.push(new Float32Array(message.capacity * 3));
      break;
    case 'frame':
      states = message.states;
      queues = message.queues;
      completed = message.completed;
      break;
    case 'buffer':
      spare.push(message.positions);
      break;
  }
};

setTimeout(tick, TICK_MS);
