/**
 * Final inspection at the CMM/vision station. Vision finds every cosmetic defect (all levels; drawn at anodizing). The
 * CMM measures a sample of the lot; a defective sample triggers 100 % measurement, which finds every hidden dimensional
 * defect (reworked or scrapped); otherwise they escape to the customer. Lots measured in-line at the CNC carry no hidden
 * dimensional defects, so the sampling plan matters only where a level does not probe in the machine.
 */
import type { Rng } from '../random/stream.ts';
import type { MachiningPlant } from './plant.ts';
import type { Lot } from './types.ts';

/** Inspects a lot as it starts at the station; returns the extra hours spent (100 % measurement, rework). */
export function inspectLot(plant: MachiningPlant, rng: Rng, lot: Lot): number {
  const m = plant.model;
  let extra = 0;
  const hidden = lot.hiddenRework + lot.hiddenScrap;
  if (hidden > 0) {
    // Sampling without replacement: does the sample contain a defective housing?
    const n = Math.min(m.inspection.sampleSize, lot.units);
    const bad = hidden;
    let left = lot.units;
    let found = false;
    for (let i = 0; i < n; i++) {
      if (rng.next() < bad / left) {
        found = true;
        break;
      }
      left--;
    }
    if (found) {
      extra += lot.units * m.inspection.hoursPerUnit * 2;
      plant.reworked += lot.hiddenRework;
      plant.reworkCost += lot.hiddenRework * m.rework.costPerUnit;
      extra += lot.hiddenRework * m.rework.hoursPerUnit;
      plant.removeUnits(lot, lot.hiddenScrap, plant.cells.length + 3);
    } else {
      plant.escaped += hidden;
    }
    lot.hiddenRework = 0;
    lot.hiddenScrap = 0;
  }
  return extra;
}
