/**
 * Marks the units a guided tour points at (`useApp.highlightedUnits`): a ring on the floor that pulses around each one
 * and an arrow that bobs above it, so the marker reads by shape and motion, not by colour alone. Rings are one
 * instanced mesh and arrows another (two draw calls however many units are marked); their matrices are written in
 * `useFrame` from a scratch object, with no allocation per frame. The set of marked units changes only when the tour
 * moves on, so reading it with a zustand selector re-renders this component then, never per frame.
 */
import { useFrame } from '@react-three/fiber';
import { useMemo, useRef } from 'react';
import * as THREE from 'three';
import type { UnitInfo } from '../../core/runtime/view.ts';
import { HIGHLIGHT_COLOR } from '../palette.ts';
import { useApp } from '../store.ts';
import type { PlacedUnit } from './layout.ts';
import { testHook } from './test-hook.ts';

const RING_RADIUS = 1.55;
const ARROW_HEIGHT = 3.6;
// Scratch object for instance matrices (no allocation per frame).
const scratch = new THREE.Object3D();

/** What the browser tests read: how many units are marked now. */
export const highlightStats = testHook('fabtwinHighlights', { marked: 0 });

/** Indices (in `units` order) of the highlighted unit ids that this scene has; unknown ids are skipped. */
export function highlightedIndices(units: readonly UnitInfo[], ids: readonly string[]): Int32Array {
  const wanted = new Set(ids);
  const indices: number[] = [];
  units.forEach((unit, i) => {
    if (wanted.has(unit.id)) indices.push(i);
  });
  return Int32Array.from(indices);
}

export function Highlights({
  units,
  placed,
  reportStats = true,
}: {
  units: readonly UnitInfo[];
  placed: readonly PlacedUnit[];
  /** Whether this scene writes `highlightStats` (the browser tests' hook). */
  reportStats?: boolean;
}) {
  const ids = useApp((s) => s.highlightedUnits);
  const marked = useMemo(() => highlightedIndices(units, ids), [units, ids]);
  const rings = useRef<THREE.InstancedMesh>(null);
  const arrows = useRef<THREE.InstancedMesh>(null);
  const capacity = Math.max(1, units.length);

  useFrame(({ clock }) => {
    const ringMesh = rings.current;
    const arrowMesh = arrows.current;
    if (!ringMesh || !arrowMesh) return;
    const t = clock.elapsedTime;
    // One beat a second: the ring swells and fades back, the arrow bobs in step.
    const beat = 0.5 + 0.5 * Math.sin(t * Math.PI * 2);
    for (let k = 0; k < marked.length; k++) {
      const p = placed[marked[k]!];
      if (!p) continue;
      scratch.position.set(p.x, 0.12, p.z);
      scratch.rotation.set(-Math.PI / 2, 0, t * 0.8);
      const s = 1 + 0.18 * beat;
      scratch.scale.set(s, s, 1);
      scratch.updateMatrix();
      ringMesh.setMatrixAt(k, scratch.matrix);
      scratch.position.set(p.x, ARROW_HEIGHT + 0.35 * beat, p.z);
      scratch.rotation.set(Math.PI, t * 1.5, 0);
      scratch.scale.set(1, 1, 1);
      scratch.updateMatrix();
      arrowMesh.setMatrixAt(k, scratch.matrix);
    }
    ringMesh.count = marked.length;
    arrowMesh.count = marked.length;
    ringMesh.instanceMatrix.needsUpdate = true;
    arrowMesh.instanceMatrix.needsUpdate = true;
    if (reportStats) highlightStats.marked = marked.length;
  });

  return (
    <>
      <instancedMesh ref={rings} args={[undefined, undefined, capacity]} frustumCulled={false}>
        <torusGeometry args={[RING_RADIUS, 0.07, 8, 48]} />
        <meshBasicMaterial color={HIGHLIGHT_COLOR} toneMapped={false} />
      </instancedMesh>
      <instancedMesh ref={arrows} args={[undefined, undefined, capacity]} frustumCulled={false}>
        <coneGeometry args={[0.22, 0.5, 12]} />
        <meshBasicMaterial color={HIGHLIGHT_COLOR} toneMapped={false} />
      </instancedMesh>
    </>
  );
}
