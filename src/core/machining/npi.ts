/**
 * New-product introduction: a variant released on its day needs CAM programming and a fixture, then trial runs on the
 * pilot cell at (feed, speed) settings until a trial reaches the target first-pass yield. Each variant's best setting is
 * unknown (near its parent's, shifted by a drawn offset; the same draw at every level); a trial's yield falls with the
 * distance from it. Which setting to try next is the new-products capability's decision (`npi.nextTrial`).
 */
import { exp } from '../math/index.ts';
import { normal } from '../random/distributions.ts';
import type { Rng } from '../random/stream.ts';
import type { MachiningPlant } from './plant.ts';
import type { Trial } from './types.ts';

export class NewProducts {
  /** Development state of each product: released to customers once developed. */
  readonly developed: boolean[];
  readonly developedAt: number[];
  readonly optimum: [number, number][];
  readonly trials = new Map<number, Trial[]>();
  private readonly pilotQueue: number[] = [];
  private pilotBusy = false;
  readonly developmentCycles: number[] = [];
  readonly releaseTime = new Map<number, number>();

  constructor(
    private readonly plant: MachiningPlant,
    private readonly trialRng: Rng,
    optimumRng: Rng,
  ) {
    const model = plant.model;
    this.developed = model.products.map((p) => p.releaseDay === 0);
    this.developedAt = model.products.map(() => NaN);
    this.optimum = model.products.map((p) => {
      if (p.processOptimum) return [p.processOptimum[0], p.processOptimum[1]];
      return [0, 0];
    });
    model.products.forEach((p, i) => {
      if (p.releaseDay > 0) {
        const parent = model.products.findIndex((q) => q.id === p.parent);
        const base = parent >= 0 ? this.optimum[parent]! : [0, 0];
        const sd = model.npi.parentOffsetSd;
        // The variant differs from its parent by a drawn offset; the same draw at every level (own stream).
        const shift = model.npi.generationShift;
        this.optimum[i] = [base[0]! + shift[0] + normal(optimumRng, 0, sd), base[1]! + shift[1] + normal(optimumRng, 0, sd)];
      }
    });
  }

  onRelease(product: number): void {
    const plant = this.plant;
    this.releaseTime.set(product, plant.sim.now);
    this.trials.set(product, []);
    // Programming and fixture build come first; then the variant queues for the pilot cell.
    plant.sim.schedule(plant.model.npi.programmingHours, plant.trialEnd, { product, x: [NaN, NaN] as [number, number] });
  }

  onTrialEnd({ product, x }: { product: number; x: [number, number] }): void {
    const plant = this.plant;
    const npi = plant.model.npi;
    if (!Number.isNaN(x[0])) {
      this.pilotBusy = false;
      const opt = this.optimum[product]!;
      const dx = x[0] - opt[0];
      const dy = x[1] - opt[1];
      const d2 = dx * dx + dy * dy;
      const p = npi.peakYield * exp(-d2 / (npi.yieldWidth * npi.yieldWidth));
      let good = 0;
      for (let i = 0; i < npi.trialUnits; i++) if (this.trialRng.next() < p) good++;
      const trials = this.trials.get(product)!;
      trials.push({ x, yield: good / npi.trialUnits });
      plant.materialCost += npi.trialUnits * plant.model.products[product]!.materialCost;
      if (good / npi.trialUnits >= npi.targetYield || trials.length >= npi.maxTrials) {
        this.developed[product] = true;
        this.developedAt[product] = plant.sim.now;
        this.developmentCycles.push(plant.sim.now - this.releaseTime.get(product)!);
        plant.controllers.npi.onDeveloped(plant, product, x);
      } else this.pilotQueue.push(product);
    } else this.pilotQueue.push(product);
    this.startTrial();
  }

  private startTrial(): void {
    const plant = this.plant;
    if (this.pilotBusy || this.pilotQueue.length === 0) return;
    const product = this.pilotQueue.shift()!;
    const x = plant.controllers.npi.nextTrial(plant, product, this.trials.get(product)!);
    this.pilotBusy = true;
    plant.sim.schedule(plant.model.npi.trialHours, plant.trialEnd, { product, x });
  }
}
