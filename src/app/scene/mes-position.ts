/** Where the 3D view puts the MES (above and behind the line): shared by the network links and the camera framing. */
import type { PlacedUnit } from './place-units.ts';

export function mesPosition(placed: readonly PlacedUnit[]): [number, number, number] {
  const xs = placed.map((p) => p.x);
  const zs = placed.map((p) => p.z);
  return [(Math.min(...xs) + Math.max(...xs)) / 2, 4, Math.min(...zs) - 5];
}
