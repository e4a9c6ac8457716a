/**
 * The 3C machining plant: customer orders -> blanks from the supplier -> parallel CNC cells -> deburring -> batch
 * anodizing -> laser marking -> CMM/vision inspection -> packing. The physics (wear, drift, health, failures, power,
 * demand, prices) is the same at every level; the capability levels only choose the controllers in `controllers.ts`.
 *
 * Time unit: hour. Mechanics are channel handlers; controllers and KPI accumulators observe channels.
 *
 * Speed trick (labelled): a CNC lot is machined as one "segment" event, not one event per housing. The segment walks
 * its housings in order when it starts (wear, drift, measurement, quality-controller decisions per housing, each using
 * only what earlier housings showed), and ends early at a failure. The controllers' in-line decisions are therefore
 * taken in the same order as in a per-housing simulation; only the publication time of per-housing data is batched.
 */
import type { Channel } from '../kernel/channel.ts';
import { Priority, Simulation, type EventHandle } from '../kernel/simulation.ts';
import type { MachiningModel } from '../model/machining-model.ts';
import { lognormal, lognormalParameters, normal, weibull } from '../random/distributions.ts';
import { RandomStreams, type Rng } from '../random/stream.ts';
import { TimeWeighted } from '../stats/tally.ts';
import { Fifo } from '../util/fifo.ts';
import { UnitState, type PlantEvent, type PlantView, type UnitInfo } from '../runtime/view.ts';
import { exp, log, pow } from '../math/index.ts';

export interface Order {
  readonly id: number;
  readonly product: number;
  readonly quantity: number;
  readonly arrival: number;
  readonly due: number;
  shipped: number;
  /** Housings of this order in live lots (pool or floor). */
  inProcess: number;
  finishedAt: number;
}

export interface Lot {
  readonly id: number;
  readonly order: Order;
  readonly product: number;
  /** Housings the lot was released with. */
  readonly size: number;
  /** Housings still in the lot (scrap leaves it). */
  units: number;
  /** Housings of this lot scrapped so far: size = units + scrappedUnits + (once shipped) the housings shipped. */
  scrappedUnits: number;
  released: number;
  queuedAt: number;
  /** Dimensional defects not yet found (no in-line measurement), split by whether re-machining can save them. */
  hiddenRework: number;
  hiddenScrap: number;
  /** Housings of this lot machined so far on the CNC (a lot may be split by a failure). */
  machined: number;
  /** Planned cell and rank from the last shift plan (L2), or the cell fixed at release (L1). */
  plannedCell: number;
  planRank: number;
}

export type CellState = 'idle' | 'standby' | 'warmup' | 'setup' | 'busy' | 'down' | 'pm' | 'waiting-operator';

export interface Cell {
  readonly index: number;
  state: CellState;
  lot: Lot | null;
  family: string;
  product: number;
  /** Tool wear in tool lives, and this tool's wear-rate factor (tool-to-tool spread). */
  wear: number;
  toolFactor: number;
  /** Nominal wear count since the last tool change (what the controller's counter shows). */
  nominalWear: number;
  offset: number;
  /** Operating hours since the last renewal, and the life drawn for this renewal (hidden). */
  age: number;
  life: number;
  segmentEnd: EventHandle | null;
  segmentStart: number;
  segmentAgeStart: number;
  idleSince: number;
  standbyTimer: EventHandle | null;
  pmRequested: boolean;
  readonly meter: PowerMeter;
  // OEE accounting, over finished segments; the running segment's share is added when read (`runHoursNow`, ...), so
  // no ratio to calendar time can pass 100 %.
  runHours: number;
  idealHours: number;
  unitsMade: number;
  /** Ideal CNC hours of housings that left this cell good (OEE quality, ideal-time weighted). */
  goodIdealHours: number;
  downHours: number;
  failures: number;
  repairHours: number;
  /** Whether the running segment ends in a failure (decided when it starts, from the hidden life). */
  segmentFails: boolean;
  /** The running segment's cutting hours, ideal hours and ideal hours of good housings, booked when it ends. */
  segmentRunHours: number;
  segmentIdealHours: number;
  segmentGoodIdealHours: number;
}

/** Metered energy of one machine: kWh and tariff cost, integrated lazily at each change of draw. */
export class PowerMeter {
  kw = 0;
  kwh = 0;
  cost = 0;
  private last = 0;
  constructor(private readonly tariff: Tariff) {}
  set(now: number, kw: number): void {
    if (now > this.last) {
      this.kwh += this.kw * (now - this.last);
      this.cost += this.kw * this.tariff.integral(this.last, now);
      this.last = now;
    }
    this.kw = kw;
  }
  flush(now: number): void {
    this.set(now, this.kw);
  }

  /** Energy metered up to `now`, without integrating into the meter (views must not change rounding of results). */
  energyAt(now: number): number {
    return this.kwh + this.kw * Math.max(0, now - this.last);
  }

  /** Tariff cost up to `now`, read the same way: the same arithmetic `set` would do, without splitting the integral. */
  costAt(now: number): number {
    return now > this.last ? this.cost + this.kw * this.tariff.integral(this.last, now) : this.cost;
  }
}

/** Time-of-use electricity price: price per kWh by hour of day. */
export class Tariff {
  private readonly hours: number[];
  private readonly prices: number[];
  private readonly dayIntegral: number;
  constructor(bands: readonly { fromHour: number; price: number }[]) {
    const sorted = [...bands].sort((a, b) => a.fromHour - b.fromHour);
    // The band in force at midnight is the last one of the day.
    this.hours = [0, ...sorted.map((b) => b.fromHour), 24];
    this.prices = [sorted.at(-1)!.price, ...sorted.map((b) => b.price)];
    this.dayIntegral = this.integralWithinDay(0, 24);
  }
  price(t: number): number {
    const h = ((t % 24) + 24) % 24;
    let i = 0;
    while (i + 1 < this.prices.length && this.hours[i + 1]! <= h) i++;
    return this.prices[i]!;
  }
  private integralWithinDay(a: number, b: number): number {
    let sum = 0;
    for (let i = 0; i < this.prices.length; i++) {
      const lo = Math.max(a, this.hours[i]!);
      const hi = Math.min(b, this.hours[i + 1]!);
      if (hi > lo) sum += (hi - lo) * this.prices[i]!;
    }
    return sum;
  }
  /** Integral of price over [t0, t1] hours. */
  integral(t0: number, t1: number): number {
    const d0 = Math.floor(t0 / 24);
    const d1 = Math.floor(t1 / 24);
    if (d0 === d1) return this.integralWithinDay(t0 - 24 * d0, t1 - 24 * d0);
    return this.integralWithinDay(t0 - 24 * d0, 24) + (d1 - d0 - 1) * this.dayIntegral + this.integralWithinDay(0, t1 - 24 * d1);
  }
}

/** A stage of lot-wise parallel servers (deburr, laser, inspection, packing) with a FIFO queue. */
interface LotStation {
  readonly name: string;
  readonly servers: number;
  busy: number;
  readonly queue: Lot[];
  readonly meters: PowerMeter[];
  readonly idleKw: number;
  readonly busyKw: number;
  busyHours: number;
  /** Housings finished here so far (for the view's conveyors). */
  unitsDone: number;
}

/** What the controllers decide; see controllers.ts for the L1/L2/L3 implementations. */
export interface Controllers {
  dispatching: {
    /** At release: a fixed cell for the lot, or -1 for the plant-wide queue. */
    assignAtRelease(plant: MachiningPlant, lot: Lot): number;
    /** Index in `waiting` (lots this cell may run) of the lot to run next, or -1. */
    choose(plant: MachiningPlant, cell: Cell, waiting: readonly Lot[]): number;
    onShiftStart(plant: MachiningPlant): void;
    /** Hours before an operator learns that a cell finished its lot (patrol at L1; an MES call otherwise). */
    noticeDelay(plant: MachiningPlant, cell: Cell): number;
  };
  maintenance: {
    /** Called when a cell is free: true to do preventive maintenance now. */
    wantsPm(plant: MachiningPlant, cell: Cell, queueEmpty: boolean): boolean;
    onFailure(plant: MachiningPlant, cell: Cell): void;
    /** Hours before a failure is noticed by the repair crew. */
    noticeDelay(plant: MachiningPlant, cell: Cell): number;
    /** After a PM: `remainingLife` is the remaining-life fraction the technician read at the teardown (noisy). */
    onPm(plant: MachiningPlant, cell: Cell, remainingLife: number): void;
  };
  quality: {
    /** In-line measurement of every housing at the CNC (probe). */
    readonly inline: boolean;
    /** Before each housing: change the tool now? */
    changeToolBefore(plant: MachiningPlant, cell: Cell): boolean;
    /** Offset applied to the next housing, tolerance units. */
    offsetFor(plant: MachiningPlant, cell: Cell): number;
    /** After each housing with in-line measurement: measured deviation and spindle-load signal. */
    observe(plant: MachiningPlant, cell: Cell, measured: number, spindleLoad: number): void;
    onToolChange(cell: Cell): void;
  };
  energy: {
    onIdle(plant: MachiningPlant, cell: Cell): void;
    onWake(plant: MachiningPlant, cell: Cell, idleHours: number): void;
    /** Anodizing: may a batch of `units` start now? */
    startBatch(plant: MachiningPlant, units: number, oldestWait: number): boolean;
  };
  supply: {
    start(plant: MachiningPlant): void;
  };
  npi: {
    /** Next (feed, speed) to try for the variant, given its trials so far. */
    nextTrial(plant: MachiningPlant, product: number, trials: readonly Trial[]): [number, number];
    onDeveloped(plant: MachiningPlant, product: number, best: [number, number]): void;
  };
}

export interface Trial {
  readonly x: [number, number];
  readonly yield: number;
}

/** One point of a learning curve: the controller's performance over a window of simulated time. */
export interface CurvePoint {
  readonly time: number;
  readonly value: number;
}

export class MachiningPlant {
  readonly sim = new Simulation();
  readonly streams: RandomStreams;
  readonly tariff: Tariff;
  readonly cells: Cell[];
  /**
   * Orders not yet complete. Complete ones are only counted (`completedOrders`, `shippedIdealKwh`, ...): keeping every
   * order ever taken made memory and each KPI read grow with the run's length.
   */
  readonly openOrders = new Set<Order>();
  ordersTaken = 0;
  /** Ideal energy content of the housings shipped so far (kWh): the numerator of energy utilisation. */
  shippedIdealKwh = 0;
  /** Lots waiting for release (blanks or floor capacity), one queue per blank type. */
  readonly pool = new ReleasePool();
  /** Lots waiting for a CNC cell. */
  readonly cncQueue: Lot[] = [];
  readonly blanks = new Map<string, number>();
  readonly onOrder = new Map<string, number>();
  /** Blanks consumed (released to the floor) so far, by type. */
  readonly consumed = new Map<string, number>();
  /** Development state of each product: released to customers once developed. */
  readonly developed: boolean[];
  readonly developedAt: number[];
  readonly optimum: [number, number][];
  controllers!: Controllers;

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

  // Operators
  private operatorsBusy = 0;
  private readonly tasks: OperatorTask[] = [];

  // Downstream
  readonly deburr: LotStation;
  readonly laser: LotStation;
  readonly inspection: LotStation;
  readonly packing: LotStation;
  private readonly anodizeQueue: Lot[] = [];
  private anodizeBusy = false;
  private anodizeCheckPending = false;
  readonly anodizeMeter: PowerMeter;
  readonly baseMeter: PowerMeter;
  anodizeBusyHours = 0;
  /** Housings out of the anodizing tank so far (for the view's conveyors). */
  anodizeUnitsDone = 0;

  // NPI
  readonly trials = new Map<number, Trial[]>();
  private readonly pilotQueue: number[] = [];
  private pilotBusy = false;
  readonly developmentCycles: number[] = [];
  readonly npiReleaseTime = new Map<number, number>();

  // Counters (statistics read them; the mechanics keep them)
  blanksIn = 0;
  goodOut = 0;
  scrapped = 0;
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
  holdingUnitHours = 0;
  private lastHoldingUpdate = 0;
  stockoutHours = 0;
  readonly wipUnits: TimeWeighted;
  readonly wipLots: TimeWeighted;
  floorLots = 0;
  /** The lots on the floor (released, not yet shipped or emptied by scrap): counted independently of the counters. */
  readonly floor = new Set<Lot>();
  completedOrders = 0;
  onTimeOrders = 0;
  leadTimeSum = 0;
  private nextLotId = 0;
  private readonly rng: {
    orders: Rng;
    inspection: Rng;
    anodize: Rng;
    supply: Rng;
    npi: Rng;
  };
  /** Per-unit ideal energy content (kWh) of a good housing of each product: the denominator of energy utilisation. */
  readonly idealKwhPerUnit: number[];

  constructor(
    readonly model: MachiningModel,
    readonly seed: number,
  ) {
    this.streams = new RandomStreams(seed);
    this.tariff = new Tariff(model.energy.tariff);
    this.rng = {
      orders: this.streams.stream('arrivals:orders'),
      inspection: this.streams.stream('inspection:sampling'),
      anodize: this.streams.stream('quality:anodize'),
      supply: this.streams.stream('supply:lead-time'),
      npi: this.streams.stream('npi:trials'),
    };
    const sim = this.sim;
    const cnc = model.cnc;
    this.cells = Array.from({ length: cnc.cells }, (_, index) => {
      const cell: Cell = {
        index,
        state: 'idle',
        lot: null,
        family: '',
        product: -1,
        wear: 0,
        toolFactor: 1,
        nominalWear: 0,
        offset: 0,
        age: 0,
        life: 0,
        segmentEnd: null,
        segmentStart: 0,
        segmentAgeStart: 0,
        idleSince: 0,
        standbyTimer: null,
        pmRequested: false,
        meter: new PowerMeter(this.tariff),
        runHours: 0,
        idealHours: 0,
        unitsMade: 0,
        goodIdealHours: 0,
        downHours: 0,
        failures: 0,
        repairHours: 0,
        segmentFails: false,
        segmentRunHours: 0,
        segmentIdealHours: 0,
        segmentGoodIdealHours: 0,
      };
      cell.meter.set(0, cnc.power.idleKw);
      this.newTool(cell);
      this.renew(cell);
      return cell;
    });
    this.developed = model.products.map((p) => p.releaseDay === 0);
    this.developedAt = model.products.map(() => NaN);
    const optimumRng = this.streams.stream('npi:optima');
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
    const station = (name: string, spec: { servers: number; idleKw: number; busyKw: number }): LotStation => {
      const meters = Array.from({ length: spec.servers }, () => new PowerMeter(this.tariff));
      for (const m of meters) m.set(0, spec.idleKw);
      return { name, servers: spec.servers, busy: 0, queue: [], meters, idleKw: spec.idleKw, busyKw: spec.busyKw, busyHours: 0, unitsDone: 0 };
    };
    this.deburr = station('deburr', model.deburr);
    this.laser = station('laser', model.laser);
    this.inspection = station('inspection', model.inspection);
    this.packing = station('packing', model.packing);
    this.anodizeMeter = new PowerMeter(this.tariff);
    this.anodizeMeter.set(0, model.anodize.idleKw);
    this.baseMeter = new PowerMeter(this.tariff);
    this.baseMeter.set(0, model.energy.baseLoadKw);
    this.wipUnits = new TimeWeighted(0, 0);
    this.wipLots = new TimeWeighted(0, 0);
    this.idealKwhPerUnit = model.products.map(
      (p) =>
        cnc.power.busyKw * p.cncHoursPerUnit +
        model.deburr.busyKw * model.deburr.hoursPerUnit +
        (model.anodize.busyKw * model.anodize.cycleHours) / model.anodize.tankCapacityUnits +
        model.laser.busyKw * model.laser.hoursPerUnit +
        model.inspection.busyKw * model.inspection.hoursPerUnit +
        model.packing.busyKw * model.packing.hoursPerUnit,
    );
    for (const p of model.products) {
      this.blanks.set(p.blank, model.supply.initialBlanks);
      this.onOrder.set(p.blank, 0);
    }

    this.orderArrival = sim.channel('order-arrival', () => this.onOrderArrival());
    this.orderAccepted = sim.channel('order-accepted');
    this.segmentEnd = sim.channel('cnc-segment-end', (cell) => this.onSegmentEnd(cell));
    this.taskEnd = sim.channel('operator-task-end', (task) => this.onTaskEnd(task));
    this.operatorCall = sim.channel('operator-call', (task) => this.requestOperator(task));
    this.vibrationSample = sim.channel('vibration-sample', () => this.onVibrationSample());
    this.vibration = sim.channel('vibration');
    this.stationEnd = sim.channel('station-end', ({ station, lot }) => this.onStationEnd(station, lot));
    this.arrive = sim.channel('transport-arrive', ({ stage, lot }) => this.onArrive(stage, lot));
    this.anodizeEnd = sim.channel('anodize-end', (lots) => this.onAnodizeEnd(lots));
    this.anodizeCheck = sim.channel('anodize-check', () => {
      this.anodizeCheckPending = false;
      this.tryAnodize();
    });
    this.shiftStart = sim.channel('shift-start', (shift) => this.onShiftStart(shift));
    this.delivery = sim.channel('blank-delivery', ({ blank, units }) => this.onDelivery(blank, units));
    this.standby = sim.channel('standby', (cell) => this.onStandby(cell));
    this.warmupEnd = sim.channel('warmup-end', (cell) => this.onWarmupEnd(cell));
    this.npiRelease = sim.channel('npi-release', (product) => this.onNpiRelease(product));
    this.trialEnd = sim.channel('npi-trial-end', (trial) => this.onTrialEnd(trial));
    this.lotShipped = sim.channel('lot-shipped');
    this.lotClosed = sim.channel('lot-closed');
    this.cellIdle = sim.channel('cell-idle');
    this.notable = sim.channel('notable');
    this.predictedLife = new Float32Array(this.cells.length).fill(NaN);
    const listed = new Set(model.products.flatMap((p) => p.cells));
    const spare = this.cells.map((c) => c.index).filter((i) => !listed.has(i));
    this.cellsOf = model.products.map((p) => [...p.cells, ...spare]);
  }

  /** Wires the controllers and schedules the first events; call once before running. */
  start(controllers: Controllers): void {
    this.controllers = controllers;
    const model = this.model;
    for (let i = 0; i < model.orders.ordersAtStart; i++) this.createOrder();
    this.sim.schedule(this.interarrival(), this.orderArrival, null);
    this.sim.schedule(0, this.shiftStart, 0, Priority.urgent);
    this.sim.schedule(1, this.vibrationSample, null);
    model.products.forEach((p, i) => {
      if (p.releaseDay > 0) this.sim.scheduleAt(p.releaseDay * 24, this.npiRelease, i);
    });
    controllers.supply.start(this);
    this.tryRelease();
  }

  // ---------------------------------------------------------------- demand and release

  private interarrival(): number {
    return -log(1 - this.rng.orders.next()) * this.model.orders.meanInterarrivalHours;
  }

  private onOrderArrival(): void {
    this.createOrder();
    this.sim.schedule(this.interarrival(), this.orderArrival, null);
    this.tryRelease();
  }

  private createOrder(): void {
    const model = this.model;
    const rng = this.rng.orders;
    // Product drawn among those on sale now; the draw uses the same stream at every level.
    const u = rng.next();
    const q = model.orders.quantity;
    const quantity = q.min + Math.floor(rng.next() * (q.max - q.min + 1));
    const dueIn = model.orders.dueHours.min + rng.next() * (model.orders.dueHours.max - model.orders.dueHours.min);
    let total = 0;
    for (let i = 0; i < model.products.length; i++) if (this.developed[i]) total += model.products[i]!.mixWeight;
    let acc = 0;
    let product = 0;
    for (let i = 0; i < model.products.length; i++) {
      if (!this.developed[i]) continue;
      acc += model.products[i]!.mixWeight / total;
      product = i;
      if (u < acc) break;
    }
    const now = this.sim.now;
    const order: Order = { id: this.ordersTaken++, product, quantity, arrival: now, due: now + dueIn, shipped: 0, inProcess: 0, finishedAt: NaN };
    this.openOrders.add(order);
    this.addLots(order, quantity);
    this.orderAccepted.publish(order);
  }

  private addLots(order: Order, units: number): void {
    const size = this.model.orders.lotSize;
    order.inProcess += units;
    const blank = this.model.products[order.product]!.blank;
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

  /**
   * CONWIP release in order of arrival: a lot enters the floor when there is room and its blanks are in stock. Lots of
   * one blank type go in order (a lot short of blanks holds back the later ones of its type, not those of other types).
   */
  tryRelease(): void {
    const cap = this.model.orders.wipCapLots;
    let released = false;
    while (this.floorLots < cap) {
      const lot = this.pool.oldestReleasable((blank, units) => this.blanks.get(blank)! >= units);
      if (!lot) break;
      const blank = this.model.products[lot.product]!.blank;
      const stock = this.blanks.get(blank)!;
      this.updateHolding();
      this.blanks.set(blank, stock - lot.units);
      this.blanksIn += lot.units;
      this.consumed.set(blank, (this.consumed.get(blank) ?? 0) + lot.units);
      this.materialCost += lot.units * this.model.products[lot.product]!.materialCost;
      lot.released = this.sim.now;
      this.floorLots++;
      this.floor.add(lot);
      this.wipLots.set(this.sim.now, this.floorLots);
      this.wipUnits.add(this.sim.now, lot.units);
      lot.plannedCell = this.controllers.dispatching.assignAtRelease(this, lot);
      this.enqueueCnc(lot);
      released = true;
    }
    if (released) this.supplyChanged();
    this.trackStockout();
  }

  private starvedSince = NaN;
  /** Blank stock-out time: lots wait in the pool for blanks while the floor has room for them. */
  trackStockout(): void {
    const now = this.sim.now;
    if (!Number.isNaN(this.starvedSince)) this.stockoutHours += now - this.starvedSince;
    const starved = this.floorLots < this.model.orders.wipCapLots && this.pool.length > 0;
    this.starvedSince = starved ? now : NaN;
  }

  /** Hook for the supply controller (it replaces this). */
  supplyChanged(): void {}

  // ---------------------------------------------------------------- CNC cells

  private enqueueCnc(lot: Lot): void {
    lot.queuedAt = this.sim.now;
    this.cncQueue.push(lot);
    for (const cell of this.cells) {
      if ((cell.state === 'idle' || cell.state === 'standby') && this.eligible(cell, lot)) {
        this.cellFree(cell);
        if (!this.cncQueue.includes(lot)) break;
      }
    }
  }

  eligible(cell: Cell, lot: Lot): boolean {
    if (this.controllersFixCells && lot.plannedCell !== cell.index) return false;
    return this.cellsOf[lot.product]!.includes(cell.index);
  }

  /**
   * The cells each product may run on: those holding its family's fixture (`products[].cells`), and every cell no
   * product lists (added with `cnc.cells`), which takes a fixture of any family with a family set-up at each change.
   */
  readonly cellsOf: readonly (readonly number[])[];

  /** L1 plans: a lot runs only on the cell the shift plan gave it (lots released mid-shift wait for the next plan). */
  controllersFixCells = false;

  setupHoursFor(cell: Cell, lot: Lot): number {
    const p = this.model.products[lot.product]!;
    if (cell.family !== p.family) return this.model.cnc.familySetupHours;
    if (cell.product !== lot.product) return this.model.cnc.productSetupHours;
    return 0;
  }

  /** Idle cell looks for work (or maintenance). */
  cellFree(cell: Cell): void {
    if (cell.state !== 'idle' && cell.state !== 'standby') return;
    const waiting = this.cncQueue.filter((l) => this.eligible(cell, l));
    if (this.controllers.maintenance.wantsPm(this, cell, waiting.length === 0)) {
      this.startPm(cell);
      return;
    }
    if (waiting.length === 0) return;
    const pick = this.controllers.dispatching.choose(this, cell, waiting);
    if (pick < 0) return;
    const lot = waiting[pick]!;
    this.cncQueue.splice(this.cncQueue.indexOf(lot), 1);
    cell.lot = lot;
    if (this.notable.observed) {
      this.notable.publish({ time: this.sim.now, unit: cell.index, kind: 'lot-dispatched', detail: this.model.products[lot.product]!.id });
    }
    if (cell.standbyTimer) {
      this.sim.cancel(cell.standbyTimer);
      cell.standbyTimer = null;
    }
    const idleHours = this.sim.now - cell.idleSince;
    if (cell.state === 'standby') {
      this.controllers.energy.onWake(this, cell, idleHours);
      cell.state = 'warmup';
      cell.meter.set(this.sim.now, this.model.cnc.power.busyKw * 0.5);
      this.sim.schedule(this.model.cnc.power.warmupHours, this.warmupEnd, cell);
      return;
    }
    this.controllers.energy.onWake(this, cell, idleHours);
    this.afterWarmup(cell);
  }

  private onWarmupEnd(cell: Cell): void {
    this.afterWarmup(cell);
  }

  private afterWarmup(cell: Cell): void {
    const lot = cell.lot!;
    // Every lot change needs an operator: unload, load the pallet, and a fixture/program change between families.
    const hours = this.setupHoursFor(cell, lot) + this.model.cnc.loadHoursPerLot;
    cell.state = 'waiting-operator';
    cell.meter.set(this.sim.now, this.model.cnc.power.idleKw);
    const task: OperatorTask = { kind: 'setup', cell, hours, priority: 1, requested: this.sim.now };
    this.callOperator(task, this.controllers.dispatching.noticeDelay(this, cell));
  }

  /** An operator is called after `delay`: how long it takes before someone knows the cell needs them. */
  private callOperator(task: OperatorTask, delay: number): void {
    if (delay > 0) this.sim.schedule(delay, this.operatorCall, task);
    else this.requestOperator(task);
  }

  private startSegment(cell: Cell): void {
    const lot = cell.lot!;
    const model = this.model;
    const product = model.products[lot.product]!;
    const q = model.cnc.drift;
    const quality = this.controllers.quality;
    const wearRng = this.streams.stream(`wear:cnc-${cell.index}`);
    const procRng = this.streams.stream(`process:cnc-${cell.index}`);
    cell.state = 'busy';
    cell.family = product.family;
    cell.product = lot.product;
    cell.meter.set(this.sim.now, model.cnc.power.busyKw);
    cell.segmentStart = this.sim.now;
    cell.segmentAgeStart = cell.age;
    let elapsed = 0;
    let failed = false;
    let ideal = 0;
    let goodIdeal = 0;
    while (lot.machined < lot.units) {
      if (quality.changeToolBefore(this, cell)) {
        elapsed += model.cnc.toolChangeHours;
        this.toolChanges++;
        this.toolCost += model.cnc.toolCost;
        this.newTool(cell);
        quality.onToolChange(cell);
      }
      // Degraded machines cut slower: feed override as vibration rises (same physics at every level).
      const health = Math.max(0, 1 - cell.age / cell.life);
      const cycle = product.cncHoursPerUnit * (1 + 0.15 * (1 - health) * (1 - health));
      if (cell.age + elapsed + cycle > cell.life) {
        elapsed += Math.max(0, cell.life - cell.age - elapsed);
        // The housing in the machine when it fails is scrapped.
        this.unitsMachined++;
        cell.unitsMade++;
        this.removeUnits(lot, 1);
        failed = true;
        break;
      }
      elapsed += cycle;
      ideal += product.cncHoursPerUnit;
      cell.wear += product.wearPerUnit * cell.toolFactor;
      cell.nominalWear += product.wearPerUnit;
      const drift = q.gain * pow(Math.max(0, cell.wear - q.onsetWear), q.exponent);
      // Wear shifts the mean size and widens the scatter (a dull edge rubs as well as cuts).
      const scatter = q.processSigma * (1 + Math.max(0, cell.wear - q.onsetWear));
      const deviation = drift - cell.offset + scatter * normalDraw(procRng);
      lot.machined++;
      this.unitsMachined++;
      cell.unitsMade++;
      const bad = Math.abs(deviation) > 1;
      if (bad) this.driftDefects++;
      else goodIdeal += product.cncHoursPerUnit;
      if (quality.inline) {
        const measured = deviation + 0.05 * normalDraw(procRng);
        const spindleLoad = cell.wear * (1 + 0.05 * normalDraw(wearRng));
        if (bad) {
          if (Math.abs(deviation) <= q.reworkBand) {
            // Re-cut on the spot: half a cycle more.
            elapsed += 0.5 * product.cncHoursPerUnit;
            this.reworked++;
            this.reworkCost += model.rework.costPerUnit;
          } else {
            lot.machined--;
            this.removeUnits(lot, 1);
          }
        }
        quality.observe(this, cell, measured, spindleLoad);
        cell.offset = quality.offsetFor(this, cell);
      } else if (bad) {
        if (Math.abs(deviation) <= q.reworkBand) lot.hiddenRework++;
        else lot.hiddenScrap++;
      }
    }
    cell.segmentRunHours = elapsed;
    cell.segmentIdealHours = ideal;
    cell.segmentGoodIdealHours = goodIdeal;
    cell.segmentEnd = this.sim.schedule(elapsed, this.segmentEnd, cell);
    cell.segmentFails = failed;
  }

  private onSegmentEnd(cell: Cell): void {
    cell.age = cell.segmentAgeStart + (this.sim.now - cell.segmentStart);
    cell.segmentEnd = null;
    cell.runHours += cell.segmentRunHours;
    cell.idealHours += cell.segmentIdealHours;
    cell.goodIdealHours += cell.segmentGoodIdealHours;
    cell.segmentRunHours = cell.segmentIdealHours = cell.segmentGoodIdealHours = 0;
    if (cell.segmentFails) {
      cell.failures++;
      cell.state = 'down';
      if (this.notable.observed) this.notable.publish({ time: this.sim.now, unit: cell.index, kind: 'failure' });
      cell.meter.set(this.sim.now, this.model.cnc.power.standbyKw);
      this.controllers.maintenance.onFailure(this, cell);
      const rh = this.model.cnc.health.repairHours;
      const { mu, sigma } = lognormalParameters(rh.mean, rh.sd);
      const hours = lognormal(this.streams.stream(`repair:cnc-${cell.index}`), mu, sigma);
      this.partsCost += this.model.cnc.health.repairPartsCost;
      this.callOperator({ kind: 'repair', cell, hours, priority: 0, requested: this.sim.now }, this.controllers.maintenance.noticeDelay(this, cell));
      return;
    }
    this.finishLot(cell);
  }

  /** The cell's lot is machined: send it on (or close it if scrap emptied it) and free the cell. */
  private finishLot(cell: Cell): void {
    const lot = cell.lot!;
    cell.lot = null;
    lot.machined = 0;
    this.toIdle(cell);
    if (lot.units > 0) this.transport('deburr', lot);
    else this.lotEmptied(lot);
    this.cellFree(cell);
  }

  private toIdle(cell: Cell): void {
    cell.state = 'idle';
    cell.idleSince = this.sim.now;
    cell.meter.set(this.sim.now, this.model.cnc.power.idleKw);
    this.controllers.energy.onIdle(this, cell);
    if (this.cellIdle.observed) this.cellIdle.publish(cell);
  }

  private newTool(cell: Cell): void {
    cell.wear = 0;
    cell.nominalWear = 0;
    cell.offset = 0;
    const rng = this.streams.stream(`wear:cnc-${cell.index}:tools`);
    cell.toolFactor = lognormal(rng, -0.5 * this.model.cnc.toolLifeSpread ** 2, this.model.cnc.toolLifeSpread);
  }

  private renew(cell: Cell): void {
    cell.age = 0;
    const h = this.model.cnc.health;
    cell.life = weibull(this.streams.stream(`failures:cnc-${cell.index}`), h.weibullShape, h.weibullScaleHours);
  }

  private startPm(cell: Cell): void {
    if (cell.standbyTimer) {
      this.sim.cancel(cell.standbyTimer);
      cell.standbyTimer = null;
    }
    cell.state = 'waiting-operator';
    cell.pmRequested = false;
    if (this.notable.observed) this.notable.publish({ time: this.sim.now, unit: cell.index, kind: 'pm-ordered' });
    cell.meter.set(this.sim.now, this.model.cnc.power.standbyKw);
    this.requestOperator({ kind: 'pm', cell, hours: this.model.cnc.health.pmHours, priority: 2, requested: this.sim.now });
  }

  /** Share of the running segment done by now (0 when none runs): segments are booked whole when they end. */
  private segmentShare(cell: Cell): number {
    if (cell.segmentRunHours <= 0) return 0;
    return Math.min(1, (this.sim.now - cell.segmentStart) / cell.segmentRunHours);
  }

  /** Cutting hours (including re-cuts and tool changes) up to now; a pure read. */
  runHoursNow(cell: Cell): number {
    return cell.runHours + this.segmentShare(cell) * cell.segmentRunHours;
  }

  /** Ideal cycle hours of the housings machined up to now (the running segment pro rata); a pure read. */
  idealHoursNow(cell: Cell): number {
    return cell.idealHours + this.segmentShare(cell) * cell.segmentIdealHours;
  }

  /** Ideal cycle hours of the good housings machined up to now (the running segment pro rata); a pure read. */
  goodIdealHoursNow(cell: Cell): number {
    return cell.goodIdealHours + this.segmentShare(cell) * cell.segmentGoodIdealHours;
  }

  /** Current operating age of a cell (its hour meter since the last renewal). */
  ageOf(cell: Cell): number {
    return cell.state === 'busy' ? cell.segmentAgeStart + (this.sim.now - cell.segmentStart) : cell.age;
  }

  private onVibrationSample(): void {
    const h = this.model.cnc.health;
    for (const cell of this.cells) {
      const health = Math.max(0, 1 - this.ageOf(cell) / cell.life);
      const rng = this.streams.stream(`vibration:cnc-${cell.index}`);
      const value = h.vibrationNew + (h.vibrationFailed - h.vibrationNew) * (1 - health) ** 2 + h.vibrationNoise * normalDraw(rng);
      this.vibration.publish({ cell, value });
    }
    this.sim.schedule(1, this.vibrationSample, null);
  }

  // ---------------------------------------------------------------- operators

  operatorsOnShift(): number {
    const s = this.model.shifts;
    const shift = Math.floor(this.sim.now / s.hoursPerShift) % s.operatorsPerShift.length;
    return s.operatorsPerShift[shift]!;
  }

  private requestOperator(task: OperatorTask): void {
    this.tasks.push(task);
    this.tasks.sort((a, b) => a.priority - b.priority || a.requested - b.requested);
    this.dispatchOperators();
  }

  private dispatchOperators(): void {
    while (this.tasks.length > 0 && this.operatorsBusy < this.operatorsOnShift()) {
      const task = this.tasks.shift()!;
      this.operatorsBusy++;
      const cell = task.cell;
      cell.state = task.kind === 'setup' ? 'setup' : task.kind === 'repair' ? 'down' : 'pm';
      if (task.kind === 'setup') {
        cell.meter.set(this.sim.now, this.model.cnc.power.idleKw);
        this.setups++;
        this.setupHours += task.hours + (this.sim.now - task.requested);
      }
      this.sim.schedule(task.hours, this.taskEnd, task);
    }
  }

  private onTaskEnd(task: OperatorTask): void {
    this.operatorsBusy--;
    const cell = task.cell;
    const now = this.sim.now;
    if (task.kind !== 'setup' && this.notable.observed) {
      this.notable.publish({ time: now, unit: cell.index, kind: task.kind === 'repair' ? 'repair' : 'maintenance-done' });
    }
    if (task.kind === 'setup') this.startSegment(cell);
    else if (task.kind === 'repair') {
      cell.downHours += now - task.requested;
      cell.repairHours += now - task.requested;
      this.renew(cell);
      this.newTool(cell);
      // The interrupted lot resumes where it stopped.
      if (cell.lot) {
        if (cell.lot.machined >= cell.lot.units) this.finishLot(cell);
        else this.startSegment(cell);
      } else {
        this.toIdle(cell);
        this.cellFree(cell);
      }
    } else {
      cell.downHours += now - task.requested;
      this.pmCount++;
      this.partsCost += this.model.cnc.health.pmPartsCost;
      const h = this.model.cnc.health;
      const remaining = Math.max(0, 1 - cell.age / cell.life) + h.inspectionSd * normalDraw(this.streams.stream(`teardown:cnc-${cell.index}`));
      this.controllers.maintenance.onPm(this, cell, remaining);
      this.renew(cell);
      this.toIdle(cell);
      this.cellFree(cell);
    }
    this.dispatchOperators();
  }

  private onShiftStart(shift: number): void {
    this.controllers.dispatching.onShiftStart(this);
    for (const cell of this.cells) this.cellFree(cell);
    this.dispatchOperators();
    this.sim.schedule(this.model.shifts.hoursPerShift, this.shiftStart, shift + 1, Priority.urgent);
  }

  // ---------------------------------------------------------------- downstream

  private transport(stage: string, lot: Lot): void {
    this.sim.schedule(this.model.transportHours, this.arrive, { stage, lot });
  }

  private onArrive(stage: string, lot: Lot): void {
    if (stage === 'anodize') {
      lot.queuedAt = this.sim.now;
      this.anodizeQueue.push(lot);
      this.tryAnodize();
      return;
    }
    const station = stage === 'deburr' ? this.deburr : stage === 'laser' ? this.laser : stage === 'inspection' ? this.inspection : this.packing;
    station.queue.push(lot);
    this.startStation(station);
  }

  private startStation(station: LotStation): void {
    while (station.busy < station.servers && station.queue.length > 0) {
      const lot = station.queue.shift()!;
      const spec = this.stationSpec(station);
      let hours = spec.hoursPerLot + lot.units * spec.hoursPerUnit;
      if (station === this.inspection) hours += this.inspect(lot);
      station.meters[station.busy]!.set(this.sim.now, station.busyKw);
      station.busy++;
      station.busyHours += hours;
      this.sim.schedule(hours, this.stationEnd, { station, lot });
    }
  }

  private stationSpec(station: LotStation) {
    const m = this.model;
    return station === this.deburr ? m.deburr : station === this.laser ? m.laser : station === this.inspection ? m.inspection : m.packing;
  }

  /**
   * Final inspection: vision finds every cosmetic defect (all levels). The CMM measures a sample of the lot; a defective
   * sample triggers 100 % measurement. Lots measured in-line at the CNC carry no hidden dimensional defects.
   * Returns the extra hours spent.
   */
  private inspect(lot: Lot): number {
    const m = this.model;
    let extra = 0;
    const hidden = lot.hiddenRework + lot.hiddenScrap;
    if (hidden > 0) {
      // Sampling without replacement: does the sample contain a defective housing?
      const n = Math.min(m.inspection.sampleSize, lot.units);
      let bad = hidden;
      let left = lot.units;
      let found = false;
      for (let i = 0; i < n; i++) {
        if (this.rng.inspection.next() < bad / left) {
          found = true;
          break;
        }
        left--;
      }
      if (found) {
        extra += lot.units * m.inspection.hoursPerUnit * 2;
        this.reworked += lot.hiddenRework;
        this.reworkCost += lot.hiddenRework * m.rework.costPerUnit;
        extra += lot.hiddenRework * m.rework.hoursPerUnit;
        this.removeUnits(lot, lot.hiddenScrap);
      } else {
        this.escaped += hidden;
      }
      lot.hiddenRework = 0;
      lot.hiddenScrap = 0;
    }
    return extra;
  }

  private removeUnits(lot: Lot, units: number): void {
    if (units <= 0) return;
    // A housing leaves its lot once: a larger removal is a bookkeeping error, not a physical event.
    if (units > lot.units) throw new RangeError(`lot ${lot.id}: cannot scrap ${units} housings of ${lot.units}`);
    lot.units -= units;
    lot.scrappedUnits += units;
    lot.order.inProcess -= units;
    this.scrapped += units;
    this.wipUnits.add(this.sim.now, -units);
  }

  private onStationEnd(station: LotStation, lot: Lot): void {
    station.busy--;
    station.unitsDone += lot.units;
    station.meters[station.busy]!.set(this.sim.now, station.idleKw);
    if (station === this.deburr) this.transport('anodize', lot);
    else if (station === this.laser) this.transport('inspection', lot);
    else if (station === this.inspection) {
      if (lot.units > 0) this.transport('packing', lot);
      else this.lotEmptied(lot);
    } else this.ship(lot);
    this.startStation(station);
  }

  private tryAnodize(): void {
    if (this.anodizeBusy || this.anodizeQueue.length === 0) return;
    const a = this.model.anodize;
    let units = 0;
    for (const lot of this.anodizeQueue) units += lot.units;
    const oldestWait = this.sim.now - this.anodizeQueue[0]!.queuedAt;
    if (!this.controllers.energy.startBatch(this, Math.min(units, a.tankCapacityUnits), oldestWait)) {
      // Look again in a quarter of an hour (one pending look at a time): the policy may depend on waiting time and tariff.
      if (!this.anodizeCheckPending) {
        this.anodizeCheckPending = true;
        this.sim.schedule(0.25, this.anodizeCheck, null, Priority.late);
      }
      return;
    }
    const batch: Lot[] = [];
    let load = 0;
    while (this.anodizeQueue.length > 0 && load + this.anodizeQueue[0]!.units <= a.tankCapacityUnits) {
      const lot = this.anodizeQueue.shift()!;
      load += lot.units;
      batch.push(lot);
    }
    if (batch.length === 0) batch.push(this.anodizeQueue.shift()!);
    this.anodizeBusy = true;
    this.anodizeBusyHours += a.cycleHours;
    this.anodizeMeter.set(this.sim.now, a.busyKw);
    this.sim.schedule(a.cycleHours, this.anodizeEnd, batch);
  }

  /** Batch anodizing policy shared by levels without load shifting: full tank, or the oldest lot waited long enough. */
  anodizeReady(units: number, oldestWait: number): boolean {
    return units >= this.model.anodize.tankCapacityUnits || oldestWait >= this.model.anodize.maxWaitHours;
  }

  private onAnodizeEnd(lots: Lot[]): void {
    this.anodizeBusy = false;
    this.anodizeMeter.set(this.sim.now, this.model.anodize.idleKw);
    const d = this.model.cnc.drift;
    for (const lot of lots) {
      // Cosmetic defects (colour, pits, handling marks) are found by vision at inspection; drawn here, per housing.
      // Draws are independent of the hidden dimensional defects, so which housings carry those is arbitrary: the first
      // `hiddenScrap`, then the next `hiddenRework`. A housing scrapped for looks takes its hidden defect with it, so it
      // is not scrapped (or counted as an escape) again at the CMM.
      let rework = 0;
      let scrap = 0;
      let hiddenScrapGone = 0;
      let hiddenReworkGone = 0;
      for (let i = 0; i < lot.units; i++) {
        if (this.rng.anodize.next() < d.cosmeticDefectProbability) {
          if (this.rng.anodize.next() < d.cosmeticReworkShare) rework++;
          else {
            scrap++;
            if (i < lot.hiddenScrap) hiddenScrapGone++;
            else if (i < lot.hiddenScrap + lot.hiddenRework) hiddenReworkGone++;
          }
        }
      }
      lot.hiddenScrap -= hiddenScrapGone;
      lot.hiddenRework -= hiddenReworkGone;
      this.reworked += rework;
      this.reworkCost += rework * this.model.rework.costPerUnit;
      this.removeUnits(lot, scrap);
      this.anodizeUnitsDone += lot.units;
      if (lot.units > 0) this.transport('laser', lot);
      else this.lotEmptied(lot);
    }
    this.tryAnodize();
  }

  private lotEmptied(lot: Lot): void {
    this.leaveFloor(lot);
  }

  private leaveFloor(lot: Lot): void {
    this.floorLots--;
    this.floor.delete(lot);
    if (this.lotClosed.observed) this.lotClosed.publish(lot);
    this.wipLots.set(this.sim.now, this.floorLots);
    const shortfall = lot.order.quantity - lot.order.shipped - lot.order.inProcess;
    // Scrapped housings are made again: a make-up lot for what the order still lacks.
    if (shortfall > 0) this.addLots(lot.order, shortfall);
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
      this.openOrders.delete(order);
      this.completedOrders++;
      this.leadTimeSum += now - order.arrival;
      if (now <= order.due) this.onTimeOrders++;
      else this.latePenalty += order.quantity * ((now - order.due) / 24) * this.model.orders.latePenaltyPerUnitDay;
    }
    this.leaveFloor(lot);
  }

  // ---------------------------------------------------------------- supply

  /** Places a replenishment order for `units` blanks; it arrives after a lognormal lead time. */
  orderBlanks(blank: string, units: number): void {
    if (units <= 0) return;
    const lt = this.model.supply.leadTimeHours;
    const { mu, sigma } = lognormalParameters(lt.mean, lt.sd);
    this.onOrder.set(blank, this.onOrder.get(blank)! + units);
    this.sim.schedule(lognormal(this.rng.supply, mu, sigma), this.delivery, { blank, units });
  }

  /**
   * Inventory position: on hand + on order. The order book is not netted: it exceeds capacity, and blanks are drawn at
   * the pace of release, so replenishment follows consumption.
   */
  position(blank: string): number {
    return this.blanks.get(blank)! + this.onOrder.get(blank)!;
  }

  private onDelivery(blank: string, units: number): void {
    this.updateHolding();
    this.blanks.set(blank, this.blanks.get(blank)! + units);
    this.onOrder.set(blank, this.onOrder.get(blank)! - units);
    this.tryRelease();
  }

  /** Stock holding (unit-hours) up to now, without splitting the running integral (reading KPIs must not change them). */
  holdingUnitHoursNow(): number {
    let stock = 0;
    for (const v of this.blanks.values()) stock += v;
    return this.holdingUnitHours + stock * (this.sim.now - this.lastHoldingUpdate);
  }

  /** Stock-out hours up to now, read without closing the open interval. */
  stockoutHoursNow(): number {
    return Number.isNaN(this.starvedSince) ? this.stockoutHours : this.stockoutHours + (this.sim.now - this.starvedSince);
  }

  private updateHolding(): void {
    const now = this.sim.now;
    let stock = 0;
    for (const v of this.blanks.values()) stock += v;
    this.holdingUnitHours += stock * (now - this.lastHoldingUpdate);
    this.lastHoldingUpdate = now;
  }

  /** Nominal daily demand of each blank type from the products on sale at time 0 (what a planner knows up front). */
  nominalDailyDemand(blank: string): number {
    const o = this.model.orders;
    const meanQty = (o.quantity.min + o.quantity.max) / 2;
    let total = 0;
    let share = 0;
    this.model.products.forEach((p) => {
      if (p.releaseDay > 0) return;
      total += p.mixWeight;
      if (p.blank === blank) share += p.mixWeight;
    });
    return (24 / o.meanInterarrivalHours) * meanQty * (share / total);
  }

  // ---------------------------------------------------------------- energy

  /** Puts an idle cell to standby (the network's command), unless it got work meanwhile. */
  requestStandby(cell: Cell, after: number): void {
    if (cell.standbyTimer) this.sim.cancel(cell.standbyTimer);
    cell.standbyTimer = this.sim.schedule(after, this.standby, cell);
  }

  private onStandby(cell: Cell): void {
    cell.standbyTimer = null;
    if (cell.state !== 'idle') return;
    cell.state = 'standby';
    cell.meter.set(this.sim.now, this.model.cnc.power.standbyKw);
  }

  // ---------------------------------------------------------------- new-product introduction

  private onNpiRelease(product: number): void {
    this.npiReleaseTime.set(product, this.sim.now);
    this.trials.set(product, []);
    // Programming and fixture build come first; then the variant queues for the pilot cell.
    this.sim.schedule(this.model.npi.programmingHours, this.trialEnd, { product, x: [NaN, NaN] as [number, number] });
  }

  private onTrialEnd({ product, x }: { product: number; x: [number, number] }): void {
    const npi = this.model.npi;
    if (!Number.isNaN(x[0])) {
      this.pilotBusy = false;
      const opt = this.optimum[product]!;
      const dx = x[0] - opt[0];
      const dy = x[1] - opt[1];
      const d2 = dx * dx + dy * dy;
      const p = npi.peakYield * exp(-d2 / (npi.yieldWidth * npi.yieldWidth));
      let good = 0;
      for (let i = 0; i < npi.trialUnits; i++) if (this.rng.npi.next() < p) good++;
      const trials = this.trials.get(product)!;
      trials.push({ x, yield: good / npi.trialUnits });
      this.materialCost += npi.trialUnits * this.model.products[product]!.materialCost;
      if (good / npi.trialUnits >= npi.targetYield || trials.length >= npi.maxTrials) {
        this.developed[product] = true;
        this.developedAt[product] = this.sim.now;
        this.developmentCycles.push(this.sim.now - this.npiReleaseTime.get(product)!);
        this.controllers.npi.onDeveloped(this, product, x);
      } else this.pilotQueue.push(product);
    } else this.pilotQueue.push(product);
    this.startTrial();
  }

  private startTrial(): void {
    if (this.pilotBusy || this.pilotQueue.length === 0) return;
    const product = this.pilotQueue.shift()!;
    const x = this.controllers.npi.nextTrial(this, product, this.trials.get(product)!);
    this.pilotBusy = true;
    this.sim.schedule(this.model.npi.trialHours, this.trialEnd, { product, x });
  }

  // ---------------------------------------------------------------- accounting

  /**
   * The units for the app's views: the CNC cells, then deburring, anodizing, laser marking, inspection and packing.
   * Cell states map the plant's own: cutting is running, set-up is setup, failed is down, preventive maintenance is
   * maintenance, waiting for an operator is blocked, idle with nothing to run is starved. The queue of a cell is the
   * lots planned for it; of a station, the lots waiting in front of it.
   */
  view(): PlantView {
    const stations = [this.deburr, null, this.laser, this.inspection, this.packing] as const;
    const units: UnitInfo[] = [
      ...this.cells.map((c) => ({ id: `cnc-${c.index + 1}`, name: `CNC cell ${c.index + 1}`, kind: 'cnc', next: ['deburr'] })),
      { id: 'deburr', name: 'Deburring / polishing', kind: 'deburr', next: ['anodize'] },
      { id: 'anodize', name: 'Anodizing line', kind: 'anodize', next: ['laser'] },
      { id: 'laser', name: 'Laser marking', kind: 'laser', next: ['inspection'] },
      { id: 'inspection', name: 'CMM / vision inspection', kind: 'inspection', next: ['packing'] },
      { id: 'packing', name: 'Packing', kind: 'packing' },
    ];
    const cellStates: Record<CellState, number> = {
      busy: UnitState.running,
      setup: UnitState.setup,
      down: UnitState.down,
      pm: UnitState.maintenance,
      'waiting-operator': UnitState.blocked,
      idle: UnitState.idle,
      standby: UnitState.idle,
      warmup: UnitState.setup,
    };
    // The last hourly vibration reading of each cell, kept by an observer of the sensor channel.
    const vibration = new Float32Array(units.length).fill(NaN);
    this.vibration.events$.subscribe(({ cell, value }) => (vibration[cell.index] = value));
    return {
      units,
      events$: this.notable.events$,
      signal: { name: 'vibration', unit: 'mm/s' },
      readSignals: (out) => out.set(vibration),
      predictions: [
        { name: 'remaining-life', unit: '%', decimals: 0 },
        { name: 'defect-rate', unit: '%', decimals: 2 },
      ],
      readPredictions: (out) => {
        out.fill(NaN);
        const n = units.length;
        for (let i = 0; i < this.predictedLife.length; i++) out[i] = 100 * this.predictedLife[i]!;
        for (let i = 0; i < this.cells.length; i++) out[n + i] = 100 * this.predictedDefect(this.cells[i]!);
      },
      readWear: (out) => {
        // The tool-life counter (nominal wear since the last tool change), not the hidden true wear of this tool.
        out.fill(NaN);
        for (let i = 0; i < this.cells.length; i++) out[i] = 100 * this.cells[i]!.nominalWear;
      },
      readEnergy: (out) => {
        const now = this.sim.now;
        const cells = this.cells;
        for (let i = 0; i < cells.length; i++) out[i] = cells[i]!.meter.energyAt(now);
        for (let k = 0; k < stations.length; k++) {
          const station = stations[k];
          out[cells.length + k] = station
            ? station.meters.reduce((sum, m) => sum + m.energyAt(now), 0)
            : this.anodizeMeter.energyAt(now);
        }
      },
      read: (states, queues, utilization, completed) => {
        const hours = Math.max(this.sim.now, 1e-9);
        const cells = this.cells;
        for (let i = 0; i < cells.length; i++) {
          const cell = cells[i]!;
          let planned = 0;
          for (const lot of this.cncQueue) if (lot.plannedCell === i) planned++;
          const state = cellStates[cell.state];
          states[i] = state === UnitState.idle && this.cncQueue.length === 0 ? UnitState.starved : state;
          queues[i] = planned;
          utilization[i] = this.runHoursNow(cell) / hours;
          if (completed) completed[i] = cell.unitsMade;
        }
        for (let k = 0; k < stations.length; k++) {
          const at = cells.length + k;
          const station = stations[k];
          if (station) {
            states[at] = station.busy > 0 ? UnitState.running : station.queue.length > 0 ? UnitState.idle : UnitState.starved;
            queues[at] = station.queue.length;
            utilization[at] = station.busyHours / (station.servers * hours);
            if (completed) completed[at] = station.unitsDone;
          } else {
            states[at] = this.anodizeBusy ? UnitState.running : UnitState.idle;
            queues[at] = this.anodizeQueue.length;
            utilization[at] = this.anodizeBusyHours / hours;
            if (completed) completed[at] = this.anodizeUnitsDone;
          }
        }
      },
    };
  }

  /** Brings every meter and accumulator up to now. */
  flush(): void {
    const now = this.sim.now;
    for (const c of this.cells) c.meter.flush(now);
    for (const s of [this.deburr, this.laser, this.inspection, this.packing]) for (const m of s.meters) m.flush(now);
    this.anodizeMeter.flush(now);
    this.baseMeter.flush(now);
    this.updateHolding();
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
    for (const o of this.openOrders) {
      if (now > o.due) sum += (o.quantity - o.shipped) * ((now - o.due) / 24) * this.model.orders.latePenaltyPerUnitDay;
    }
    return sum;
  }
}

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

export interface OperatorTask {
  readonly kind: 'setup' | 'repair' | 'pm';
  readonly cell: Cell;
  readonly hours: number;
  readonly priority: number;
  readonly requested: number;
}

function normalDraw(rng: Rng): number {
  return normal(rng, 0, 1);
}
