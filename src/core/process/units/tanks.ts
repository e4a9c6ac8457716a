/**
 * The product and off-spec tanks and the plant's accounts: what went where over the measured period, each grade change
 * from its release to steady on-spec production, and the KPIs computed from them. On-spec means the true composition
 * met the released spec while the separator routed the product to the product tank; everything else is off-spec, and
 * off-spec routed to the product tank is also charged a claim. Nothing here differs by level.
 */
import { MOLAR_MASS, S } from '../plant.ts';
import { CONTROL_PERIOD } from '../setup.ts';
import { restrictedMean } from '../survival.ts';
import type { ProcessContext } from './context.ts';
import { inSpec } from './separator.ts';

export interface ProcessKpis {
  [key: string]: number;
}

/**
 * A grade change: `end` is when steady on-spec production began (NaN while under way); `flowing` counts the hours the
 * feed flowed since the release, and `flowingAtEnd` its value at `end`: the changeover time, which leaves out a cleaning
 * or a pump trip that happens to fall inside the transition (those count in availability).
 */
interface GradeChange {
  release: number;
  end: number;
  offSpec: number;
  onSpecSince: number;
  flowing: number;
  flowingAtOnSpec: number;
  flowingAtEnd: number;
}

export class Tanks {
  private readonly last = new Float64Array(S.size);
  private readonly warmup: number;
  measuring = false;
  readonly acc = {
    hours: 0,
    flowingHours: 0,
    onSpecB: 0,
    offSpecB: 0,
    escapedB: 0,
    aFed: 0,
    aOut: 0,
    fuel: 0,
    steam: 0,
    cooling: 0,
    iaeT: 0,
    sqT: 0,
    violationHours: 0,
    qualityError: 0,
    qualityHours: 0,
    cleaningsCost: 0,
    cleanings: 0,
    alarms: 0,
    trips: 0,
  };
  private readonly gradeChanges: GradeChange[] = [];

  constructor(private readonly ctx: ProcessContext) {
    this.warmup = ctx.model.warmupHours;
  }

  recordRelease(time: number): void {
    this.gradeChanges.push({ release: time, end: NaN, offSpec: 0, onSpecSince: NaN, flowing: 0, flowingAtOnSpec: NaN, flowingAtEnd: NaN });
  }

  /** When each grade was released, h (warm-up included). */
  gradeReleases(): number[] {
    return this.gradeChanges.map((c) => c.release);
  }

  startMeasuring(): void {
    this.measuring = true;
    for (const change of this.gradeChanges) change.end = change.release; // changes during warm-up are not counted
  }

  /**
   * Books the control period just finished (the integrals were advanced by the RK4 steps before this event): `toProduct`
   * is where the separator sent it, `grade` the released grade, `setpointT` the reactor temperature setpoint.
   */
  book(t: number, flowing: boolean, toProduct: boolean, grade: number, setpointT: number): void {
    const { plant, p } = this.ctx;
    const y = plant.state;
    const last = this.last;
    const dt = CONTROL_PERIOD;
    const dB = y[S.bOut]! - last[S.bOut]!;
    const trueCB = y[S.cB]!;
    const onSpec = inSpec(this.ctx, trueCB, grade);
    if (this.measuring) {
      const a = this.acc;
      a.hours += dt;
      if (flowing) a.flowingHours += dt;
      if (toProduct && onSpec) a.onSpecB += dB;
      else {
        a.offSpecB += dB;
        if (toProduct) a.escapedB += dB;
      }
      a.aFed += y[S.aFed]! - last[S.aFed]!;
      const dAOut = y[S.aOut]! - last[S.aOut]!;
      a.aOut += dAOut;
      a.fuel += y[S.fuel]! - last[S.fuel]!;
      a.steam += dAOut * p.spec.separatorEnergyPerMolA;
      a.cooling += y[S.jacketRemoved]! - last[S.jacketRemoved]!;
      if (flowing) {
        const error = y[S.T]! - setpointT;
        a.iaeT += Math.abs(error) * dt;
        a.sqT += error * error * dt;
      }
      if (y[S.T]! > p.alarmT || plant.separatorLoad() > p.spec.separatorMaxLoad) a.violationHours += dt;
      const change = this.gradeChanges.at(-1);
      if (change && Number.isNaN(change.end)) {
        if (flowing && toProduct && onSpec) {
          if (Number.isNaN(change.onSpecSince)) {
            change.onSpecSince = t - dt;
            change.flowingAtOnSpec = change.flowing;
          }
          if (t - change.onSpecSince >= 1 - 1e-9) {
            change.end = change.onSpecSince;
            change.flowingAtEnd = change.flowingAtOnSpec;
          }
        } else {
          change.onSpecSince = NaN;
          if (!(toProduct && onSpec)) change.offSpec += dB;
        }
        if (flowing) change.flowing += dt;
      }
    }
    last.set(y);
  }

  /** The error of the quality value the decisions see, against the true composition. */
  bookQualityError(quality: number, flowing: boolean): void {
    if (this.measuring && flowing && Number.isFinite(quality)) {
      this.acc.qualityError += Math.abs(quality - this.ctx.plant.state[S.cB]!) * CONTROL_PERIOD;
      this.acc.qualityHours += CONTROL_PERIOD;
    }
  }

  /** KPIs that have no value yet, and why (NaN in `kpis()`): per-grade-change measures before any measured change. */
  kpisWithoutData(): string[] {
    const changes = this.gradeChanges.filter((c) => c.release >= this.warmup);
    const none: string[] = [];
    if (!changes.some((c) => c.flowing > 0 || !Number.isNaN(c.end))) none.push('changeoverTime');
    if (!changes.some((c) => !Number.isNaN(c.end))) none.push('gradeChangeOffSpec');
    return none;
  }

  /**
   * `informationCost`: what the level's information cost over the measured period (lab analyses), $;
   * `levelCostPerHour`: what the levels installed and run, $ per hour (`level-costs.ts`).
   */
  kpis(owed: number, informationCost: number, levelCostPerHour: number): ProcessKpis {
    const a = this.acc;
    const e = this.ctx.p.economics;
    const pr = this.ctx.p.prices;
    // `owed`: the cleaning the run leaves owed, as downtime and cost still to come (`Jacket.cleaningOwed`).
    const hours = Math.max(a.hours + owed * e.cleaningHours, 1e-9);
    const onSpecT = (a.onSpecB * MOLAR_MASS.B) / 1000;
    const offSpecKg = a.offSpecB * MOLAR_MASS.B;
    const energyGJ = (a.fuel + a.steam) / 1e6;
    const cost =
      a.aFed * pr.feedPerMol -
      a.aOut * pr.creditPerMol +
      a.fuel * pr.fuelPerKj +
      a.steam * pr.steamPerKj +
      a.cooling * pr.coolingPerKj +
      e.fixedPerHour * hours +
      a.cleaningsCost +
      owed * e.cleaningCost +
      informationCost +
      levelCostPerHour * hours +
      (offSpecKg - a.escapedB * MOLAR_MASS.B) * e.offSpecHandlingPerKg +
      a.escapedB * MOLAR_MASS.B * e.escapedClaimPerKg;
    const revenue =
      (a.onSpecB + a.escapedB) * MOLAR_MASS.B * e.productPerKg + (offSpecKg - a.escapedB * MOLAR_MASS.B) * e.productPerKg * e.offSpecValueFraction;
    const changes = this.gradeChanges.filter((c) => c.release >= this.warmup);
    // Changes still under way at the end are censored at the hours they have run, not counted as finished.
    const changeover = restrictedMean(
      changes.map((c) => (Number.isNaN(c.end) ? { time: c.flowing, finished: false } : { time: c.flowingAtEnd, finished: true })),
    );
    const finished = changes.filter((c) => !Number.isNaN(c.end));
    const mean = (xs: number[]) => (xs.length ? xs.reduce((s, x) => s + x, 0) / xs.length : NaN);
    return {
      efficiency: onSpecT / hours,
      yield: (100 * a.onSpecB) / Math.max(a.aFed - a.aOut, 1e-9),
      energyPerTonne: energyGJ / Math.max(onSpecT, 1e-9),
      energyUtilization: onSpecT / Math.max(energyGJ, 1e-9),
      operatingCost: cost / Math.max(onSpecT, 1e-9),
      profit: (revenue - cost) / hours,
      defectRate: (100 * a.offSpecB) / Math.max(a.onSpecB + a.offSpecB, 1e-9),
      changeoverTime: changeover,
      gradeChangeOffSpec: mean(finished.map((c) => (c.offSpec * MOLAR_MASS.B) / 1000)),
      qualityError: a.qualityError / Math.max(a.qualityHours, 1e-9),
      iaeReactorT: a.iaeT / (hours / 24),
      sdReactorT: Math.sqrt(a.sqT / Math.max(a.flowingHours, 1e-9)),
      alarms: a.alarms / (hours / 24),
      violations: (100 * a.violationHours) / hours,
      availability: (100 * a.flowingHours) / hours,
      cleanings: ((a.cleanings + owed) * 720) / hours,
    };
  }
}
