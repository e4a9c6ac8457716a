/**
 * The CNC cells: the queue of lots waiting for a cell, which cells may run which product, lot changes (warm-up, set-up by
 * an operator), cutting with tool wear and dimensional drift, the machine's health (Weibull life, vibration, slower
 * cycles as it degrades, failure, repair, preventive maintenance), standby, and OEE bookkeeping.
 *
 * Physics here is the same at every level. What a level decides is asked of the controllers at the marked points:
 * which lot next (`dispatching.choose`), when an operator learns of a need (`noticeDelay`), PM now (`maintenance.wantsPm`),
 * tool change and offset per housing and whether housings are measured in-line (`quality`), standby (`energy`).
 *
 * Speed trick (labelled): a CNC lot is machined as one "segment" event, not one event per housing. The segment walks
 * its housings in order when it starts (wear, drift, measurement, quality-controller decisions per housing, each using
 * only what earlier housings showed), and ends early at a failure. The controllers' in-line decisions are therefore
 * taken in the same order as in a per-housing simulation; only the publication time of per-housing data is batched.
 */
import { lognormal, lognormalParameters, normal, weibull } from '../random/distributions.ts';
import type { Rng } from '../random/stream.ts';
import { pow } from '../math/index.ts';
import type { MachiningPlant } from './plant.ts';
import { PowerMeter } from './power.ts';
import type { Cell, Lot, OperatorTask } from './types.ts';

export class CncCells {
  readonly cells: Cell[];
  /** Lots waiting for a CNC cell. */
  readonly queue: Lot[] = [];
  /**
   * The cells each product may run on: those holding its family's fixture (`products[].cells`), and every cell no
   * product lists (added with `cnc.cells`), which takes a fixture of any family with a family set-up at each change.
   */
  readonly cellsOf: readonly (readonly number[])[];

  constructor(private readonly plant: MachiningPlant) {
    const cnc = plant.model.cnc;
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
        segmentMachinedStart: 0,
        idleSince: 0,
        idleHours: 0,
        standbyTimer: null,
        pmRequested: false,
        meter: new PowerMeter(plant.tariff),
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
    const listed = new Set(plant.model.products.flatMap((p) => p.cells));
    const spare = this.cells.map((c) => c.index).filter((i) => !listed.has(i));
    this.cellsOf = plant.model.products.map((p) => [...p.cells, ...spare]);
  }

  // ---------------------------------------------------------------- lots to cells

  enqueue(lot: Lot): void {
    lot.queuedAt = this.plant.sim.now;
    this.queue.push(lot);
    for (const cell of this.cells) {
      if ((cell.state === 'idle' || cell.state === 'standby') && this.eligible(cell, lot)) {
        this.cellFree(cell);
        if (!this.queue.includes(lot)) break;
      }
    }
  }

  eligible(cell: Cell, lot: Lot): boolean {
    return this.cellsOf[lot.product]!.includes(cell.index);
  }

  setupHoursFor(cell: Cell, lot: Lot): number {
    const model = this.plant.model;
    const p = model.products[lot.product]!;
    if (cell.family !== p.family) return model.cnc.familySetupHours;
    if (cell.product !== lot.product) return model.cnc.productSetupHours;
    return 0;
  }

  /** Idle cell looks for work (or maintenance). */
  cellFree(cell: Cell): void {
    if (cell.state !== 'idle' && cell.state !== 'standby') return;
    const plant = this.plant;
    const sim = plant.sim;
    const waiting = this.queue.filter((l) => this.eligible(cell, l));
    if (plant.maintenanceOrders.has(cell.index) || plant.controllers.maintenance.wantsPm(plant, cell, waiting.length === 0)) {
      this.startPm(cell);
      return;
    }
    if (waiting.length === 0) return;
    const pick = plant.controllers.dispatching.choose(plant, cell, waiting);
    if (pick < 0) return;
    const lot = waiting[pick]!;
    this.queue.splice(this.queue.indexOf(lot), 1);
    cell.lot = lot;
    if (plant.notable.observed) {
      plant.notable.publish({ time: sim.now, unit: cell.index, kind: 'lot-dispatched', detail: plant.model.products[lot.product]!.id });
    }
    if (cell.standbyTimer) {
      sim.cancel(cell.standbyTimer);
      cell.standbyTimer = null;
    }
    const idleHours = sim.now - cell.idleSince;
    cell.idleHours += idleHours;
    if (cell.state === 'standby') {
      plant.controllers.energy.onWake(plant, cell, idleHours);
      cell.state = 'warmup';
      cell.meter.set(sim.now, plant.model.cnc.power.busyKw * 0.5);
      sim.schedule(plant.model.cnc.power.warmupHours, plant.warmupEnd, cell);
      return;
    }
    plant.controllers.energy.onWake(plant, cell, idleHours);
    this.afterWarmup(cell);
  }

  afterWarmup(cell: Cell): void {
    const plant = this.plant;
    const lot = cell.lot!;
    // Every lot change needs an operator: unload, load the pallet, and a fixture/program change between families.
    const hours = this.setupHoursFor(cell, lot) + plant.model.cnc.loadHoursPerLot;
    cell.state = 'waiting-operator';
    cell.meter.set(plant.sim.now, plant.model.cnc.power.idleKw);
    const task: OperatorTask = { kind: 'setup', cell, hours, priority: 1, requested: plant.sim.now };
    plant.operators.call(task, plant.controllers.dispatching.noticeDelay(plant, cell));
  }

  // ---------------------------------------------------------------- cutting

  startSegment(cell: Cell): void {
    const plant = this.plant;
    const lot = cell.lot!;
    const model = plant.model;
    const product = model.products[lot.product]!;
    const q = model.cnc.drift;
    const quality = plant.controllers.quality;
    const wearRng = plant.streams.stream(`wear:cnc-${cell.index}`);
    const procRng = plant.streams.stream(`process:cnc-${cell.index}`);
    cell.state = 'busy';
    cell.family = product.family;
    cell.product = lot.product;
    cell.meter.set(plant.sim.now, model.cnc.power.busyKw);
    cell.segmentStart = plant.sim.now;
    cell.segmentAgeStart = cell.age;
    cell.segmentMachinedStart = lot.machined;
    let elapsed = 0;
    let failed = false;
    let ideal = 0;
    let goodIdeal = 0;
    while (lot.machined < lot.units) {
      if (quality.changeToolBefore(plant, cell)) {
        elapsed += model.cnc.toolChangeHours;
        plant.toolChanges++;
        plant.toolCost += model.cnc.toolCost;
        this.newTool(cell);
        quality.onToolChange(cell);
      }
      // Degraded machines cut slower: feed override as vibration rises (same physics at every level).
      const health = Math.max(0, 1 - cell.age / cell.life);
      const cycle = product.cncHoursPerUnit * (1 + 0.15 * (1 - health) * (1 - health));
      if (cell.age + elapsed + cycle > cell.life) {
        elapsed += Math.max(0, cell.life - cell.age - elapsed);
        // The housing in the machine when it fails is scrapped.
        plant.unitsMachined++;
        cell.unitsMade++;
        plant.removeUnits(lot, 1, cell.index);
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
      plant.unitsMachined++;
      cell.unitsMade++;
      const bad = Math.abs(deviation) > 1;
      if (bad) plant.driftDefects++;
      else goodIdeal += product.cncHoursPerUnit;
      if (quality.inline) {
        // Probing every housing in the machine costs cycle time (the probe's touch cycles), good or bad.
        elapsed += model.quality.probeHoursPerUnit;
        const measured = deviation + 0.05 * normalDraw(procRng);
        const spindleLoad = cell.wear * (1 + 0.05 * normalDraw(wearRng));
        if (bad) {
          if (Math.abs(deviation) <= q.reworkBand) {
            // Re-cut on the spot: half a cycle more.
            elapsed += 0.5 * product.cncHoursPerUnit;
            plant.reworked++;
            plant.reworkCost += model.rework.costPerUnit;
          } else {
            lot.machined--;
            plant.removeUnits(lot, 1, cell.index);
          }
        }
        quality.observe(plant, cell, measured, spindleLoad);
        cell.offset = quality.offsetFor(plant, cell);
      } else if (bad) {
        if (Math.abs(deviation) <= q.reworkBand) lot.hiddenRework++;
        else lot.hiddenScrap++;
      }
    }
    cell.segmentRunHours = elapsed;
    cell.segmentIdealHours = ideal;
    cell.segmentGoodIdealHours = goodIdeal;
    cell.segmentEnd = plant.sim.schedule(elapsed, plant.segmentEnd, cell);
    cell.segmentFails = failed;
  }

  onSegmentEnd(cell: Cell): void {
    const plant = this.plant;
    cell.age = cell.segmentAgeStart + (plant.sim.now - cell.segmentStart);
    cell.segmentEnd = null;
    cell.runHours += cell.segmentRunHours;
    cell.idealHours += cell.segmentIdealHours;
    cell.goodIdealHours += cell.segmentGoodIdealHours;
    cell.segmentRunHours = cell.segmentIdealHours = cell.segmentGoodIdealHours = 0;
    if (cell.segmentFails) {
      cell.failures++;
      cell.state = 'down';
      if (plant.notable.observed) plant.notable.publish({ time: plant.sim.now, unit: cell.index, kind: 'failure' });
      cell.meter.set(plant.sim.now, plant.model.cnc.power.standbyKw);
      plant.controllers.maintenance.onFailure(plant, cell);
      const rh = plant.model.cnc.health.repairHours;
      const { mu, sigma } = lognormalParameters(rh.mean, rh.sd);
      const hours = lognormal(plant.streams.stream(`repair:cnc-${cell.index}`), mu, sigma);
      plant.partsCost += plant.model.cnc.health.repairPartsCost;
      plant.operators.call({ kind: 'repair', cell, hours, priority: 0, requested: plant.sim.now }, plant.controllers.maintenance.noticeDelay(plant, cell));
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
    this.plant.lotMachined(lot);
    this.cellFree(cell);
  }

  private toIdle(cell: Cell): void {
    const plant = this.plant;
    cell.state = 'idle';
    cell.idleSince = plant.sim.now;
    cell.meter.set(plant.sim.now, plant.model.cnc.power.idleKw);
    plant.controllers.energy.onIdle(plant, cell);
    if (plant.cellIdle.observed) plant.cellIdle.publish(cell);
  }

  private newTool(cell: Cell): void {
    cell.wear = 0;
    cell.nominalWear = 0;
    cell.offset = 0;
    const rng = this.plant.streams.stream(`wear:cnc-${cell.index}:tools`);
    cell.toolFactor = lognormal(rng, -0.5 * this.plant.model.cnc.toolLifeSpread ** 2, this.plant.model.cnc.toolLifeSpread);
  }

  // ---------------------------------------------------------------- health, repair and maintenance

  private renew(cell: Cell): void {
    cell.age = 0;
    const h = this.plant.model.cnc.health;
    cell.life = weibull(this.plant.streams.stream(`failures:cnc-${cell.index}`), h.weibullShape, this.scaleOf(cell));
  }

  /**
   * The cell's Weibull scale: its own override where the model gives one, else the shared one. The draw stays on the
   * cell's named stream, so a model without overrides is bit-identical to one before overrides existed.
   */
  scaleOf(cell: Cell): number {
    const h = this.plant.model.cnc.health;
    return h.cellWeibullScaleHours?.[`cnc-${cell.index + 1}`] ?? h.weibullScaleHours;
  }

  private startPm(cell: Cell): void {
    const plant = this.plant;
    if (cell.standbyTimer) {
      plant.sim.cancel(cell.standbyTimer);
      cell.standbyTimer = null;
    }
    if (cell.state === 'idle' || cell.state === 'standby') cell.idleHours += plant.sim.now - cell.idleSince;
    cell.state = 'waiting-operator';
    cell.pmRequested = false;
    plant.maintenanceOrders.delete(cell.index);
    if (plant.notable.observed) plant.notable.publish({ time: plant.sim.now, unit: cell.index, kind: 'pm-ordered' });
    cell.meter.set(plant.sim.now, plant.model.cnc.power.standbyKw);
    plant.operators.request({ kind: 'pm', cell, hours: plant.model.cnc.health.pmHours, priority: 2, requested: plant.sim.now });
  }

  /** An operator finished a task on a cell: the set-up is done (cut), the machine repaired, or maintained. */
  taskDone(task: OperatorTask): void {
    const plant = this.plant;
    const cell = task.cell;
    const now = plant.sim.now;
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
      plant.pmCount++;
      plant.partsCost += plant.model.cnc.health.pmPartsCost;
      const h = plant.model.cnc.health;
      const remaining = Math.max(0, 1 - cell.age / cell.life) + h.inspectionSd * normalDraw(plant.streams.stream(`teardown:cnc-${cell.index}`));
      plant.controllers.maintenance.onPm(plant, cell, remaining);
      this.renew(cell);
      this.toIdle(cell);
      this.cellFree(cell);
    }
  }

  // ---------------------------------------------------------------- a twin's hand-over (runtime/synchronise.ts)

  /**
   * Sets a cell's operating age since its renewal to `age` and redraws its remaining life conditional on surviving to
   * that age, from the same uniform its own life was drawn with: with V = (life/η)^k - (age_own/η)^k (a unit
   * exponential given that it survived to its own age), the new life is η ((age/η)^k + V)^(1/k). No extra draw, so a
   * fork stays deterministic per seed. A busy cell's running segment keeps its cut (decided at its start); its age
   * from the segment's end on is the plant's.
   */
  setAge(cell: Cell, age: number): void {
    const k = this.plant.model.cnc.health.weibullShape;
    const eta = this.scaleOf(cell);
    const own = this.ageOf(cell);
    const v = Math.max(0, pow(cell.life / eta, k) - pow(own / eta, k));
    cell.life = eta * pow(pow(age / eta, k) + v, 1 / k);
    if (cell.state === 'busy') cell.segmentAgeStart = age - (this.plant.sim.now - cell.segmentStart);
    else cell.age = age;
  }

  /** Sets the tool-life counter (nominal wear) of a cell that is not cutting; true wear follows with its tool factor. */
  setWear(cell: Cell, nominalWear: number): boolean {
    if (cell.state === 'busy') return false;
    cell.nominalWear = nominalWear;
    // Exact: each housing adds wearPerUnit to the counter and wearPerUnit * toolFactor to the true wear.
    cell.wear = nominalWear * cell.toolFactor;
    return true;
  }

  /**
   * The cell fails now, having been down `downFor` already (the plant's failure): an idle cell goes down; a cutting
   * one has its segment cut short at the share of its cutting time done by now (the housings the segment had already
   * walked past that point are handed back to the lot; what the walk booked for them in quality tallies stays booked).
   * The repair's hands-on time is a fresh draw from the cell's repair stream; the time already down is taken off the
   * level's notice delay. Returns false where the cell is not idle, standby or cutting (set-up, warm-up, waiting for
   * an operator, in maintenance, already down).
   */
  failNow(cell: Cell, downFor: number): boolean {
    const plant = this.plant;
    const sim = plant.sim;
    if (cell.state === 'busy' && cell.segmentEnd) {
      sim.cancel(cell.segmentEnd);
      cell.segmentEnd = null;
      const lot = cell.lot!;
      const share = cell.segmentRunHours > 0 ? Math.min(1, (sim.now - cell.segmentStart) / cell.segmentRunHours) : 1;
      const walked = lot.machined - cell.segmentMachinedStart;
      lot.machined = cell.segmentMachinedStart + Math.floor(share * walked);
      cell.segmentRunHours *= share;
      cell.segmentIdealHours *= share;
      cell.segmentGoodIdealHours *= share;
      cell.segmentFails = true;
      this.onSegmentEnd(cell);
      return true;
    }
    if (cell.state !== 'idle' && cell.state !== 'standby') return false;
    if (cell.standbyTimer) {
      sim.cancel(cell.standbyTimer);
      cell.standbyTimer = null;
    }
    cell.idleHours += sim.now - cell.idleSince;
    cell.failures++;
    cell.state = 'down';
    cell.meter.set(sim.now, plant.model.cnc.power.standbyKw);
    plant.controllers.maintenance.onFailure(plant, cell);
    const rh = plant.model.cnc.health.repairHours;
    const { mu, sigma } = lognormalParameters(rh.mean, rh.sd);
    const hours = lognormal(plant.streams.stream(`repair:cnc-${cell.index}`), mu, sigma);
    plant.partsCost += plant.model.cnc.health.repairPartsCost;
    plant.operators.call(
      { kind: 'repair', cell, hours, priority: 0, requested: sim.now },
      Math.max(0, plant.controllers.maintenance.noticeDelay(plant, cell) - downFor),
    );
    return true;
  }

  /** Current operating age of a cell (its hour meter since the last renewal). */
  ageOf(cell: Cell): number {
    return cell.state === 'busy' ? cell.segmentAgeStart + (this.plant.sim.now - cell.segmentStart) : cell.age;
  }

  /** Hourly vibration reading of every cell: worse as the machine nears the end of its life, plus sensor noise. */
  sampleVibration(): void {
    const plant = this.plant;
    const h = plant.model.cnc.health;
    for (const cell of this.cells) {
      const health = Math.max(0, 1 - this.ageOf(cell) / cell.life);
      const rng = plant.streams.stream(`vibration:cnc-${cell.index}`);
      const value = h.vibrationNew + (h.vibrationFailed - h.vibrationNew) * (1 - health) ** 2 + h.vibrationNoise * normalDraw(rng);
      plant.vibration.publish({ cell, value });
    }
    plant.sim.schedule(1, plant.vibrationSample, null);
  }

  // ---------------------------------------------------------------- standby

  /** Puts an idle cell to standby (the network's command), unless it got work meanwhile. */
  requestStandby(cell: Cell, after: number): void {
    const sim = this.plant.sim;
    if (cell.standbyTimer) sim.cancel(cell.standbyTimer);
    cell.standbyTimer = sim.schedule(after, this.plant.standby, cell);
  }

  onStandby(cell: Cell): void {
    cell.standbyTimer = null;
    if (cell.state !== 'idle') return;
    cell.state = 'standby';
    cell.meter.set(this.plant.sim.now, this.plant.model.cnc.power.standbyKw);
  }

  // ---------------------------------------------------------------- OEE bookkeeping

  /** Share of the running segment done by now (0 when none runs): segments are booked whole when they end. */
  private segmentShare(cell: Cell): number {
    if (cell.segmentRunHours <= 0) return 0;
    return Math.min(1, (this.plant.sim.now - cell.segmentStart) / cell.segmentRunHours);
  }

  /** Hours the cell held a lot or was down or in maintenance, up to now: the machine-hours production used; a pure read. */
  occupiedHoursNow(cell: Cell): number {
    const idleNow = cell.state === 'idle' || cell.state === 'standby' ? this.plant.sim.now - cell.idleSince : 0;
    return this.plant.sim.now - cell.idleHours - idleNow;
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
}

export function normalDraw(rng: Rng): number {
  return normal(rng, 0, 1);
}
