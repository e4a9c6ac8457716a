/**
 * The 3C machining plant: customer orders -> blanks from the supplier -> parallel CNC cells -> deburring -> batch
 * anodizing -> laser marking -> CMM/vision inspection -> packing. The physics (wear, drift, health, failures, power,
 * demand, prices) is the same at every level; the capability levels only choose the controllers in `controllers.ts`.
 *
 * This file is the floor: it owns the clock, the channels and the plant-wide counters, releases lots (CONWIP), routes
 * them from unit to unit and ships or closes them. Each unit is in its own file, with its physics and the points where
 * it asks a controller to decide: `demand.ts` (orders and the release pool), `supply.ts` (blanks), `cnc-cells.ts` (CNC
 * cells: cutting, wear, drift, health, maintenance, standby), `operators.ts`, `stations.ts` (deburr, laser, inspection,
 * packing), `anodizing.ts`, `inspection.ts` (the CMM), `npi.ts` (new products), `power.ts` (meters and tariff),
 * `plant-view.ts` (the app's view).
 *
 * Time unit: hour. Mechanics are channel handlers; controllers and KPI accumulators observe channels.
 */
import type { Channel } from '../kernel/channel.ts';
import { Priority, Simulation } from '../kernel/simulation.ts';
import type { MachiningModel } from '../model/machining-model.ts';
import { RandomStreams } from '../random/stream.ts';
import { TimeWeighted } from '../stats/tally.ts';
import type { PlantEvent, PlantView } from '../runtime/view.ts';
import { AnodizeLine } from './anodizing.ts';
import { CncCells } from './cnc-cells.ts';
import { OrderBook } from './demand.ts';
import { inspectLot } from './inspection.ts';
import { NewProducts } from './npi.ts';
import { Operators } from './operators.ts';
import { machiningView } from './plant-view.ts';
import { PowerMeter, Tariff } from './power.ts';
import { LotStation } from './stations.ts';
import { BlankStore } from './supply.ts';
import type { Cell, Controllers, Lot, OperatorTask, Order } from './types.ts';
import type { RuleName } from '../scheduling/index.ts';
import { studentDispatch, type StudentDispatch } from './scheduling-adapter.ts';

export type { Cell, CellState, Controllers, CurvePoint, Lot, OperatorTask, Order, Trial } from './types.ts';
export { PowerMeter, Tariff } from './power.ts';
export { LotStation } from './stations.ts';

export class MachiningPlant {
  readonly sim = new Simulation();
  readonly streams: RandomStreams;
  readonly tariff: Tariff;
  controllers!: Controllers;

  // Units
  readonly orders: OrderBook;
  readonly supply: BlankStore;
  readonly cnc: CncCells;
  readonly operators: Operators;
  readonly deburr: LotStation;
  readonly anodize: AnodizeLine;
  readonly laser: LotStation;
  readonly inspection: LotStation;
  readonly packing: LotStation;
  readonly npi: NewProducts;
  readonly baseMeter: PowerMeter;

  // Channels: mechanics are their handlers; controllers and statistics observe them.
  readonly orderArrival: Channel<null>;
  readonly orderAccepted: Channel<Order>;
  readonly segmentEnd: Channel<Cell>;
  readonly taskEnd: Channel<OperatorTask>;
  readonly operatorCall: Channel<OperatorTask>;
  readonly vibrationSample: Channel<null>;
  readonly vibration: Channel<{ cell: Cell; value: number }>;
  readonly stationEnd: Channel<{ station: LotStation; lot: Lot }>;
  readonly arrive: Channel<{ stage: string; lot: Lot }>;
  readonly anodizeEnd: Channel<Lot[]>;
  readonly anodizeCheck: Channel<null>;
  readonly shiftStart: Channel<number>;
  readonly delivery: Channel<{ blank: string; units: number }>;
  readonly standby: Channel<Cell>;
  readonly warmupEnd: Channel<Cell>;
  readonly npiRelease: Channel<number>;
  readonly trialEnd: Channel<{ product: number; x: [number, number] }>;
  readonly lotShipped: Channel<Lot>;
  /** A lot left the floor, shipped or emptied by scrap (published only while observed). */
  readonly lotClosed: Channel<Lot>;
  readonly cellIdle: Channel<Cell>;
  /** The L3 maintenance model's latest remaining-life estimate per cell (fraction of a life), NaN until it has one. */
  readonly predictedLife: Float32Array;
  /**
   * The L3 quality model's predicted probability that a cell's next housing is out of tolerance (after the offset it
   * would get), NaN where it has not learned. Set by the quality controller; read only by views (it changes nothing).
   */
  predictedDefect: (cell: Cell) => number = () => NaN;
  /** Failures, repairs and preventive maintenance done, for event logs (published only while observed). */
  readonly notable: Channel<PlantEvent>;

  // Counters (statistics read them; the mechanics keep them)
  blanksIn = 0;
  goodOut = 0;
  scrapped = 0;
  /** Housings scrapped per view unit (CNC cells, then deburr, anodize, laser, inspection, packing). */
  readonly scrappedAt: Float64Array;
  /** Cells sent to preventive maintenance from outside (`commands.ts`): maintained as soon as they are free. */
  readonly maintenanceOrders = new Set<number>();
  /** A dispatching rule set from outside (`commands.ts`) in place of the level's own; null: the level's own. */
  dispatchingRule: RuleName | 'learned' | null = null;
  /** A student's own rule or trained dispatcher from the model file's `dispatchRule`, in place of the level's own rule. */
  readonly studentRule: StudentDispatch | undefined;
  reworked = 0;
  escaped = 0;
  unitsMachined = 0;
  driftDefects = 0;
  materialCost = 0;
  reworkCost = 0;
  toolCost = 0;
  partsCost = 0;
  toolChanges = 0;
  setupHours = 0;
  setups = 0;
  pmCount = 0;
  latePenalty = 0;
  stockoutHours = 0;
  private starvedSince = NaN;
  readonly wipUnits: TimeWeighted;
  readonly wipLots: TimeWeighted;
  floorLots = 0;
  /** The lots on the floor (released, not yet shipped or emptied by scrap): counted independently of the counters. */
  readonly floor = new Set<Lot>();
  completedOrders = 0;
  onTimeOrders = 0;
  leadTimeSum = 0;
  /** Ideal energy content of the housings shipped so far (kWh): the numerator of energy utilisation. */
  shippedIdealKwh = 0;
  /** Per-unit ideal energy content (kWh) of a good housing of each product: the denominator of energy utilisation. */
  readonly idealKwhPerUnit: number[];

  constructor(
    readonly model: MachiningModel,
    readonly seed: number,
  ) {
    this.streams = new RandomStreams(seed);
    this.scrappedAt = new Float64Array(model.cnc.cells + 5);
    this.studentRule = studentDispatch(model.dispatchRule);
    this.tariff = new Tariff(model.energy.tariff);
    const sim = this.sim;
    const streams = this.streams;
    this.orders = new OrderBook(this, streams.stream('arrivals:orders'));
    this.cnc = new CncCells(this);
    this.operators = new Operators(this);
    this.npi = new NewProducts(this, streams.stream('npi:trials'), streams.stream('npi:optima'));
    this.deburr = new LotStation('deburr', model.deburr, this.tariff, this);
    this.laser = new LotStation('laser', model.laser, this.tariff, this);
    const inspectionRng = streams.stream('inspection:sampling');
    this.inspection = new LotStation('inspection', model.inspection, this.tariff, this, (lot) => inspectLot(this, inspectionRng, lot));
    this.packing = new LotStation('packing', model.packing, this.tariff, this);
    this.anodize = new AnodizeLine(this, streams.stream('quality:anodize'));
    this.baseMeter = new PowerMeter(this.tariff);
    this.baseMeter.set(0, model.energy.baseLoadKw);
    this.wipUnits = new TimeWeighted(0, 0);
    this.wipLots = new TimeWeighted(0, 0);
    const cnc = model.cnc;
    this.idealKwhPerUnit = model.products.map(
      (p) =>
        cnc.power.busyKw * p.cncHoursPerUnit +
        model.deburr.busyKw * model.deburr.hoursPerUnit +
        (model.anodize.busyKw * model.anodize.cycleHours) / model.anodize.tankCapacityUnits +
        model.laser.busyKw * model.laser.hoursPerUnit +
        model.inspection.busyKw * model.inspection.hoursPerUnit +
        model.packing.busyKw * model.packing.hoursPerUnit,
    );
    this.supply = new BlankStore(this, streams.stream('supply:lead-time'));

    this.orderArrival = sim.channel('order-arrival', () => this.onOrderArrival());
    this.orderAccepted = sim.channel('order-accepted');
    this.segmentEnd = sim.channel('cnc-segment-end', (cell) => this.cnc.onSegmentEnd(cell));
    this.taskEnd = sim.channel('operator-task-end', (task) => this.operators.onTaskEnd(task));
    this.operatorCall = sim.channel('operator-call', (task) => this.operators.request(task));
    this.vibrationSample = sim.channel('vibration-sample', () => this.cnc.sampleVibration());
    this.vibration = sim.channel('vibration');
    this.stationEnd = sim.channel('station-end', ({ station, lot }) => station.onEnd(lot));
    this.arrive = sim.channel('transport-arrive', ({ stage, lot }) => this.onArrive(stage, lot));
    this.anodizeEnd = sim.channel('anodize-end', (lots) => this.anodize.onEnd(lots));
    this.anodizeCheck = sim.channel('anodize-check', () => this.anodize.onCheck());
    this.shiftStart = sim.channel('shift-start', (shift) => this.onShiftStart(shift));
    this.delivery = sim.channel('blank-delivery', ({ blank, units }) => {
      this.supply.onDelivery(blank, units);
      this.tryRelease();
    });
    this.standby = sim.channel('standby', (cell) => this.cnc.onStandby(cell));
    this.warmupEnd = sim.channel('warmup-end', (cell) => this.cnc.afterWarmup(cell));
    this.npiRelease = sim.channel('npi-release', (product) => this.npi.onRelease(product));
    this.trialEnd = sim.channel('npi-trial-end', (trial) => this.npi.onTrialEnd(trial));
    this.lotShipped = sim.channel('lot-shipped');
    this.lotClosed = sim.channel('lot-closed');
    this.cellIdle = sim.channel('cell-idle');
    this.notable = sim.channel('notable');
    this.predictedLife = new Float32Array(this.cells.length).fill(NaN);
  }

  /** Whether a preventive maintenance of the cell is under way or waiting for an operator. */
  pmPending(cell: Cell): boolean {
    return cell.state === 'pm' || this.operators.hasTask('pm', cell);
  }

  get cells(): Cell[] {
    return this.cnc.cells;
  }

  /** Wires the controllers and schedules the first events; call once before running. */
  start(controllers: Controllers): void {
    this.controllers = controllers;
    const model = this.model;
    for (let i = 0; i < model.orders.ordersAtStart; i++) this.orders.createOrder();
    this.sim.schedule(this.orders.interarrival(), this.orderArrival, null);
    this.sim.schedule(0, this.shiftStart, 0, Priority.urgent);
    this.sim.schedule(1, this.vibrationSample, null);
    model.products.forEach((p, i) => {
      if (p.releaseDay > 0) this.sim.scheduleAt(p.releaseDay * 24, this.npiRelease, i);
    });
    controllers.supply.start(this);
    this.tryRelease();
  }

  // ---------------------------------------------------------------- demand and release

  private onOrderArrival(): void {
    this.orders.createOrder();
    this.sim.schedule(this.orders.interarrival(), this.orderArrival, null);
    this.tryRelease();
  }

  /**
   * CONWIP release in order of arrival: a lot enters the floor when there is room and its blanks are in stock. Lots of
   * one blank type go in order (a lot short of blanks holds back the later ones of its type, not those of other types).
   */
  tryRelease(): void {
    const cap = this.model.orders.wipCapLots;
    const stock = this.supply.onHand;
    let released = false;
    while (this.floorLots < cap) {
      const lot = this.orders.pool.oldestReleasable((blank, units) => stock.get(blank)! >= units);
      if (!lot) break;
      this.supply.take(this.model.products[lot.product]!.blank, lot.units);
      this.blanksIn += lot.units;
      this.materialCost += lot.units * this.model.products[lot.product]!.materialCost;
      lot.released = this.sim.now;
      this.floorLots++;
      this.floor.add(lot);
      this.wipLots.set(this.sim.now, this.floorLots);
      this.wipUnits.add(this.sim.now, lot.units);
      lot.plannedCell = this.controllers.dispatching.assignAtRelease(this, lot);
      this.cnc.enqueue(lot);
      released = true;
    }
    if (released) this.supplyChanged();
    this.trackStockout();
  }

  /** Blank stock-out time: lots wait in the pool for blanks while the floor has room for them. */
  trackStockout(): void {
    const now = this.sim.now;
    if (!Number.isNaN(this.starvedSince)) this.stockoutHours += now - this.starvedSince;
    const starved = this.floorLots < this.model.orders.wipCapLots && this.orders.pool.length > 0;
    this.starvedSince = starved ? now : NaN;
  }

  /** Stock-out hours up to now, read without closing the open interval. */
  stockoutHoursNow(): number {
    return Number.isNaN(this.starvedSince) ? this.stockoutHours : this.stockoutHours + (this.sim.now - this.starvedSince);
  }

  /** Hook for the supply controller (it replaces this). */
  supplyChanged(): void {}

  private onShiftStart(shift: number): void {
    this.controllers.dispatching.onShiftStart(this);
    for (const cell of this.cells) this.cnc.cellFree(cell);
    this.operators.dispatch();
    this.sim.schedule(this.model.shifts.hoursPerShift, this.shiftStart, shift + 1, Priority.urgent);
  }

  // ---------------------------------------------------------------- routing between units

  /** A lot left its CNC cell: on to deburring, or closed if scrap emptied it. */
  lotMachined(lot: Lot): void {
    if (lot.units > 0) this.transport('deburr', lot);
    else this.leaveFloor(lot);
  }

  afterStation(station: LotStation, lot: Lot): void {
    if (station === this.deburr) this.transport('anodize', lot);
    else if (station === this.laser) this.transport('inspection', lot);
    else if (station === this.inspection) {
      if (lot.units > 0) this.transport('packing', lot);
      else this.leaveFloor(lot);
    } else this.ship(lot);
  }

  afterAnodizing(lot: Lot): void {
    if (lot.units > 0) this.transport('laser', lot);
    else this.leaveFloor(lot);
  }

  private transport(stage: string, lot: Lot): void {
    this.sim.schedule(this.model.transportHours, this.arrive, { stage, lot });
  }

  private onArrive(stage: string, lot: Lot): void {
    if (stage === 'anodize') this.anodize.arrive(lot);
    else (stage === 'deburr' ? this.deburr : stage === 'laser' ? this.laser : stage === 'inspection' ? this.inspection : this.packing).arrive(lot);
  }

  /** Scraps `units` housings of a lot, wherever it is. */
  removeUnits(lot: Lot, units: number, unit: number): void {
    if (units <= 0) return;
    // A housing leaves its lot once: a larger removal is a bookkeeping error, not a physical event.
    if (units > lot.units) throw new RangeError(`lot ${lot.id}: cannot scrap ${units} housings of ${lot.units}`);
    lot.units -= units;
    lot.scrappedUnits += units;
    this.scrappedAt[unit] = this.scrappedAt[unit]! + units;
    lot.order.inProcess -= units;
    this.scrapped += units;
    this.wipUnits.add(this.sim.now, -units);
  }

  private leaveFloor(lot: Lot): void {
    this.floorLots--;
    this.floor.delete(lot);
    if (this.lotClosed.observed) this.lotClosed.publish(lot);
    this.wipLots.set(this.sim.now, this.floorLots);
    const shortfall = lot.order.quantity - lot.order.shipped - lot.order.inProcess;
    // Scrapped housings are made again: a make-up lot for what the order still lacks.
    if (shortfall > 0) this.orders.addLots(lot.order, shortfall);
    this.tryRelease();
  }

  private ship(lot: Lot): void {
    const now = this.sim.now;
    this.goodOut += lot.units;
    this.wipUnits.add(now, -lot.units);
    const order = lot.order;
    order.shipped += lot.units;
    order.inProcess -= lot.units;
    this.shippedIdealKwh += lot.units * this.idealKwhPerUnit[order.product]!;
    if (this.lotShipped.observed) this.lotShipped.publish(lot);
    if (order.shipped >= order.quantity && Number.isNaN(order.finishedAt)) {
      order.finishedAt = now;
      this.orders.close(order);
      this.completedOrders++;
      this.leadTimeSum += now - order.arrival;
      if (now <= order.due) this.onTimeOrders++;
      else this.latePenalty += order.quantity * ((now - order.due) / 24) * this.model.orders.latePenaltyPerUnitDay;
    }
    this.leaveFloor(lot);
  }

  // ---------------------------------------------------------------- accounting

  /** The units for the app's views (plant-view.ts). */
  view(): PlantView {
    return machiningView(this);
  }

  /** Every meter of the plant, in a fixed order. */
  meters(): PowerMeter[] {
    return [
      ...this.cells.map((c) => c.meter),
      ...[this.deburr, this.laser, this.inspection, this.packing].flatMap((s) => s.meters),
      this.anodize.meter,
      this.baseMeter,
    ];
  }

  /** Brings every meter and accumulator up to now. */
  flush(): void {
    const now = this.sim.now;
    for (const c of this.cells) c.meter.flush(now);
    for (const s of [this.deburr, this.laser, this.inspection, this.packing]) for (const m of s.meters) m.flush(now);
    this.anodize.meter.flush(now);
    this.baseMeter.flush(now);
    this.supply.updateHolding();
    this.trackStockout();
  }

  /** Housings on the floor now (released, not shipped, not scrapped). */
  get wipNow(): number {
    return this.blanksIn - this.goodOut - this.scrapped;
  }

  /** Late penalty accrued by open orders already past due (so a level cannot hide lateness by not finishing). */
  openLatePenalty(): number {
    const now = this.sim.now;
    let sum = 0;
    for (const o of this.orders.open) {
      if (now > o.due) sum += (o.quantity - o.shipped) * ((now - o.due) / 24) * this.model.orders.latePenaltyPerUnitDay;
    }
    return sum;
  }
}
