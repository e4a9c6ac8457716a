/**
 * Customer demand: orders arrive at random (Poisson), for a product on sale (drawn by mix weight), a quantity and a due
 * date; each order is cut into transfer lots that wait in the release pool. Scrapped housings are made again as make-up
 * lots. Only open orders are kept: complete ones are counted by the plant.
 */
import { log } from '../math/index.ts';
import type { Rng } from '../random/stream.ts';
import { Fifo } from '../util/fifo.ts';
import type { MachiningPlant } from './plant.ts';
import type { Lot, Order } from './types.ts';

/** Lots waiting for release, one FIFO per blank type (release takes the oldest head whose blanks are in stock: O(types)). */
export class ReleasePool {
  private readonly queues = new Map<string, Fifo<Lot>>();
  private count = 0;

  get length(): number {
    return this.count;
  }

  push(blank: string, lot: Lot): void {
    let queue = this.queues.get(blank);
    if (!queue) this.queues.set(blank, (queue = new Fifo<Lot>()));
    queue.push(lot);
    this.count++;
  }

  /** Removes and returns the oldest lot (lowest id) at the head of a queue whose blanks `inStock`, if any. */
  oldestReleasable(inStock: (blank: string, units: number) => boolean): Lot | undefined {
    let best: Fifo<Lot> | undefined;
    for (const [blank, queue] of this.queues) {
      const head = queue.peek();
      if (head && inStock(blank, head.units) && (!best || head.id < best.peek()!.id)) best = queue;
    }
    if (!best) return undefined;
    this.count--;
    return best.shift();
  }
}

export class OrderBook {
  /** Orders not yet complete (complete ones are counted by the plant, not kept: memory stays flat in long runs). */
  readonly open = new Set<Order>();
  taken = 0;
  /** Lots waiting for release (blanks or floor capacity). */
  readonly pool = new ReleasePool();
  private nextLotId = 0;

  constructor(
    private readonly plant: MachiningPlant,
    private readonly rng: Rng,
  ) {}

  interarrival(): number {
    return -log(1 - this.rng.next()) * this.plant.model.orders.meanInterarrivalHours;
  }

  createOrder(): void {
    const plant = this.plant;
    const model = plant.model;
    const rng = this.rng;
    const developed = plant.npi.developed;
    // Product drawn among those on sale now; the draw uses the same stream at every level.
    const u = rng.next();
    const q = model.orders.quantity;
    const quantity = q.min + Math.floor(rng.next() * (q.max - q.min + 1));
    const dueIn = model.orders.dueHours.min + rng.next() * (model.orders.dueHours.max - model.orders.dueHours.min);
    let total = 0;
    for (let i = 0; i < model.products.length; i++) if (developed[i]) total += model.products[i]!.mixWeight;
    let acc = 0;
    let product = 0;
    for (let i = 0; i < model.products.length; i++) {
      if (!developed[i]) continue;
      acc += model.products[i]!.mixWeight / total;
      product = i;
      if (u < acc) break;
    }
    const now = plant.sim.now;
    const order: Order = { id: this.taken++, product, quantity, arrival: now, due: now + dueIn, shipped: 0, inProcess: 0, finishedAt: NaN };
    this.open.add(order);
    this.addLots(order, quantity);
    plant.orderAccepted.publish(order);
  }

  addLots(order: Order, units: number): void {
    const model = this.plant.model;
    const size = model.orders.lotSize;
    order.inProcess += units;
    const blank = model.products[order.product]!.blank;
    for (let left = units; left > 0; left -= size) {
      this.pool.push(blank, {
        id: this.nextLotId++,
        order,
        product: order.product,
        size: Math.min(size, left),
        units: Math.min(size, left),
        scrappedUnits: 0,
        released: NaN,
        queuedAt: NaN,
        hiddenRework: 0,
        hiddenScrap: 0,
        machined: 0,
        plannedCell: -1,
        planRank: Infinity,
      });
    }
  }

  /** The order is complete. */
  close(order: Order): void {
    this.open.delete(order);
  }
}
