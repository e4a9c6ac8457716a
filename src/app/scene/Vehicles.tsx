/**
 * AGVs: one instanced mesh for every vehicle of every fleet, each placed per frame on its current leg between two
 * units, interpolated from the leg's start and end times (the engine writes legs, not positions, so a vehicle moves
 * smoothly at any speed), and painted by state: idle, driving empty, carrying a job, at the charger. Loaded lazily and
 * mounted only for a model with a fleet, so other models pay no draw call and no code. No allocation per frame.
 */
import { useFrame } from '@react-three/fiber';
import { useLayoutEffect, useMemo, useRef } from 'react';
import * as THREE from 'three';
import { VEHICLE_FIELDS, VehicleState } from '../../core/runtime/view.ts';
import { live, type LiveFrame } from '../store.ts';
import type { PlacedUnit } from './layout.ts';
import { testHook } from './test-hook.ts';

/** The AGV lane runs in front of the units (towards the camera), a few vehicles abreast where several wait at one unit. */
const LANE_Z = 1.7;
const ABREAST = 0.75;
const BODY_Y = 0.18;

/** Colour-blind-safe (Okabe-Ito), apart from the equipment states' colours where possible. */
export const VEHICLE_COLORS: Record<number, string> = {
  [VehicleState.idle]: '#999999',
  [VehicleState.empty]: '#56B4E9',
  [VehicleState.loaded]: '#E69F00',
  [VehicleState.charging]: '#009E73',
};

/**
 * What the browser tests read: vehicles drawn, frames drawn, each vehicle's x and z as last drawn, the metres driven
 * so far (summed over vehicles) and how many vehicles are in each state.
 */
export const vehicleStats = testHook('fabtwinVehicles', {
  drawn: 0,
  frames: 0,
  positions: new Float32Array(0),
  travelled: 0,
  byState: [0, 0, 0, 0],
});

/** Where vehicle `k`'s leg puts it at `time`: x, z and whether it moves (written into `out`). */
export function vehiclePosition(
  legs: Float64Array,
  k: number,
  time: number,
  placed: readonly PlacedUnit[],
  out: { x: number; z: number; dx: number; dz: number },
): void {
  const base = k * VEHICLE_FIELDS;
  const from = placed[legs[base]!];
  const to = placed[legs[base + 1]!];
  const start = legs[base + 2]!;
  const end = legs[base + 3]!;
  const f = end > start ? Math.min(1, Math.max(0, (time - start) / (end - start))) : 1;
  const x0 = from?.x ?? 0;
  const z0 = from?.z ?? 0;
  const x1 = to?.x ?? x0;
  const z1 = to?.z ?? z0;
  out.x = x0 + (x1 - x0) * f;
  out.z = z0 + (z1 - z0) * f + LANE_Z + ABREAST * (k % 3);
  out.dx = f > 0 && f < 1 ? x1 - x0 : 0;
  out.dz = f > 0 && f < 1 ? z1 - z0 : 0;
}

export function Vehicles({
  count,
  placed,
  source = live,
  reportStats = true,
}: {
  count: number;
  placed: readonly PlacedUnit[];
  source?: LiveFrame;
  /** Whether this scene writes `vehicleStats` (the browser tests' hook). */
  reportStats?: boolean;
}) {
  const mesh = useRef<THREE.InstancedMesh>(null);
  const scratch = useMemo(
    () => ({
      object: new THREE.Object3D(),
      color: new THREE.Color(),
      at: { x: 0, z: 0, dx: 0, dz: 0 },
      // State painted per vehicle (255: not yet), so colours are written only on a change.
      painted: new Uint8Array(count).fill(255),
      last: new Float32Array(count * 2).fill(NaN),
      palette: Object.values(VEHICLE_COLORS).map(() => new THREE.Color()),
    }),
    [count],
  );
  useLayoutEffect(() => {
    scratch.palette.forEach((c, state) => c.set(VEHICLE_COLORS[state]!));
    const m = mesh.current;
    if (!m) return;
    // Colours exist before the first draw, so the material is built with per-instance colour.
    for (let k = 0; k < count; k++) m.setColorAt(k, scratch.palette[VehicleState.idle]!);
    if (m.instanceColor) m.instanceColor.needsUpdate = true;
    if (reportStats) vehicleStats.positions = new Float32Array(count * 2);
  }, [count, scratch, reportStats]);

  /* eslint-disable react-hooks/immutability -- react-three-fiber's per-frame path: useFrame updates the memoised scratch arrays and three.js objects in place, so a frame allocates nothing and renders no React */
  useFrame(() => {
    const m = mesh.current;
    const legs = source.vehicles;
    if (!m || legs.length < count * VEHICLE_FIELDS) return;
    const { object, at, painted, last, palette } = scratch;
    let colours = false;
    if (reportStats) vehicleStats.byState.fill(0);
    for (let k = 0; k < count; k++) {
      vehiclePosition(legs, k, source.time, placed, at);
      object.position.set(at.x, BODY_Y, at.z);
      if (at.dx !== 0 || at.dz !== 0) object.rotation.set(0, Math.atan2(-at.dz, at.dx), 0);
      object.updateMatrix();
      m.setMatrixAt(k, object.matrix);
      const state = legs[k * VEHICLE_FIELDS + 4]!;
      if (painted[k] !== state) {
        painted[k] = state;
        m.setColorAt(k, palette[state] ?? palette[0]!);
        colours = true;
      }
      if (reportStats) {
        const px = last[2 * k]!;
        const pz = last[2 * k + 1]!;
        if (!Number.isNaN(px)) vehicleStats.travelled += Math.hypot(at.x - px, at.z - pz);
        vehicleStats.positions[2 * k] = at.x;
        vehicleStats.positions[2 * k + 1] = at.z;
        vehicleStats.byState[state] = (vehicleStats.byState[state] ?? 0) + 1;
      }
      last[2 * k] = at.x;
      last[2 * k + 1] = at.z;
    }
    m.count = count;
    m.instanceMatrix.needsUpdate = true;
    if (colours && m.instanceColor) m.instanceColor.needsUpdate = true;
    if (reportStats) {
      vehicleStats.drawn = count;
      vehicleStats.frames++;
    }
  });
  /* eslint-enable react-hooks/immutability */

  return (
    <instancedMesh ref={mesh} args={[undefined, undefined, count]} frustumCulled={false}>
      <boxGeometry args={[0.8, 0.3, 0.55]} />
      <meshStandardMaterial color="#ffffff" />
    </instancedMesh>
  );
}
