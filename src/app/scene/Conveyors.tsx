/**
 * Conveyors and the parts on them. Belts are one instanced mesh (static); parts are one instanced mesh whose matrices
 * are written from the positions the conveyor physics worker posts (`conveyors.worker.ts`). `?parts=N` fills the belts
 * with N parts that keep circulating (the view benchmark's load).
 */
import { useFrame } from '@react-three/fiber';
import { useEffect, useMemo, useRef } from 'react';
import * as THREE from 'three';
import type { UnitInfo } from '../../core/runtime/view.ts';
import { live, type LiveFrame } from '../store.ts';
import { BELT_HEIGHT, BELT_WIDTH, beltRuns, buildBelts, PART_HEIGHT, PART_SIZE } from './belts.ts';
import type { PositionsMessage, ToConveyors } from './conveyors.worker.ts';
import type { PlacedUnit } from './layout.ts';
import { testHook } from './test-hook.ts';

/** Parts a plant's belts can hold when not stress-testing (a fixed pool: beyond it, new parts wait upstream). */
const POOL = 600;

/** `?parts=N`: N parts kept on the belts. */
export const forcedParts = (() => {
  if (typeof location === 'undefined') return 0;
  const n = Number(new URLSearchParams(location.search).get('parts'));
  return Number.isFinite(n) && n > 0 ? Math.min(20_000, Math.floor(n)) : 0;
})();

/** What the browser tests and the benchmark read (mutated in place, never replaced). */
export const conveyorStats = testHook('fabtwinConveyors', { parts: 0, delivered: 0, stepMs: 0, positions: new Float32Array(0) });

// Message envelopes and the transfer list, reused: the per-frame messages allocate nothing on our side (postMessage's
// structured clone of the small per-unit arrays aside).
const frameMessage: Extract<ToConveyors, { type: 'frame' }> = {
  type: 'frame',
  states: new Uint8Array(0),
  queues: new Float32Array(0),
  completed: new Float64Array(0),
};
const bufferMessage: Extract<ToConveyors, { type: 'buffer' }> = { type: 'buffer', positions: new Float32Array(0) };
const transfer: ArrayBuffer[] = [new ArrayBuffer(0)];

export function Conveyors({
  units,
  placed,
  source = live,
  reportStats = true,
}: {
  units: readonly UnitInfo[];
  placed: readonly PlacedUnit[];
  /** Where the per-frame unit arrays come from (the main twin's `live`, or an embedded scene's own). */
  source?: LiveFrame;
  /** Whether this scene writes `conveyorStats` (the test and benchmark hook); one scene per page should. */
  reportStats?: boolean;
}) {
  const belts = useMemo(() => buildBelts(units, placed), [units, placed]);
  const runs = useMemo(() => beltRuns(belts), [belts]);
  const capacity = Math.max(POOL, forcedParts);
  const beltMesh = useRef<THREE.InstancedMesh>(null);
  const partMesh = useRef<THREE.InstancedMesh>(null);
  const worker = useRef<Worker | null>(null);
  /** The newest positions from the worker, not yet drawn; the one drawn before is handed back. */
  const pending = useRef<PositionsMessage | null>(null);
  const lastEngineFrame = useRef(-1);

  useEffect(() => {
    const m = beltMesh.current;
    if (!m) return;
    const o = new THREE.Object3D();
    runs.forEach((run, i) => {
      o.position.set(run.x, BELT_HEIGHT / 2, run.z);
      o.rotation.set(0, run.yaw, 0);
      o.scale.set(run.length, BELT_HEIGHT, BELT_WIDTH);
      o.updateMatrix();
      m.setMatrixAt(i, o.matrix);
    });
    m.count = runs.length;
    m.instanceMatrix.needsUpdate = true;
    if (partMesh.current) partMesh.current.count = 0; // nothing drawn until the worker's first positions
  }, [runs]);

  useEffect(() => {
    if (belts.length === 0) return;
    const w = new Worker(new URL('./conveyors.worker.ts', import.meta.url), { type: 'module' });
    worker.current = w;
    w.onmessage = (event: MessageEvent<PositionsMessage>) => {
      const previous = pending.current;
      pending.current = event.data;
      // Not drawn in time: hand the older buffer straight back.
      if (previous) w.postMessage({ type: 'buffer', positions: previous.positions } satisfies ToConveyors, [previous.positions.buffer]);
    };
    w.postMessage({ type: 'init', belts, units: units.length, capacity, sustain: forcedParts > 0, prefill: forcedParts } satisfies ToConveyors);
    lastEngineFrame.current = -1;
    return () => {
      w.terminate();
      worker.current = null;
      pending.current = null;
      if (reportStats) conveyorStats.parts = 0;
    };
  }, [belts, units.length, capacity, reportStats]);

  useFrame(() => {
    const w = worker.current;
    const m = partMesh.current;
    if (!w || !m) return;
    if (source.frame !== lastEngineFrame.current && source.completed.length === units.length) {
      lastEngineFrame.current = source.frame;
      frameMessage.states = source.states;
      frameMessage.queues = source.queues;
      frameMessage.completed = source.completed;
      w.postMessage(frameMessage);
    }
    const message = pending.current;
    if (!message) return;
    pending.current = null;
    // Speed trick: matrices written straight into the instance buffer (a yaw about y and a translation; the part's
    // size lives in the geometry), 16 floats per part, instead of composing an Object3D's matrix per part.
    const out = m.instanceMatrix.array as Float32Array;
    const p = message.positions;
    const n = Math.min(message.count, m.instanceMatrix.count);
    const y = BELT_HEIGHT + PART_HEIGHT / 2;
    for (let i = 0; i < n; i++) {
      const yaw = p[3 * i + 2]!;
      const c = Math.cos(yaw);
      const s = Math.sin(yaw);
      const o = 16 * i;
      out[o] = c;
      out[o + 1] = 0;
      out[o + 2] = -s;
      out[o + 3] = 0;
      out[o + 4] = 0;
      out[o + 5] = 1;
      out[o + 6] = 0;
      out[o + 7] = 0;
      out[o + 8] = s;
      out[o + 9] = 0;
      out[o + 10] = c;
      out[o + 11] = 0;
      out[o + 12] = p[3 * i]!;
      out[o + 13] = y;
      out[o + 14] = p[3 * i + 1]!;
      out[o + 15] = 1;
    }
    m.count = n;
    m.instanceMatrix.needsUpdate = true;
    bufferMessage.positions = p;
    transfer[0] = p.buffer as ArrayBuffer;
    if (reportStats) reportPositions(n, message);
    w.postMessage(bufferMessage, transfer);
  });

  if (belts.length === 0) return null;
  return (
    <>
      <instancedMesh ref={beltMesh} args={[undefined, undefined, Math.max(1, runs.length)]} frustumCulled={false}>
        <boxGeometry args={[1, 1, 1]} />
        <meshStandardMaterial color="#4a525c" />
      </instancedMesh>
      {/* Speed trick: one draw call for every part of the plant; no per-instance colour, no frustum culling pass. */}
      <instancedMesh ref={partMesh} args={[undefined, undefined, capacity]} frustumCulled={false}>
        <boxGeometry args={[PART_SIZE, PART_HEIGHT, PART_SIZE * 0.7]} />
        <meshStandardMaterial color="#E69F00" />
      </instancedMesh>
    </>
  );
}

/** Copies what the browser tests and the benchmark read (no allocation: the positions array is made once). */
function reportPositions(parts: number, message: PositionsMessage): void {
  conveyorStats.parts = parts;
  conveyorStats.delivered = message.delivered;
  conveyorStats.stepMs = message.stepMs;
  if (conveyorStats.positions.length === 0) conveyorStats.positions = new Float32Array(30);
  conveyorStats.positions.set(message.positions.subarray(0, Math.min(30, 3 * parts)));
}
