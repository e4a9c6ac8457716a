/**
 * Draws the plant's equipment from the part catalogue (`equipment.ts`): one instanced mesh per part type, over every
 * unit that has it. State-painted parts take the unit's state colour per instance (rewritten only when a state
 * changes); moving parts (spindles, doors, robot arms, hoists, flames, tank contents) get their matrices written in
 * `useFrame` from the scene's frame source, through module-level scratch objects: nothing is allocated per frame.
 */
import { useFrame, type ThreeEvent } from '@react-three/fiber';
import { useEffect, useLayoutEffect, useMemo, useRef } from 'react';
import * as THREE from 'three';
import { UNIT_STATE_NAMES, UnitState } from '../../core/runtime/view.ts';
import { STATE_STYLE } from '../palette.ts';
import { useApp, type LiveFrame } from '../store.ts';
import { equipmentInstances, type PartType } from './equipment.ts';
import type { PlacedUnit } from './layout.ts';
import { testHook } from './test-hook.ts';

const stateColors = UNIT_STATE_NAMES.map((name) => new THREE.Color(STATE_STYLE[name].color));
// Scratch objects for the per-frame loop (no allocation per frame).
const local = new THREE.Object3D();
const world = new THREE.Matrix4();

/** How far a CNC door slides open, metres; how fast it moves (fraction of the way per second). */
const DOOR_TRAVEL = 0.6;
const DOOR_RATE = 3;
/** Turning speed of spindles, agitators and pump shafts while running, radians per second (drawn, not simulated). */
const SPIN_RATE = 9;

/** What the browser tests read: part types drawn, and moving parts whose unit was running in a recent frame. */
export const equipmentStats = testHook('fabtwinEquipment', { partTypes: 0, moving: 0 });

export function Equipment({
  kinds,
  placed,
  source,
  selectable,
  reportStats,
}: {
  /** The equipment kind drawn for each unit, in unit order. */
  kinds: readonly string[];
  placed: readonly PlacedUnit[];
  source: LiveFrame;
  selectable: boolean;
  reportStats: boolean;
}) {
  const groups = useMemo(() => equipmentInstances(kinds), [kinds]);
  // Each unit's frame on the floor (position and yaw), composed once per layout.
  const unitFrames = useMemo(
    () =>
      placed.map((p) =>
        new THREE.Matrix4().compose(
          new THREE.Vector3(p.x, 0, p.z),
          new THREE.Quaternion().setFromAxisAngle(new THREE.Vector3(0, 1, 0), p.rotation),
          new THREE.Vector3(1, 1, 1),
        ),
      ),
    [placed],
  );
  // Each part type's count of running moving parts, summed here (a frame late: the order of useFrame calls is free).
  const movingByPart = useMemo(() => new Int32Array(groups.length), [groups]);
  useEffect(() => {
    if (reportStats) equipmentStats.partTypes = groups.length;
  }, [groups, reportStats]);
  useFrame(() => {
    if (!reportStats) return;
    let moving = 0;
    for (let g = 0; g < movingByPart.length; g++) moving += movingByPart[g]!;
    equipmentStats.moving = moving;
  });
  return (
    <>
      {groups.map(({ part, units }, g) => (
        <PartMesh key={part.key} part={part} units={units} unitFrames={unitFrames} source={source} selectable={selectable} moving={movingByPart} slot={g} />
      ))}
    </>
  );
}

function materialFor(part: PartType): THREE.Material {
  const paint = part.paint;
  if (paint === 'state') return new THREE.MeshStandardMaterial({ color: '#ffffff' });
  if (paint.emissive) return new THREE.MeshBasicMaterial({ color: paint.color, toneMapped: false });
  if (paint.opacity !== undefined) {
    return new THREE.MeshStandardMaterial({ color: paint.color, transparent: true, opacity: paint.opacity, depthWrite: false });
  }
  return new THREE.MeshStandardMaterial({ color: paint.color });
}

function PartMesh({
  part,
  units,
  unitFrames,
  source,
  selectable,
  moving,
  slot,
}: {
  part: PartType;
  units: Int32Array;
  unitFrames: readonly THREE.Matrix4[];
  source: LiveFrame;
  selectable: boolean;
  /** Where this part type writes how many of its instances move with a running unit (`moving[slot]`). */
  moving: Int32Array;
  slot: number;
}) {
  const mesh = useRef<THREE.InstancedMesh>(null);
  const geometry = useMemo(() => part.geometry(), [part]);
  const material = useMemo(() => materialFor(part), [part]);
  useEffect(() => () => material.dispose(), [material]);
  const count = units.length;
  // Per instance: the state last painted, and the motion's own variable (an angle, a door's opening, a phase).
  const lastState = useMemo(() => new Int16Array(count).fill(-1), [count]);
  const motion = useMemo(() => new Float32Array(count), [count]);
  const [ax, ay, az] = part.at;
  const yaw = part.yaw ?? 0;

  useLayoutEffect(() => {
    const m = mesh.current;
    if (!m) return;
    for (let k = 0; k < count; k++) {
      local.position.set(ax, ay, az);
      local.rotation.set(0, yaw, 0);
      local.scale.set(1, 1, 1);
      local.updateMatrix();
      m.setMatrixAt(k, world.multiplyMatrices(unitFrames[units[k]!]!, local.matrix));
      if (part.paint === 'state') m.setColorAt(k, stateColors[UnitState.idle]!);
    }
    m.count = count;
    m.instanceMatrix.needsUpdate = true;
    if (m.instanceColor) m.instanceColor.needsUpdate = true;
    lastState.fill(-1);
  }, [count, units, unitFrames, ax, ay, az, yaw, part.paint, lastState]);

  /* eslint-disable react-hooks/immutability -- react-three-fiber's per-frame path: useFrame updates the memoised typed arrays and three.js objects in place, so a frame allocates nothing and renders no React */
  useFrame((state, delta) => {
    const m = mesh.current;
    if (!m) return;
    if (part.paint === 'state') {
      let changed = false;
      for (let k = 0; k < count; k++) {
        const s = source.states[units[k]!] ?? UnitState.idle;
        if (s === lastState[k]) continue;
        lastState[k] = s;
        m.setColorAt(k, stateColors[s] ?? stateColors[UnitState.idle]!);
        changed = true;
      }
      if (changed && m.instanceColor) m.instanceColor.needsUpdate = true;
    }
    if (part.motion === 'none') return;
    const dt = Math.min(delta, 0.1);
    const t = state.clock.elapsedTime;
    let runningParts = 0;
    for (let k = 0; k < count; k++) {
      const u = units[k]!;
      const s = source.states[u];
      const running = s === UnitState.running;
      if (running) runningParts++;
      local.position.set(ax, ay, az);
      local.rotation.set(0, yaw, 0);
      local.scale.set(1, 1, 1);
      switch (part.motion) {
        case 'door': {
          // Closed while cutting, open otherwise (loading, set-up, waiting).
          const target = running ? 0 : 1;
          motion[k] = motion[k]! + (target - motion[k]!) * Math.min(1, dt * DOOR_RATE);
          local.position.x = ax + DOOR_TRAVEL * motion[k]!;
          break;
        }
        case 'spin-y':
        case 'spin-x':
          if (running) motion[k] = (motion[k]! + dt * SPIN_RATE) % (2 * Math.PI);
          if (part.motion === 'spin-y') local.rotation.y = yaw + motion[k]!;
          else local.rotation.x = motion[k]!;
          break;
        case 'arm': {
          // Loading: the arm swings between the belt and the door while its cell runs or sets up; at rest otherwise.
          const active = running || s === UnitState.setup;
          if (active) motion[k] = motion[k]! + dt;
          const swing = active ? Math.sin(motion[k]! * 1.6) : 0;
          local.rotation.y = yaw + 0.9 * swing;
          local.position.y = ay + (active ? 0.12 * Math.abs(Math.sin(motion[k]! * 3.2)) : 0);
          break;
        }
        case 'shuttle-x':
        case 'shuttle-z': {
          if (running) motion[k] = motion[k]! + dt;
          const offset = Math.sin(motion[k]! * 1.2);
          if (part.motion === 'shuttle-x') local.position.x = ax + 0.6 * offset;
          else local.position.z = az + 0.45 * offset;
          break;
        }
        case 'flame': {
          // Height with the firing (the heater's fuel against its maximum), flickering; out when not firing.
          const firing = running ? Math.min(1.2, Math.max(0, source.utilization[u] ?? 0)) : 0;
          const flicker = 1 + 0.14 * Math.sin(t * 23 + u) + 0.09 * Math.sin(t * 37 + 2 * u);
          const h = firing > 0 ? 0.1 + 0.45 * firing * flicker : 0.0001;
          local.scale.set(0.6 + 0.4 * firing, h, 0.6 + 0.4 * firing);
          break;
        }
        case 'level': {
          const level = source.levels[u];
          local.scale.y = Math.max(0.0001, 1.42 * (level !== undefined && Number.isFinite(level) ? Math.min(1, Math.max(0, level)) : 0));
          break;
        }
      }
      local.updateMatrix();
      m.setMatrixAt(k, world.multiplyMatrices(unitFrames[u]!, local.matrix));
    }
    m.instanceMatrix.needsUpdate = true;
    moving[slot] = runningParts;
  });
  /* eslint-enable react-hooks/immutability */

  const onClick =
    selectable && (part.paint === 'state' || part.key === 'plate')
      ? (event: ThreeEvent<MouseEvent>) => {
          if (event.instanceId === undefined) return;
          event.stopPropagation();
          useApp.setState({ selectedUnit: units[event.instanceId] });
        }
      : undefined;
  return <instancedMesh ref={mesh} args={[geometry, material, Math.max(1, count)]} onClick={onClick} />;
}
