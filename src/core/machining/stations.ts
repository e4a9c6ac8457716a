/**
 * The lot-wise stations after the CNC cells (deburring/polishing, laser marking, CMM/vision inspection, packing):
 * parallel servers with a FIFO queue, a handling time per lot and a time per housing, metered per server. What happens
 * to a lot between stations (the route, transport) is the plant's (plant.ts); what the CMM finds is inspection.ts's.
 */
import type { MachiningModel } from '../model/machining-model.ts';
import type { MachiningPlant } from './plant.ts';
import { PowerMeter, type Tariff } from './power.ts';
import type { Lot } from './types.ts';

type StationSpec = MachiningModel['deburr'];

export class LotStation {
  busy = 0;
  readonly queue: Lot[] = [];
  readonly meters: PowerMeter[];
  busyHours = 0;
  /** Housings finished here so far (for the view's conveyors). */
  unitsDone = 0;

  constructor(
    readonly name: string,
    private readonly spec: StationSpec,
    tariff: Tariff,
    private readonly plant: MachiningPlant,
    /** Hours a lot needs beyond handling and per-housing time, decided when it starts (the CMM's 100 % check). */
    private readonly extraHours: (lot: Lot) => number = () => 0,
  ) {
    this.meters = Array.from({ length: spec.servers }, () => new PowerMeter(tariff));
    for (const m of this.meters) m.set(0, spec.idleKw);
  }

  get servers(): number {
    return this.spec.servers;
  }

  arrive(lot: Lot): void {
    this.queue.push(lot);
    this.start();
  }

  private start(): void {
    const sim = this.plant.sim;
    while (this.busy < this.spec.servers && this.queue.length > 0) {
      const lot = this.queue.shift()!;
      let hours = this.spec.hoursPerLot + lot.units * this.spec.hoursPerUnit;
      hours += this.extraHours(lot);
      this.meters[this.busy]!.set(sim.now, this.spec.busyKw);
      this.busy++;
      this.busyHours += hours;
      sim.schedule(hours, this.plant.stationEnd, { station: this, lot });
    }
  }

  onEnd(lot: Lot): void {
    this.busy--;
    this.unitsDone += lot.units;
    this.meters[this.busy]!.set(this.plant.sim.now, this.spec.idleKw);
    this.plant.afterStation(this, lot);
    this.start();
  }
}
