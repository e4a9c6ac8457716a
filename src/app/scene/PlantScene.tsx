/**
 * The 3D view. Equipment is laid out from `scenes/<model>.json` when there is one, else in a row; its colour follows
 * the unit state, and waiting parts are drawn as one instanced mesh. Everything that changes per frame is read from
 * `live` inside `useFrame` without subscribing, with scratch objects allocated once at module level.
 */
import { Canvas, useFrame } from '@react-three/fiber';
import { useMemo, useRef, type RefObject } from 'react';
import * as THREE from 'three';
import { UNIT_STATE_NAMES, type UnitInfo } from '../../core/runtime/view.ts';
import { STATE_STYLE } from '../palette.ts';
import { live, useApp } from '../store.ts';
import { PerfRenderTimer, PerfStart } from './PerfProbe.tsx';

const MAX_PARTS_SHOWN_PER_UNIT = 40;
const SPACING = 3;

// Scratch objects for the per-frame loop (no allocation per frame).
const scratch = new THREE.Object3D();
const stateColors = UNIT_STATE_NAMES.map((name) => new THREE.Color(STATE_STYLE[name].color));

/** The body of a unit, by equipment kind: procedural shapes that read as what they are. */
function Body({ kind, material }: { kind: string; material: RefObject<THREE.MeshStandardMaterial | null> }) {
  const paint = <meshStandardMaterial ref={material} color={STATE_STYLE.idle.color} />;
  switch (kind) {
    case 'reactor':
      return (
        <group>
          <mesh position={[0, 1.2, 0]}>
            <cylinderGeometry args={[0.8, 0.8, 1.8, 24]} />
            {paint}
          </mesh>
          <mesh position={[0, 2.2, 0]}>
            <sphereGeometry args={[0.8, 24, 12, 0, Math.PI * 2, 0, Math.PI / 2]} />
            <meshStandardMaterial color="#8a939e" />
          </mesh>
        </group>
      );
    case 'column':
      return (
        <mesh position={[0, 2, 0]}>
          <cylinderGeometry args={[0.45, 0.45, 4, 20]} />
          {paint}
        </mesh>
      );
    case 'tank':
      return (
        <mesh position={[0, 0.8, 0]}>
          <cylinderGeometry args={[1, 1, 1.5, 24]} />
          {paint}
        </mesh>
      );
    case 'heater':
      return (
        <group>
          <mesh position={[0, 1, 0]}>
            <boxGeometry args={[1.4, 2, 1.4]} />
            {paint}
          </mesh>
          <mesh position={[0, 2.4, 0]}>
            <cylinderGeometry args={[0.15, 0.2, 0.8, 12]} />
            <meshStandardMaterial color="#5d646d" />
          </mesh>
        </group>
      );
    case 'pump':
      return (
        <mesh position={[0, 0.45, 0]} rotation={[0, 0, Math.PI / 2]}>
          <cylinderGeometry args={[0.35, 0.35, 1, 16]} />
          {paint}
        </mesh>
      );
    default:
      // A machine cell: an enclosure with a window where the door is.
      return (
        <group>
          <mesh position={[0, 0.75, 0]}>
            <boxGeometry args={[1.6, 1.5, 1.6]} />
            {paint}
          </mesh>
          <mesh position={[0, 0.9, 0.81]}>
            <planeGeometry args={[0.9, 0.6]} />
            <meshStandardMaterial color="#203040" />
          </mesh>
        </group>
      );
  }
}

function Unit({ index, x, kind }: { index: number; x: number; kind: string }) {
  const material = useRef<THREE.MeshStandardMaterial>(null);
  useFrame(() => {
    const color = stateColors[live.states[index] ?? 0] ?? stateColors[0]!;
    if (material.current && !material.current.color.equals(color)) material.current.color.copy(color);
  });
  return (
    <group
      position={[x, 0, 0]}
      onClick={(event) => {
        event.stopPropagation();
        useApp.setState({ selectedUnit: index });
      }}
    >
      <Body kind={kind} material={material} />
      <mesh position={[0, 0.05, 0]}>
        <boxGeometry args={[2.2, 0.1, 2.2]} />
        <meshStandardMaterial color="#3a3f47" />
      </mesh>
    </group>
  );
}

/** Parts waiting in each unit's buffer, stacked in front of it: one draw call for all of them. */
function WaitingParts({ count }: { count: number }) {
  const mesh = useRef<THREE.InstancedMesh>(null);
  const capacity = Math.max(1, count * MAX_PARTS_SHOWN_PER_UNIT);
  useFrame(() => {
    const m = mesh.current;
    if (!m) return;
    let n = 0;
    for (let unit = 0; unit < count; unit++) {
      const shown = Math.min(MAX_PARTS_SHOWN_PER_UNIT, Math.ceil(live.queues[unit] ?? 0));
      const x0 = unit * SPACING - 1.4;
      for (let k = 0; k < shown; k++) {
        scratch.position.set(x0 - 0.35 * Math.floor(k / 10), 0.25 + 0.3 * (k % 10 >= 5 ? 1 : 0), 1.4 - 0.3 * (k % 5));
        scratch.updateMatrix();
        m.setMatrixAt(n++, scratch.matrix);
      }
    }
    m.count = n;
    m.instanceMatrix.needsUpdate = true;
  });
  return (
    <instancedMesh ref={mesh} args={[undefined, undefined, capacity]} frustumCulled={false}>
      <boxGeometry args={[0.25, 0.25, 0.25]} />
      <meshStandardMaterial color="#CC79A7" />
    </instancedMesh>
  );
}

export function PlantScene({ units }: { units: readonly UnitInfo[] }) {
  const width = Math.max(1, units.length) * SPACING;
  const camera = useMemo(() => ({ position: [width / 2, 6 + width * 0.25, 9 + width * 0.3] as [number, number, number], fov: 45 }), [width]);
  return (
    <Canvas
      data-testid="scene-canvas"
      dpr={1}
      camera={camera}
      gl={{ preserveDrawingBuffer: true, antialias: false }}
      onCreated={({ camera: c }) => c.lookAt((units.length - 1) * SPACING * 0.5, 0, 0)}
    >
      <PerfStart />
      <PerfRenderTimer />
      <color attach="background" args={['#1d2127']} />
      <ambientLight intensity={0.6} />
      <directionalLight position={[5, 10, 6]} intensity={1.4} />
      <mesh rotation={[-Math.PI / 2, 0, 0]} position={[width / 2 - SPACING / 2, 0, 0]}>
        <planeGeometry args={[width + 6, 10]} />
        <meshStandardMaterial color="#2b3038" />
      </mesh>
      {units.map((unit, i) => (
        <Unit key={unit.id} index={i} x={i * SPACING} kind={unit.kind} />
      ))}
      <WaitingParts count={units.length} />
    </Canvas>
  );
}
