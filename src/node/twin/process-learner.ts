/**
 * The petrochemical twin's learner: from each minute's published readings (feed flow, reactor temperature, outlet A and
 * B, jacket temperature and duty; docs/plant-protocols.md `Measured/...`) it keeps hourly blocks of the catalyst
 * activity (`catalystActivity`) and of the jacket fouling resistance (`foulingResistance`), and estimates the model
 * file's `reactor.catalyst.deactivationPerDay` (trend of log activity) and `disturbances.fouling.meanRate` (per-cycle
 * trends of the resistance, cycles split at each cleaning) with 95 % intervals.
 *
 * Readings are used only while they are quasi-steady: feed flowing above half the design flow and, since the previous
 * reading, flow within 2 % and reactor temperature within 0.5 K (a pump restart or a setpoint step leaves the 4-minute
 * reactor out of balance for a few minutes). Non-finite values, stale state and the minutes after a rebirth are skipped.
 */
import { readParameter } from '../../core/experiment/parameters.ts';
import type { PetrochemicalModel } from '../../core/model/petrochemical-model.ts';
import { processParameters } from '../../core/process/setup.ts';
import { excludes } from '../../core/twin/estimators.ts';
import { catalystActivity, deactivationRate, foulingResistance, linearFit, meanFoulingRate, type CycleRate } from '../../core/twin/process-estimators.ts';
import type { Estimate } from './learner.ts';
import type { Twin, TwinObserver } from './twin.ts';

export const DEACTIVATION_PATH = 'reactor.catalyst.deactivationPerDay';
export const FOULING_PATH = 'disturbances.fouling.meanRate';

/**
 * Deactivation the twin does not flag, 1/day: the quasi-steady B balance leaves the hourly activity scattered by about
 * 0.05 % with drifts that follow the operating point, which can make a trend of 1e-4/day statistically significant
 * without any deactivation. A discrepancy needs the interval outside the model's value +- this (3 % of activity over a
 * 30-day run).
 */
export const DEACTIVATION_RESOLUTION = 0.001;

/** Readings per hourly block below which the block is dropped (a trip or a cleaning took most of the hour). */
const MIN_READINGS = 20;
/** Hourly points a cycle's fouling trend needs. */
const MIN_CYCLE_POINTS = 12;

interface Block {
  hour: number;
  n: number;
  logActivity: number;
  dT: number;
  removed: number;
}

export interface ActivityPoint {
  /** Middle of the hour, h. */
  hour: number;
  activity: number;
}

export class ProcessLearner implements TwinObserver {
  private readonly areaM2: number;
  private readonly cleanKw: number;
  private readonly vR: number;
  private readonly minFlow: number;
  private readonly deactivationModel: number;
  private readonly foulingModel: number;
  private readonly foulingCv: number;
  private lastTime = NaN;
  private prevFlow = NaN;
  private prevT = NaN;
  private block: Block | undefined;
  /** Hourly activity points (all of them: the deactivation fit uses the whole record). */
  readonly activity: ActivityPoint[] = [];
  /** Hourly fouling resistance of the cycle in progress, and the closed cycles' trends. */
  private cycle: { hour: number; resistance: number }[] = [];
  private readonly cycles: CycleRate[] = [];
  /** A cleaning or a loss of the stream since the last block: the cycle in progress ends. */
  private cycleBroken = false;

  constructor(modelJson: unknown) {
    const p = processParameters(modelJson as PetrochemicalModel);
    this.areaM2 = p.spec.size.aR;
    this.cleanKw = p.spec.cleanKw;
    this.vR = p.spec.size.vR;
    this.minFlow = 0.5 * p.spec.designFlow;
    this.deactivationModel = readParameter(modelJson, DEACTIVATION_PATH) ?? 0;
    this.foulingModel = readParameter(modelJson, FOULING_PATH) ?? NaN;
    this.foulingCv = readParameter(modelJson, 'disturbances.fouling.rateCv') ?? 0;
  }

  afterMessage(twin: Twin): void {
    const sync = twin.sync;
    const reactor = sync.units.get('reactor');
    const pump = sync.units.get('feed-pump');
    if (!reactor || !pump) return;
    if (sync.stale) {
      this.cycleBroken = true;
      this.prevFlow = NaN;
      return;
    }
    if (!(reactor.time > this.lastTime) && !Number.isNaN(this.lastTime)) return;
    this.lastTime = reactor.time;
    const hour = Math.floor(reactor.time / (sync.unitsPerDay / 24));
    if (this.block && this.block.hour !== hour) this.closeBlock();
    if (reactor.state === 'maintenance') this.cycleBroken = true;
    const m = reactor.metrics;
    const flow = Number(pump.metrics['Measured/flow']) * 1000; // m3/h to L/h
    const T = Number(m['Signal/temperature']);
    const cA = Number(m['Measured/outlet A']);
    const cB = Number(m['Measured/outlet B']);
    const TK = Number(m['Measured/jacket temperature']);
    const removed = Number(m['Measured/jacket duty']) * 3600; // kW to kJ/h
    const steady = flow > this.minFlow && Math.abs(flow - this.prevFlow) <= 0.02 * flow && Math.abs(T - this.prevT) <= 0.5;
    this.prevFlow = flow;
    this.prevT = T;
    if (!steady || reactor.state === 'maintenance' || ![T, cA, cB, TK, removed].every(Number.isFinite)) return;
    const a = catalystActivity(flow / this.vR, T, cA, cB);
    if (!(a > 0)) return;
    this.block ??= { hour, n: 0, logActivity: 0, dT: 0, removed: 0 };
    this.block.n++;
    this.block.logActivity += Math.log(a);
    this.block.dT += T - TK;
    this.block.removed += removed;
  }

  private closeBlock(): void {
    const b = this.block!;
    this.block = undefined;
    if (this.cycleBroken) {
      this.closeCycle();
      this.cycleBroken = false;
    }
    if (b.n < MIN_READINGS) return;
    this.activity.push({ hour: b.hour + 0.5, activity: Math.exp(b.logActivity / b.n) });
    const resistance = foulingResistance(this.areaM2, this.cleanKw, b.dT, b.removed);
    if (Number.isFinite(resistance)) this.cycle.push({ hour: b.hour + 0.5, resistance });
  }

  private cycleRate(points: readonly { hour: number; resistance: number }[]): CycleRate | undefined {
    if (points.length < MIN_CYCLE_POINTS) return undefined;
    const fit = linearFit(
      points.map((p) => p.hour),
      points.map((p) => p.resistance),
    );
    return fit && fit.slope > 0 ? { rate: fit.slope, se: fit.slopeSe, n: fit.n } : undefined;
  }

  private closeCycle(): void {
    const rate = this.cycleRate(this.cycle);
    if (rate) this.cycles.push(rate);
    this.cycle = [];
  }

  /** Activity now (the last hourly block's), NaN before the first. */
  get activityNow(): number {
    return this.activity.at(-1)?.activity ?? NaN;
  }

  /**
   * Jacket fouling resistance now: the last hourly block's, while its cleaning cycle is unbroken (NaN after a cleaning
   * or a loss of the stream until the new cycle's first block).
   */
  get foulingNow(): number {
    return this.cycleBroken ? NaN : (this.cycle.at(-1)?.resistance ?? NaN);
  }

  /** The last hourly activity point, undefined before the first. */
  get lastActivity(): ActivityPoint | undefined {
    return this.activity.at(-1);
  }

  estimates(): Estimate[] {
    const out: Estimate[] = [];
    const deactivation = deactivationRate(
      this.activity.map((p) => p.hour),
      this.activity.map((p) => p.activity),
    );
    if (deactivation && deactivation.n >= 6) {
      out.push({
        unit: 'reactor',
        parameter: DEACTIVATION_PATH,
        observed: deactivation.estimate,
        ci95: deactivation.ci95,
        model: this.deactivationModel,
        n: deactivation.n,
        differs:
          deactivation.ci95[0] > this.deactivationModel + DEACTIVATION_RESOLUTION || deactivation.ci95[1] < this.deactivationModel - DEACTIVATION_RESOLUTION,
      });
    }
    const current = this.cycleRate(this.cycle);
    const fouling = meanFoulingRate(current ? [...this.cycles, current] : this.cycles, this.foulingCv);
    if (fouling && Number.isFinite(this.foulingModel)) {
      out.push({
        unit: 'reactor',
        parameter: FOULING_PATH,
        observed: fouling.estimate,
        ci95: fouling.ci95,
        model: this.foulingModel,
        n: fouling.n,
        differs: excludes(fouling.ci95, this.foulingModel),
      });
    }
    return out;
  }
}
