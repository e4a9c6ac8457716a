/**
 * The reactor's cooling jacket: fouling and cleaning. Physics: the fouling resistance grows linearly at a rate drawn per
 * cleaning cycle (lognormal); `plant.ts` turns it into the jacket's heat-transfer coefficient. A cleaning stops the feed
 * for `cleaningHours`, resets the fouling and overhauls the cooling valve. What each level decides (maintenance):
 * L1 cleans on a calendar; L2 monitors kw from the measured temperatures and duty and cleans below a threshold; L3 fits
 * the fouling trend and cleans at the age that minimises the long-run cost rate.
 */
import type { Channel } from '../../kernel/channel.ts';
import { lognormal, lognormalParameters } from '../../random/distributions.ts';
import type { Rng } from '../../random/stream.ts';
import { Rls } from '../control.ts';
import { UNIT, type ProcessContext } from './context.ts';

/** A lognormal draw with mean 1 and coefficient of variation `cv`. */
function lognormalOnUnitMean(rng: Rng, cv: number): number {
  const { mu, sigma } = lognormalParameters(1, cv);
  return lognormal(rng, mu, sigma);
}

/** What the L3 cleaning decision needs from the setpoint layer. */
export interface CleaningEconomics {
  /** Contribution margin now, $/h: what an hour of downtime loses. */
  marginRate(): number;
  /** The reactor temperature setpoint now, deg C. */
  temperatureSetpoint(): number;
}

/** Cleanings booked over the measured period. */
export interface CleaningBook {
  cleanings: number;
  cleaningsCost: number;
}

export class Jacket {
  private readonly rng: Rng;
  private cycleStart = 0;
  private foulingRate = 0;
  /** The feed is stopped for a cleaning until this time, h. */
  cleaningUntil = -Infinity;
  private foulingFit = new Rls(2, 1, 1e4);
  cleanings = 0;
  /** Monitored heat-transfer coefficient (L2/L3 condition monitoring; reset to clean at each cleaning). */
  kwEstimate: number;
  private lastFitUpdate = 0;
  private dutyDemand = 0;
  private cleaningDone?: Channel<null>;
  private foulingAtStart = 0;

  constructor(
    private readonly ctx: ProcessContext,
    private readonly designJacketDuty: number,
    private readonly economics: CleaningEconomics,
    private readonly book: CleaningBook,
    private readonly overhaulValve: () => void,
  ) {
    this.rng = ctx.streams.stream('fouling:jacket');
    this.kwEstimate = ctx.p.spec.cleanKw;
  }

  cleaning(t: number): boolean {
    return t < this.cleaningUntil;
  }

  /** Fouling grows while the jacket is in service. */
  grow(t: number, dt: number): void {
    if (!this.cleaning(t)) this.ctx.plant.env.fouling += this.foulingRate * dt;
  }

  startFoulingCycle(): void {
    const f = this.ctx.model.disturbances.fouling;
    const { mu, sigma } = lognormalParameters(f.meanRate, f.meanRate * f.rateCv);
    this.foulingRate = f.rateCv > 0 ? lognormal(this.rng, mu, sigma) : f.meanRate;
    // A rate so small that its square underflows leaves mu NaN: draw the same lognormal on a unit mean and scale it.
    if (!Number.isFinite(this.foulingRate)) this.foulingRate = f.meanRate * lognormalOnUnitMean(this.rng, f.rateCv);
    this.cycleStart = this.ctx.sim.now;
    this.kwEstimate = this.ctx.p.spec.cleanKw;
    this.foulingFit = new Rls(2, 1, 1e4);
  }

  /** Condition monitoring: kw from the jacket's measured temperatures and duty (meaningful only while cooling). */
  monitor(Tm: number, TKm: number, flowing: boolean): void {
    const { plant, p, sim } = this.ctx;
    const duty = plant.applied.jacketDuty;
    this.dutyDemand += 0.01 * (-duty - this.dutyDemand);
    const dT = Tm - TKm;
    if (!flowing || duty > -0.05 * plant.coolingRange || dT < 0.2) return;
    const kw = -duty / (p.spec.size.aR * dT);
    if (kw > 0 && kw < 3 * p.spec.cleanKw) this.kwEstimate += 0.02 * (kw - this.kwEstimate);
    const t = sim.now;
    if (t - this.lastFitUpdate >= 1) {
      this.lastFitUpdate = t;
      const phi = [1, t - this.cycleStart];
      this.foulingFit.update(phi, 1 / this.kwEstimate - 1 / p.spec.cleanKw);
    }
  }

  /** The maintenance capability's decision, taken hourly. */
  decide(t: number): void {
    if (t < this.cleaningUntil) return;
    const age = t - this.cycleStart;
    const level = this.ctx.levels.maintenance;
    const decisions = this.ctx.model.decisions;
    let clean = false;
    if (level === 'L1') clean = age >= decisions.calendarCleaningDays * 24;
    else if (level === 'L2') clean = age >= 24 && this.kwEstimate < decisions.foulingThreshold * this.ctx.p.spec.cleanKw;
    else if (age >= 24 && this.foulingFit.updates >= 12) clean = this.cleaningIsDue(age);
    if (clean) this.startCleaning(t);
  }

  /**
   * L3: predicts the fouling resistance from its fitted trend, Rf(age) = a + b age, and picks the cycle length that
   * minimises the long-run cost rate (renewal reward: (cleaning cost + margin lost while down + expected shortfall cost
   * over the cycle) / (cycle + cleaning time)). The shortfall cost is the margin lost in proportion to how far the
   * predicted jacket capacity falls below the cooling the temperature loop needs (mean demand plus headroom). Cleans
   * when the current age reaches that optimum.
   */
  private cleaningIsDue(age: number): boolean {
    const [a, b] = this.foulingFit.theta;
    const spec = this.ctx.p.spec;
    const e = this.ctx.p.economics;
    const need = Math.max(this.dutyDemand, 0.5 * this.designJacketDuty) * 1.5;
    const span = spec.size.aR * Math.max(0.5, this.economics.temperatureSetpoint() - spec.temperedWater);
    if (spec.cleanKw * span < need) return false; // even a clean jacket would fall short: cleaning is futile
    const margin = this.economics.marginRate();
    const step = 6;
    let shortfallCost = 0;
    let best = Infinity;
    let bestAge = Infinity;
    for (let tau = step; tau <= 60 * 24; tau += step) {
      const capacity = span / (1 / spec.cleanKw + Math.max(0, a! + b! * tau));
      shortfallCost += margin * step * Math.min(1, Math.max(0, need - capacity) / need);
      const rate = (e.cleaningCost + margin * e.cleaningHours + shortfallCost) / (tau + e.cleaningHours);
      if (rate < best) {
        best = rate;
        bestAge = tau;
      }
    }
    return age >= bestAge;
  }

  /**
   * A twin's hand-over (`synchronise.ts`): the fouling resistance the twin estimates now. The condition monitoring's
   * coefficient follows it (it tracks the true one within the hour anyway); the cycle's fouling rate stays the run's own.
   */
  setFouling(resistance: number): void {
    this.ctx.plant.env.fouling = resistance;
    this.kwEstimate = 1 / (1 / this.ctx.p.spec.cleanKw + resistance);
  }

  /** A jacket cleaning ordered from outside (`commands.ts`): the same turnaround the maintenance policy orders. */
  orderCleaning(t: number): void {
    if (!this.cleaning(t)) this.startCleaning(t);
  }

  private startCleaning(t: number): void {
    const { sim, p } = this.ctx;
    this.cleaningUntil = t + p.economics.cleaningHours;
    this.cleanings++;
    this.ctx.note(UNIT.reactor, 'cleaning-start');
    if (this.ctx.measuring()) {
      this.book.cleanings++;
      this.book.cleaningsCost += p.economics.cleaningCost;
    }
    this.cleaningDone ??= sim.channel<null>('maintenance:cleaning-done', () => {
      this.ctx.note(UNIT.reactor, 'cleaning-done');
      this.ctx.plant.env.fouling = 0;
      this.startFoulingCycle();
      this.overhaulValve();
    });
    sim.schedule(p.economics.cleaningHours, this.cleaningDone, null);
  }

  /** Marks the start of the measured period (the fouling then is the reference for `cleaningOwed`). */
  startMeasuring(): void {
    this.foulingAtStart = this.ctx.plant.env.fouling;
  }

  /**
   * The share of a jacket cleaning the run leaves owed (or, negative, ahead of): the share of the clean jacket's
   * heat-transfer coefficient lost since measuring began, which one cleaning restores. A policy that defers its cleaning
   * past the end of the run is charged for the capacity it leaves lost (close to a whole cleaning for a badly fouled
   * jacket, never more); a plant that ends cleaner than it started is credited. The coefficient is physics, on the same
   * scale at every level, so the charge does not depend on any level's policy.
   */
  cleaningOwed(): number {
    if (!this.ctx.measuring()) return 0;
    const clean = this.ctx.p.spec.cleanKw;
    const fractionOfClean = (resistance: number) => 1 / (1 + clean * resistance);
    // A cleaning under way at the end has been counted; the jacket it restores is clean.
    const now = this.ctx.sim.now < this.cleaningUntil ? 0 : this.ctx.plant.env.fouling;
    return fractionOfClean(this.foulingAtStart) - fractionOfClean(now);
  }
}
