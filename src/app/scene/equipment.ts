/**
 * The procedural equipment of the 3D view, as a catalogue of parts. Each equipment kind (a CNC cell, an anodizing
 * line, a reactor, ...) is made of a few parts; each part has one geometry (primitives merged where they move
 * together), a paint (the unit's state colour, or a fixed one) and a motion (a spindle that turns, a door that slides).
 * `Equipment.tsx` draws every part type as one instanced mesh over all units that have it, so the draw calls grow with
 * the number of part types in the plant, never with the number of machines.
 */
import * as THREE from 'three';
import { mergeGeometries } from 'three/examples/jsm/utils/BufferGeometryUtils.js';

/**
 * How a part moves, from the unit's live state:
 * `door` slides open while the machine is not cutting; `spin-y`/`spin-x` turn while running (spindle, agitator, pump
 * shaft); `arm` swings while its cell runs or sets up (a loading robot); `shuttle-x`/`shuttle-z` travel back and forth
 * while running (a hoist, a CMM bridge, a tool head); `flame` flickers with the heater's firing; `level` rises and falls
 * with a vessel's content.
 */
export type PartMotion = 'none' | 'door' | 'spin-y' | 'spin-x' | 'arm' | 'shuttle-x' | 'shuttle-z' | 'flame' | 'level';

/** `state`: the unit's state colour (per instance); otherwise a fixed colour. */
export type PartPaint = 'state' | { color: string; emissive?: boolean; opacity?: number };

export interface PartType {
  readonly key: string;
  /** Built once, on first use, and shared by every instance. */
  readonly geometry: () => THREE.BufferGeometry;
  readonly paint: PartPaint;
  readonly motion: PartMotion;
  /** Where the part sits in its unit's frame (the unit's centre on the floor, its front towards +z). */
  readonly at: readonly [number, number, number];
  /** Rotation about y in the unit's frame, radians. */
  readonly yaw?: number;
}

// ---------------------------------------------------------------- geometry helpers (run once per part type)

function box(w: number, h: number, d: number, x = 0, y = 0, z = 0): THREE.BufferGeometry {
  return new THREE.BoxGeometry(w, h, d).translate(x, y, z);
}

function cylinder(r: number, h: number, x = 0, y = 0, z = 0, segments = 20, top = r): THREE.BufferGeometry {
  return new THREE.CylinderGeometry(top, r, h, segments).translate(x, y, z);
}

/** A band around a vessel (an open-ended cylinder, so it does not hide what is inside). */
function ring(r: number, h: number, y: number): THREE.BufferGeometry {
  return new THREE.CylinderGeometry(r, r, h, 24, 1, true).translate(0, y, 0);
}

/** Primitives that move together, as one geometry (one draw call). */
function merged(...parts: THREE.BufferGeometry[]): THREE.BufferGeometry {
  // Merged without indices: the primitives' indexed and non-indexed forms cannot be mixed, and these are small.
  const geometry = mergeGeometries(parts.map((p) => p.toNonIndexed()));
  for (const p of parts) p.dispose();
  return geometry;
}

function lazy(build: () => THREE.BufferGeometry): () => THREE.BufferGeometry {
  let geometry: THREE.BufferGeometry | undefined;
  return () => (geometry ??= build());
}

const STEEL = { color: '#8a939e' };
const DARK = { color: '#1a222c' };
const FRAME = { color: '#5d646d' };

// ---------------------------------------------------------------- the parts

const plate: PartType = { key: 'plate', geometry: lazy(() => box(2.2, 0.1, 2.2)), paint: { color: '#3a3f47' }, motion: 'none', at: [0, 0.05, 0] };

const cnc: PartType[] = [
  // The enclosure, with the opening of the door cut dark into its front.
  { key: 'cnc-body', geometry: lazy(() => box(1.6, 1.5, 1.6)), paint: 'state', motion: 'none', at: [0, 0.75, 0] },
  { key: 'cnc-opening', geometry: lazy(() => box(0.8, 0.7, 0.02)), paint: DARK, motion: 'none', at: [-0.2, 0.85, 0.805] },
  { key: 'cnc-door', geometry: lazy(() => box(0.84, 0.74, 0.04)), paint: { color: '#6d8fa8' }, motion: 'door', at: [-0.2, 0.85, 0.83] },
  // The spindle head on top: a drum with a key, so that its turning shows.
  {
    key: 'cnc-spindle',
    geometry: lazy(() => merged(cylinder(0.22, 0.45, 0, 0.225, 0), box(0.12, 0.12, 0.5, 0, 0.4, 0.06))),
    paint: STEEL,
    motion: 'spin-y',
    at: [0.35, 1.5, -0.2],
  },
  // The loading robot at the cell's front-right corner: a pedestal, and an arm that swings between the belt and the door.
  {
    key: 'robot-base',
    geometry: lazy(() => merged(cylinder(0.28, 0.12, 0, 0.06, 0), cylinder(0.16, 0.5, 0, 0.37, 0))),
    paint: { color: '#E69F00' },
    motion: 'none',
    at: [1.2, 0, 1.05],
  },
  {
    key: 'robot-arm',
    geometry: lazy(() =>
      merged(
        cylinder(0.12, 0.16, 0, 0, 0),
        box(0.7, 0.12, 0.12, -0.35, 0.12, 0),
        box(0.12, 0.35, 0.1, -0.68, -0.05, 0),
        box(0.16, 0.06, 0.16, -0.68, -0.25, 0),
      ),
    ),
    paint: { color: '#d08c00' },
    motion: 'arm',
    at: [1.2, 0.7, 1.05],
  },
];

const station: PartType[] = [
  { key: 'station-body', geometry: lazy(() => box(1.6, 1, 1.2)), paint: 'state', motion: 'none', at: [0, 0.5, 0] },
  // A tool head on a rail over the work (a deburring brush, a laser head, a packing gripper).
  {
    key: 'station-rail',
    geometry: lazy(() => merged(box(0.08, 0.7, 0.08, -0.7, 0.35, 0), box(0.08, 0.7, 0.08, 0.7, 0.35, 0), box(1.5, 0.08, 0.08, 0, 0.7, 0))),
    paint: FRAME,
    motion: 'none',
    at: [0, 1, -0.3],
  },
  {
    key: 'station-head',
    geometry: lazy(() => merged(box(0.26, 0.2, 0.22), box(0.08, 0.3, 0.08, 0, -0.25, 0))),
    paint: STEEL,
    motion: 'shuttle-x',
    at: [0, 1.58, -0.3],
  },
];

const inspection: PartType[] = [
  // A coordinate measuring machine: a granite table, and a bridge with its probe travelling over it.
  { key: 'inspection-table', geometry: lazy(() => box(1.6, 0.8, 1.4)), paint: 'state', motion: 'none', at: [0, 0.4, 0] },
  {
    key: 'inspection-bridge',
    geometry: lazy(() =>
      merged(box(0.1, 0.8, 0.12, -0.76, 0.4, 0), box(0.1, 0.8, 0.12, 0.76, 0.4, 0), box(1.62, 0.14, 0.16, 0, 0.86, 0), box(0.06, 0.45, 0.06, 0.1, 0.6, 0)),
    ),
    paint: { color: '#d9dde2' },
    motion: 'shuttle-z',
    at: [0, 0.8, 0],
  },
];

const anodize: PartType[] = [
  // A line of three baths (etch, anodize, seal) under a hoist that carries the rack from one to the next.
  {
    key: 'anodize-baths',
    geometry: lazy(() => merged(box(0.56, 0.8, 1.5, -0.6, 0, 0), box(0.56, 0.8, 1.5, 0, 0, 0), box(0.56, 0.8, 1.5, 0.6, 0, 0))),
    paint: 'state',
    motion: 'none',
    at: [0, 0.45, 0],
  },
  {
    key: 'anodize-liquid',
    geometry: lazy(() => merged(box(0.5, 0.02, 1.42, -0.6, 0, 0), box(0.5, 0.02, 1.42, 0, 0, 0), box(0.5, 0.02, 1.42, 0.6, 0, 0))),
    paint: { color: '#3b7ea1' },
    motion: 'none',
    at: [0, 0.86, 0],
  },
  {
    key: 'anodize-frame',
    geometry: lazy(() => merged(box(0.08, 1.2, 0.08, -1, 0.6, 0), box(0.08, 1.2, 0.08, 1, 0.6, 0), box(2.08, 0.08, 0.08, 0, 1.2, 0))),
    paint: FRAME,
    motion: 'none',
    at: [0, 0.45, -0.5],
  },
  {
    key: 'anodize-hoist',
    geometry: lazy(() => merged(box(0.3, 0.16, 0.24), box(0.03, 0.5, 0.03, 0, -0.33, 0.3), box(0.4, 0.3, 0.04, 0, -0.7, 0.3))),
    paint: STEEL,
    motion: 'shuttle-x',
    at: [0, 1.57, -0.5],
  },
];

const pump: PartType[] = [
  {
    key: 'pump-body',
    geometry: lazy(() => merged(cylinder(0.35, 0.6, 0, 0, 0).rotateZ(Math.PI / 2), box(0.5, 0.4, 0.5, 0.55, -0.05, 0))),
    paint: 'state',
    motion: 'none',
    at: [-0.2, 0.45, 0],
  },
  // The coupling between motor and pump: a disc with a key, turning while the pump runs.
  {
    key: 'pump-coupling',
    geometry: lazy(() => merged(cylinder(0.2, 0.12, 0, 0, 0).rotateZ(Math.PI / 2), box(0.14, 0.06, 0.44))),
    paint: STEEL,
    motion: 'spin-x',
    at: [0.42, 0.45, 0],
  },
];

const heater: PartType[] = [
  { key: 'heater-box', geometry: lazy(() => box(1.4, 2, 1.4)), paint: 'state', motion: 'none', at: [0, 1, 0] },
  {
    key: 'heater-stack',
    geometry: lazy(() => merged(cylinder(0.2, 0.8, 0, 0, 0, 12, 0.15), cylinder(0.22, 0.08, 0, 0.4, 0, 12))),
    paint: FRAME,
    motion: 'none',
    at: [0, 2.4, 0],
  },
  { key: 'heater-firebox', geometry: lazy(() => box(0.7, 0.6, 0.02)), paint: DARK, motion: 'none', at: [0, 0.55, 0.705] },
  // The burner flame in the firebox opening: its height follows the firing, and it flickers.
  {
    key: 'heater-flame',
    geometry: lazy(() => new THREE.ConeGeometry(0.16, 1, 10).translate(0, 0.5, 0)),
    paint: { color: '#ff8a1f', emissive: true },
    motion: 'flame',
    at: [0, 0.28, 0.74],
  },
];

const reactor: PartType[] = [
  {
    key: 'reactor-shell',
    geometry: lazy(() =>
      merged(cylinder(0.8, 1.8, 0, 0, 0, 24), new THREE.SphereGeometry(0.8, 24, 8, 0, Math.PI * 2, Math.PI / 2, Math.PI / 2).translate(0, -0.9, 0)),
    ),
    paint: 'state',
    motion: 'none',
    at: [0, 1.3, 0],
  },
  {
    key: 'reactor-head',
    geometry: lazy(() =>
      merged(
        new THREE.SphereGeometry(0.8, 24, 8, 0, Math.PI * 2, 0, Math.PI / 2),
        cylinder(0.06, 0.5, 0.8, -0.95, 0, 8),
        cylinder(0.06, 0.5, -0.8, -0.95, 0, 8),
      ),
    ),
    paint: STEEL,
    motion: 'none',
    at: [0, 2.2, 0],
  },
  // The agitator drive on the head: turning while the reactor runs.
  {
    key: 'reactor-agitator',
    geometry: lazy(() => merged(cylinder(0.18, 0.4, 0, 0.2, 0, 12), box(0.1, 0.1, 0.5, 0, 0.45, 0))),
    paint: { color: '#0072B2' },
    motion: 'spin-y',
    at: [0, 2.95, 0],
  },
];

const column: PartType[] = [
  { key: 'column-shell', geometry: lazy(() => cylinder(0.45, 4, 0, 0, 0, 20)), paint: 'state', motion: 'none', at: [0, 2, 0] },
  // Platforms at the tray sections, and the top cap.
  {
    key: 'column-platforms',
    geometry: lazy(() =>
      merged(
        cylinder(0.62, 0.05, 0, 1, 0, 20),
        cylinder(0.62, 0.05, 0, 2.2, 0, 20),
        cylinder(0.62, 0.05, 0, 3.4, 0, 20),
        cylinder(0.45, 0.25, 0, 4.12, 0, 20, 0.2),
      ),
    ),
    paint: STEEL,
    motion: 'none',
    at: [0, 0, 0],
  },
];

const tank: PartType[] = [
  // A glass-like shell (so the level shows), with state-coloured rims.
  {
    key: 'tank-rims',
    geometry: lazy(() => merged(ring(1.03, 0.14, 0), ring(1.03, 0.14, 0.75), ring(1.03, 0.14, 1.5))),
    paint: 'state',
    motion: 'none',
    at: [0, 0.16, 0],
  },
  { key: 'tank-shell', geometry: lazy(() => cylinder(1, 1.5, 0, 0, 0, 24)), paint: { color: '#a9c1d6', opacity: 0.28 }, motion: 'none', at: [0, 0.91, 0] },
  // Content: a unit-high cylinder standing on the bottom, scaled to the level.
  { key: 'tank-content', geometry: lazy(() => cylinder(0.95, 1, 0, 0.5, 0, 24)), paint: { color: '#E69F00' }, motion: 'level', at: [0, 0.18, 0] },
];

/** Parts per equipment kind (the view's `UnitInfo.kind`, or the scene layout's `kind`). */
const KINDS: Readonly<Record<string, readonly PartType[]>> = {
  cnc,
  // A robot standing on its own (an editor layout): the cell's loading robot at the plate's centre, its pedestal painted.
  robot: cnc
    .filter((p) => p.key.startsWith('robot'))
    .map((p) => ({ ...p, key: `${p.key}-solo`, at: [0, p.at[1], 0] as const, paint: p.motion === 'none' ? 'state' : p.paint })),
  inspection,
  anodize,
  pump,
  heater,
  reactor,
  column,
  separator: column,
  tank,
};

/** The parts of one kind of equipment (a generic station for kinds without a shape of their own), plate included. */
export function partsOf(kind: string): readonly PartType[] {
  return [plate, ...(KINDS[kind] ?? station)];
}

/** Every part type the plant needs, with the units (indices) that have it, in a stable order. */
export function equipmentInstances(kinds: readonly string[]): { part: PartType; units: Int32Array }[] {
  const byKey = new Map<string, { part: PartType; units: number[] }>();
  kinds.forEach((kind, unit) => {
    for (const part of partsOf(kind)) {
      const entry = byKey.get(part.key) ?? { part, units: [] };
      entry.units.push(unit);
      byKey.set(part.key, entry);
    }
  });
  return [...byKey.values()].map(({ part, units }) => ({ part, units: Int32Array.from(units) }));
}
