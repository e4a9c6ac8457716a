/**
 * Makes the paradigm level visible. From L2 on (any capability networked) every unit is linked to the MES, and data
 * packets flow along the links; at L3 the MES node pulses as the learning controllers run. Nothing is drawn at L1,
 * where machines work on their own. All per-frame work writes into preallocated buffers.
 */
import { useFrame } from '@react-three/fiber';
import { useMemo, useRef } from 'react';
import * as THREE from 'three';
import type { Level } from '../../core/experiment/levels.ts';
import type { PlacedUnit } from './layout.ts';

import { mesPosition } from './mes-position.ts';
const PACKETS_PER_LINK = 2;
const LINK_HEIGHT = 1.7;
// Scratch object for instance matrices (no allocation per frame).
const scratch = new THREE.Object3D();

export function NetworkLinks({ placed, capabilities }: { placed: readonly PlacedUnit[]; capabilities: Record<string, Level> }) {
  const levels = Object.values(capabilities);
  const networked = levels.some((l) => l !== 'L1');
  const learning = levels.some((l) => l === 'L3');
  const mes = useMemo(() => mesPosition(placed), [placed]);
  const linkGeometry = useMemo(() => {
    const positions = new Float32Array(placed.length * 6);
    placed.forEach((p, i) => positions.set([p.x, LINK_HEIGHT, p.z, mes[0], mes[1], mes[2]], i * 6));
    const geometry = new THREE.BufferGeometry();
    geometry.setAttribute('position', new THREE.BufferAttribute(positions, 3));
    return geometry;
  }, [placed, mes]);
  const packets = useRef<THREE.InstancedMesh>(null);
  const mesMaterial = useRef<THREE.MeshStandardMaterial>(null);

  useFrame(({ clock }) => {
    const t = clock.elapsedTime;
    const mesh = packets.current;
    if (mesh) {
      let n = 0;
      for (let i = 0; i < placed.length; i++) {
        const p = placed[i]!;
        for (let k = 0; k < PACKETS_PER_LINK; k++) {
          // Packets travel from the unit to the MES (state up) and back (decisions down), staggered per link.
          const phase = (t * 0.5 + i * 0.37 + k / PACKETS_PER_LINK) % 1;
          const f = k === 0 ? phase : 1 - phase;
          scratch.position.set(p.x + (mes[0] - p.x) * f, LINK_HEIGHT + (mes[1] - LINK_HEIGHT) * f, p.z + (mes[2] - p.z) * f);
          scratch.updateMatrix();
          mesh.setMatrixAt(n++, scratch.matrix);
        }
      }
      mesh.count = n;
      mesh.instanceMatrix.needsUpdate = true;
    }
    if (mesMaterial.current) mesMaterial.current.emissiveIntensity = learning ? 0.6 + 0.4 * Math.sin(t * 3) : 0.2;
  });

  if (!networked) return null;
  return (
    <group>
      <lineSegments geometry={linkGeometry}>
        <lineBasicMaterial color="#56B4E9" transparent opacity={0.5} />
      </lineSegments>
      <instancedMesh ref={packets} args={[undefined, undefined, Math.max(1, placed.length * PACKETS_PER_LINK)]} frustumCulled={false}>
        <sphereGeometry args={[0.12, 8, 6]} />
        <meshBasicMaterial color="#56B4E9" />
      </instancedMesh>
      <mesh position={mes}>
        <boxGeometry args={[2.4, 1.4, 1]} />
        <meshStandardMaterial ref={mesMaterial} color="#0072B2" emissive={learning ? '#CC79A7' : '#0072B2'} emissiveIntensity={0.2} />
      </mesh>
      <mesh position={[mes[0], mes[1] / 2 - 0.35, mes[2]]}>
        <cylinderGeometry args={[0.08, 0.08, mes[1] - 0.7, 8]} />
        <meshStandardMaterial color="#5d646d" />
      </mesh>
    </group>
  );
}
