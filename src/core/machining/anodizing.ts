/**
 * The batch anodizing line: lots queue for the tank; a batch fills it up to its capacity in lot order; the line draws
 * its running power for a cycle and holding power between cycles. Cosmetic defects (colour, pits, handling marks) are
 * drawn here per housing and found by vision at inspection. When a batch may start is the energy capability's decision
 * (`energy.startBatch`: full tank or a maximum wait at L1/L2; load shifting at peak prices at L3).
 */
import { Priority } from '../kernel/simulation.ts';
import type { Rng } from '../random/stream.ts';
import type { MachiningPlant } from './plant.ts';
import { PowerMeter } from './power.ts';
import type { Lot } from './types.ts';

export class AnodizeLine {
  readonly queue: Lot[] = [];
  busy = false;
  private checkPending = false;
  readonly meter: PowerMeter;
  busyHours = 0;
  /** Housings out of the tank so far (for the view's conveyors). */
  unitsDone = 0;

  constructor(
    private readonly plant: MachiningPlant,
    private readonly rng: Rng,
  ) {
    this.meter = new PowerMeter(plant.tariff);
    this.meter.set(0, plant.model.anodize.idleKw);
  }

  arrive(lot: Lot): void {
    lot.queuedAt = this.plant.sim.now;
    this.queue.push(lot);
    this.tryStart();
  }

  /** The policy's look again a quarter of an hour later. */
  onCheck(): void {
    this.checkPending = false;
    this.tryStart();
  }

  private tryStart(): void {
    const plant = this.plant;
    const sim = plant.sim;
    if (this.busy || this.queue.length === 0) return;
    const a = plant.model.anodize;
    let units = 0;
    for (const lot of this.queue) units += lot.units;
    const oldestWait = sim.now - this.queue[0]!.queuedAt;
    if (!plant.controllers.energy.startBatch(plant, Math.min(units, a.tankCapacityUnits), oldestWait)) {
      // Look again in a quarter of an hour (one pending look at a time): the policy may depend on waiting time and tariff.
      if (!this.checkPending) {
        this.checkPending = true;
        sim.schedule(0.25, plant.anodizeCheck, null, Priority.late);
      }
      return;
    }
    const batch: Lot[] = [];
    let load = 0;
    while (this.queue.length > 0 && load + this.queue[0]!.units <= a.tankCapacityUnits) {
      const lot = this.queue.shift()!;
      load += lot.units;
      batch.push(lot);
    }
    if (batch.length === 0) batch.push(this.queue.shift()!);
    this.busy = true;
    this.busyHours += a.cycleHours;
    this.meter.set(sim.now, a.busyKw);
    sim.schedule(a.cycleHours, plant.anodizeEnd, batch);
  }

  /** Batch policy shared by levels without load shifting: full tank, or the oldest lot waited long enough. */
  ready(units: number, oldestWait: number): boolean {
    const a = this.plant.model.anodize;
    return units >= a.tankCapacityUnits || oldestWait >= a.maxWaitHours;
  }

  onEnd(lots: Lot[]): void {
    const plant = this.plant;
    this.busy = false;
    this.meter.set(plant.sim.now, plant.model.anodize.idleKw);
    const d = plant.model.cnc.drift;
    for (const lot of lots) {
      // Draws are independent of the hidden dimensional defects, so which housings carry those is arbitrary: the first
      // `hiddenScrap`, then the next `hiddenRework`. A housing scrapped for looks takes its hidden defect with it, so it
      // is not scrapped (or counted as an escape) again at the CMM.
      let rework = 0;
      let scrap = 0;
      let hiddenScrapGone = 0;
      let hiddenReworkGone = 0;
      for (let i = 0; i < lot.units; i++) {
        if (this.rng.next() < d.cosmeticDefectProbability) {
          if (this.rng.next() < d.cosmeticReworkShare) rework++;
          else {
            scrap++;
            if (i < lot.hiddenScrap) hiddenScrapGone++;
            else if (i < lot.hiddenScrap + lot.hiddenRework) hiddenReworkGone++;
          }
        }
      }
      lot.hiddenScrap -= hiddenScrapGone;
      lot.hiddenRework -= hiddenReworkGone;
      plant.reworked += rework;
      plant.reworkCost += rework * plant.model.rework.costPerUnit;
      plant.removeUnits(lot, scrap, plant.cells.length + 1);
      this.unitsDone += lot.units;
      plant.afterAnodizing(lot);
    }
    this.tryStart();
  }
}
