/**
 * Pipes between process units, with animated flow: markers slide along each pipe while both ends run, at a speed that
 * follows the source's load (its utilisation). Pipes are one instanced mesh, markers another; the markers' matrices
 * are written on the main thread in `useFrame` (a few dozen, no physics), with no allocation per frame.
 */
import { useFrame } from '@react-three/fiber';
import { useEffect, useMemo, useRef } from 'react';
import * as THREE from 'three';
import { UnitState, type UnitInfo } from '../../core/runtime/view.ts';
import { live, type LiveFrame } from '../store.ts';
import { beltRuns, buildPipes } from './belts.ts';
import type { PlacedUnit } from './layout.ts';
import { testHook } from './test-hook.ts';

const PIPE_Y = 0.6;
const PIPE_RADIUS = 0.09;
const MARKER_SPACING = 0.6;
/** Flow marker speed at full load, metres per second. */
const FLOW_SPEED = 0.8;

/** What the browser tests read: markers drawn, and how far the flow has moved (metres, summed over pipes). */
export const pipeStats = testHook('fabtwinPipes', { markers: 0, travelled: 0 });

export function Pipes({
  units,
  placed,
  source = live,
  reportStats = true,
}: {
  units: readonly UnitInfo[];
  placed: readonly PlacedUnit[];
  /** Where the per-frame unit arrays come from (the main twin's `live`, or an embedded scene's own). */
  source?: LiveFrame;
  /** Whether this scene writes `pipeStats` (the browser tests' hook). */
  reportStats?: boolean;
}) {
  const pipes = useMemo(() => buildPipes(units, placed), [units, placed]);
  const runs = useMemo(() => beltRuns(pipes), [pipes]);
  /** Per pipe: length, and its runs as flat arrays (start x, z, direction, length), for placing markers. */
  const geometry = useMemo(() => {
    const lengths: number[] = [];
    const runData: number[][] = [];
    for (const pipe of pipes) {
      const data: number[] = [];
      let total = 0;
      for (let k = 0; k + 3 < pipe.points.length; k += 2) {
        const [x0, z0, x1, z1] = [pipe.points[k]!, pipe.points[k + 1]!, pipe.points[k + 2]!, pipe.points[k + 3]!];
        const length = Math.hypot(x1 - x0, z1 - z0);
        data.push(x0, z0, (x1 - x0) / length, (z1 - z0) / length, length);
        total += length;
      }
      lengths.push(total);
      runData.push(data);
    }
    const markers = lengths.reduce((sum, l) => sum + Math.max(1, Math.floor(l / MARKER_SPACING)), 0);
    return { lengths, runData, markers, phase: new Float64Array(pipes.length) };
  }, [pipes]);
  const pipeMesh = useRef<THREE.InstancedMesh>(null);
  const markerMesh = useRef<THREE.InstancedMesh>(null);

  useEffect(() => {
    const m = pipeMesh.current;
    if (!m) return;
    const o = new THREE.Object3D();
    runs.forEach((run, i) => {
      o.position.set(run.x, PIPE_Y, run.z);
      // A cylinder stands along y: lay it along the run (x after the yaw), shortened back by the belts' corner overlap.
      o.rotation.set(0, run.yaw, Math.PI / 2);
      o.scale.set(1, run.length - 0.9 + PIPE_RADIUS * 2, 1);
      o.updateMatrix();
      m.setMatrixAt(i, o.matrix);
    });
    m.count = runs.length;
    m.instanceMatrix.needsUpdate = true;
  }, [runs]);

  /* eslint-disable react-hooks/immutability -- react-three-fiber's per-frame path: useFrame updates the memoised typed arrays and three.js objects in place, so a frame allocates nothing and renders no React */
  useFrame((_state, delta) => {
    const m = markerMesh.current;
    if (!m) return;
    const dt = Math.min(delta, 0.1);
    const scratch = m.instanceMatrix.array as Float32Array;
    let n = 0;
    for (let p = 0; p < pipes.length; p++) {
      const pipe = pipes[p]!;
      const flowing = source.states[pipe.from] === UnitState.running && source.states[pipe.to] === UnitState.running;
      const load = Math.min(1.5, Math.max(0.2, source.utilization[pipe.from] ?? 0));
      const length = geometry.lengths[p]!;
      if (flowing) {
        geometry.phase[p] = (geometry.phase[p]! + dt * FLOW_SPEED * load) % MARKER_SPACING;
        if (reportStats) pipeStats.travelled += dt * FLOW_SPEED * load;
      }
      const data = geometry.runData[p]!;
      const count = Math.max(1, Math.floor(length / MARKER_SPACING));
      for (let k = 0; k < count; k++) {
        // Distance along the pipe, then the run it falls on.
        let along = k * MARKER_SPACING + geometry.phase[p]!;
        let r = 0;
        while (r + 5 < data.length && along > data[r + 4]!) {
          along -= data[r + 4]!;
          r += 5;
        }
        const o = 16 * n++;
        // Speed trick: a translation-only matrix written straight into the instance buffer.
        scratch[o] = 1;
        scratch[o + 1] = scratch[o + 2] = scratch[o + 3] = scratch[o + 4] = 0;
        scratch[o + 5] = 1;
        scratch[o + 6] = scratch[o + 7] = scratch[o + 8] = scratch[o + 9] = 0;
        scratch[o + 10] = 1;
        scratch[o + 11] = 0;
        scratch[o + 12] = data[r]! + data[r + 2]! * Math.min(along, data[r + 4]!);
        scratch[o + 13] = PIPE_Y;
        scratch[o + 14] = data[r + 1]! + data[r + 3]! * Math.min(along, data[r + 4]!);
        scratch[o + 15] = 1;
      }
    }
    m.count = n;
    m.instanceMatrix.needsUpdate = true;
    if (reportStats) pipeStats.markers = n;
  });
  /* eslint-enable react-hooks/immutability */

  if (pipes.length === 0) return null;
  return (
    <>
      <instancedMesh ref={pipeMesh} args={[undefined, undefined, Math.max(1, runs.length)]} frustumCulled={false}>
        <cylinderGeometry args={[PIPE_RADIUS, PIPE_RADIUS, 1, 10]} />
        <meshStandardMaterial color="#7d8793" />
      </instancedMesh>
      <instancedMesh ref={markerMesh} args={[undefined, undefined, Math.max(1, geometry.markers)]} frustumCulled={false}>
        <sphereGeometry args={[PIPE_RADIUS * 1.15, 8, 6]} />
        <meshStandardMaterial color="#56B4E9" emissive="#1d4f6b" />
      </instancedMesh>
    </>
  );
}
