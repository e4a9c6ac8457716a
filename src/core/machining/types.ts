/**
 * What moves through the 3C plant (orders, lots), the state of a CNC cell, and the contract between the plant's units
 * and the decision logic of each capability (`Controllers`, implemented per level in controllers.ts).
 */
import type { EventHandle } from '../kernel/simulation.ts';
import type { MachiningPlant } from './plant.ts';
import type { PowerMeter } from './power.ts';

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
  /** Housings of the lot machined when the running segment started (a twin's hand-over may cut a segment short). */
  segmentMachinedStart: number;
  idleSince: number;
  /** Hours spent idle or in standby (no lot, no maintenance), up to the last time the cell left that state. */
  idleHours: number;
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

/** Work for an operator: a lot change (set-up), a repair, or preventive maintenance. */
export interface OperatorTask {
  readonly kind: 'setup' | 'repair' | 'pm';
  readonly cell: Cell;
  readonly hours: number;
  readonly priority: number;
  readonly requested: number;
}
