/**
 * Blank supply: stock on hand per blank type, replenishment orders in transit (lognormal supplier lead time), what the
 * floor has drawn, and the holding integral. When and how much to order is the supply capability's decision
 * (controllers.ts: periodic review at L1, e-kanban at L2, forecast-based reorder point at L3).
 */
import { lognormal, lognormalParameters } from '../random/distributions.ts';
import type { Rng } from '../random/stream.ts';
import type { MachiningPlant } from './plant.ts';

export class BlankStore {
  readonly onHand = new Map<string, number>();
  readonly onOrder = new Map<string, number>();
  /** Blanks consumed (released to the floor) so far, by type. */
  readonly consumed = new Map<string, number>();
  holdingUnitHours = 0;
  private lastHoldingUpdate = 0;

  constructor(
    private readonly plant: MachiningPlant,
    private readonly leadTimeRng: Rng,
  ) {
    for (const p of plant.model.products) {
      this.onHand.set(p.blank, plant.model.supply.initialBlanks);
      this.onOrder.set(p.blank, 0);
    }
  }

  /** Places a replenishment order for `units` blanks; it arrives after a lognormal lead time. */
  order(blank: string, units: number): void {
    if (units <= 0) return;
    const plant = this.plant;
    const lt = plant.model.supply.leadTimeHours;
    const { mu, sigma } = lognormalParameters(lt.mean, lt.sd);
    this.onOrder.set(blank, this.onOrder.get(blank)! + units);
    plant.sim.schedule(lognormal(this.leadTimeRng, mu, sigma), plant.delivery, { blank, units });
  }

  /**
   * Inventory position: on hand + on order. The order book is not netted: it exceeds capacity, and blanks are drawn at
   * the pace of release, so replenishment follows consumption.
   */
  position(blank: string): number {
    return this.onHand.get(blank)! + this.onOrder.get(blank)!;
  }

  onDelivery(blank: string, units: number): void {
    this.updateHolding();
    this.onHand.set(blank, this.onHand.get(blank)! + units);
    this.onOrder.set(blank, this.onOrder.get(blank)! - units);
  }

  /** Draws `units` blanks for a lot released to the floor. */
  take(blank: string, units: number): void {
    this.updateHolding();
    this.onHand.set(blank, this.onHand.get(blank)! - units);
    this.consumed.set(blank, (this.consumed.get(blank) ?? 0) + units);
  }

  /** Stock holding (unit-hours) up to now, without splitting the running integral (reading KPIs must not change them). */
  holdingUnitHoursNow(): number {
    let stock = 0;
    for (const v of this.onHand.values()) stock += v;
    return this.holdingUnitHours + stock * (this.plant.sim.now - this.lastHoldingUpdate);
  }

  updateHolding(): void {
    const now = this.plant.sim.now;
    let stock = 0;
    for (const v of this.onHand.values()) stock += v;
    this.holdingUnitHours += stock * (now - this.lastHoldingUpdate);
    this.lastHoldingUpdate = now;
  }

  /** Nominal daily demand of each blank type from the products on sale at time 0 (what a planner knows up front). */
  nominalDailyDemand(blank: string): number {
    const model = this.plant.model;
    const o = model.orders;
    const meanQty = (o.quantity.min + o.quantity.max) / 2;
    let total = 0;
    let share = 0;
    model.products.forEach((p) => {
      if (p.releaseDay > 0) return;
      total += p.mixWeight;
      if (p.blank === blank) share += p.mixWeight;
    });
    return (24 / o.meanInterarrivalHours) * meanQty * (share / total);
  }
}
