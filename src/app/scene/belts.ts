/**
 * Belt and pipe geometry between units: where the conveyors run on the floor, without any physics. Apart from the
 * matter-js world (`conveyors.ts`) so that the main thread, which only draws the belts, does not load matter-js: the
 * physics runs in the conveyor worker only.
 */
import type { UnitInfo } from '../../core/runtime/view.ts';
import type { PlacedUnit } from './layout.ts';

/** Part footprint (a phone housing on its tray), metres. */
export const PART_SIZE = 0.07;
export const PART_HEIGHT = 0.03;
/** Belt width and surface height, metres. */
export const BELT_WIDTH = 0.9;
export const BELT_HEIGHT = 0.32;
/** Distance between a unit's centre and where a belt starts or ends, metres. */
const UNIT_REACH = 1.2;
/** Length of the outfeed belt after the last unit of a line, metres. */
const OUTFEED = 6;

export interface Belt {
  /** Unit index the parts come from, and unit index they go to (-1: outfeed, leaves the plant). */
  from: number;
  to: number;
  /** Polyline on the floor, metres: x0, z0, x1, z1, ... */
  points: number[];
}

/** Process equipment: links between two of these are pipes (animated flow), not conveyors. */
const PROCESS_KINDS = new Set(['pump', 'heater', 'reactor', 'column', 'tank', 'separator']);

/** Process equipment: joined by pipes, holding an inventory rather than discrete parts. */
export function isProcessKind(kind: string): boolean {
  return PROCESS_KINDS.has(kind);
}

/** A straight run between two units' edges, or an L: out of the source's row to the target's row, then along it. */
function route(s: PlacedUnit, t: PlacedUnit): number[] {
  const dx = t.x - s.x;
  const dz = t.z - s.z;
  if (Math.abs(dz) < 0.5 || Math.abs(dx) < 0.5) {
    const length = Math.hypot(dx, dz);
    const ux = dx / length;
    const uz = dz / length;
    return [s.x + ux * UNIT_REACH, s.z + uz * UNIT_REACH, t.x - ux * UNIT_REACH, t.z - uz * UNIT_REACH];
  }
  // Links into one unit from one side share this last run: belts merge there.
  return [s.x, s.z + Math.sign(dz) * UNIT_REACH, s.x, t.z, t.x - Math.sign(dx) * UNIT_REACH, t.z];
}

/** Links of `next` between two process units (pipes) or not (belts). */
function links(units: readonly UnitInfo[], placed: readonly PlacedUnit[], pipes: boolean): Belt[] {
  const index = new Map(units.map((u, i) => [u.id, i]));
  const out: Belt[] = [];
  units.forEach((unit, i) => {
    for (const id of unit.next ?? []) {
      const j = index.get(id);
      if (j === undefined || j === i) continue;
      if ((PROCESS_KINDS.has(unit.kind) && PROCESS_KINDS.has(units[j]!.kind)) !== pipes) continue;
      out.push({ from: i, to: j, points: route(placed[i]!, placed[j]!) });
    }
  });
  return out;
}

/** Pipes between process units, following each unit's `next` (drawn with flow markers, no physics). */
export function buildPipes(units: readonly UnitInfo[], placed: readonly PlacedUnit[]): Belt[] {
  return links(units, placed, true);
}

/** Belts between the placed units, following each unit's `next`; the last unit of a line gets an outfeed. */
export function buildBelts(units: readonly UnitInfo[], placed: readonly PlacedUnit[]): Belt[] {
  const belts = links(units, placed, false);
  const feeds = new Set(belts.map((b) => b.from));
  const fed = new Set(belts.map((b) => b.to));
  // Outfeed: a unit that is fed by a belt and feeds none (a line's last unit).
  units.forEach((_unit, i) => {
    if (feeds.has(i) || !fed.has(i)) return;
    const p = placed[i]!;
    belts.push({ from: i, to: -1, points: [p.x + UNIT_REACH, p.z, p.x + UNIT_REACH + OUTFEED, p.z] });
  });
  return belts;
}

/** Every straight run of every belt, for drawing: centre x, z, length, yaw. */
export function beltRuns(belts: readonly Belt[]): { x: number; z: number; length: number; yaw: number }[] {
  const runs: { x: number; z: number; length: number; yaw: number }[] = [];
  for (const belt of belts) {
    for (let k = 0; k + 3 < belt.points.length; k += 2) {
      const [x0, z0, x1, z1] = [belt.points[k]!, belt.points[k + 1]!, belt.points[k + 2]!, belt.points[k + 3]!];
      // Each run extends by half a width at both ends, so that an L's corner is covered.
      runs.push({ x: (x0 + x1) / 2, z: (z0 + z1) / 2, length: Math.hypot(x1 - x0, z1 - z0) + BELT_WIDTH, yaw: Math.atan2(-(z1 - z0), x1 - x0) });
    }
  }
  return runs;
}
