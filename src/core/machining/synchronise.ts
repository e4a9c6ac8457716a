/**
 * The 3C plant's side of a twin's state hand-over (`ModelRun.synchronise`, runtime/synchronise.ts): after a fork has
 * been advanced to the plant's time, what the twin knows of each CNC cell from the stream is written into it, by the
 * plant's own mechanics where it can take it, so the fork's remainder is conditional on the plant's state:
 * - operating age since the last renewal (where the twin saw that renewal): the age, and the remaining life redrawn
 *   conditional on surviving to it (`CncCells.setAge`; the Weibull scale is the fork's, i.e. the learned one where the
 *   twin applied it);
 * - tool wear (the tool-life counter) of a cell that is not cutting (`setWear`);
 * - down: a cell down in the plant but idle or cutting in the fork fails now (`failNow`; its remaining repair is a
 *   fresh draw, less what the plant's cell has been down already off the notice delay);
 * - maintenance: a cell in maintenance in the plant gets a maintenance order in the fork (carried out when it is free).
 * Not copied (the fork keeps its own): a cell down or in maintenance in the fork but not in the plant (its repair is an
 * operator's task under way); set-ups, lots, queues and the release pool (the stream carries counts, not the lots with
 * their products, sizes and due dates, which the plant's mechanics would need); operators; the good-output and other
 * counters (forecasts use the fork's increments from the hand-over on, added to the stream's own count); the drift
 * offset and the L2/L3 controllers' learned state.
 */
import type { PlantSnapshot, SynchroniseResult } from '../runtime/synchronise.ts';
import type { MachiningPlant } from './plant.ts';

export function synchroniseMachining(plant: MachiningPlant, snapshot: PlantSnapshot): SynchroniseResult {
  const copied: string[] = [];
  const skipped: string[] = [];
  for (const unit of snapshot.units) {
    const match = /^cnc-([1-9][0-9]*)$/.exec(unit.id);
    const cell = match ? plant.cells[Number(match[1]) - 1] : undefined;
    if (!cell) continue;
    if (unit.age !== undefined && Number.isFinite(unit.age) && unit.age >= 0) {
      plant.cnc.setAge(cell, unit.age);
      copied.push(`${unit.id}: age`);
    }
    if (unit.wear !== undefined && Number.isFinite(unit.wear) && unit.wear >= 0) {
      if (plant.cnc.setWear(cell, unit.wear / 100)) copied.push(`${unit.id}: tool wear`);
      else skipped.push(`${unit.id}: tool wear (cutting in the fork: its lot's housings were walked at the segment's start)`);
    }
    const forkDown = cell.state === 'down' || plant.operators.hasTask('repair', cell) || plant.pmPending(cell);
    if (unit.state === 'down' && cell.state !== 'down' && !plant.operators.hasTask('repair', cell)) {
      if (plant.cnc.failNow(cell, unit.downFor ?? 0)) copied.push(`${unit.id}: down`);
      else skipped.push(`${unit.id}: down (the fork's cell is in ${cell.state})`);
    } else if (unit.state === 'maintenance' && cell.state !== 'pm' && !plant.pmPending(cell) && !plant.maintenanceOrders.has(cell.index)) {
      plant.maintenanceOrders.add(cell.index);
      plant.cnc.cellFree(cell);
      copied.push(`${unit.id}: maintenance ordered`);
    } else if (unit.state !== undefined && unit.state !== 'down' && unit.state !== 'maintenance' && forkDown) {
      skipped.push(`${unit.id}: up (down or in maintenance in the fork)`);
    }
  }
  return { copied, skipped };
}
