/**
 * The setpoint layer and the grade changes: what each level decides about the reactor temperature, the feed flow and
 * the preheater outlet, across the units. Setpoints: L1 follows the operating procedure per grade (an operator corrects a
 * two-sided grade on each lab result); L2 runs a steady-state RTO on every fresh analyzer result with fixed margins; L3
 * runs the same RTO with margins learned from the observed exceedances. Grade changes: L1 picks the new procedure up at
 * the next shift hand-over and ramps it; L2 releases a pre-planned ramp to the DCS at once; L3 releases at once and
 * starts where feedback ended up in the previous campaign of that grade. The release itself (when sales want a new
 * grade) is demand: the same draws at every level.
 */
import { uniform } from '../../random/distributions.ts';
import type { Rng } from '../../random/stream.ts';
import { toEngine } from '../../model/petrochemical-model.ts';
import { optimizeSetpoints, type OptimizerInputs } from '../optimizer.ts';
import { steadyConcentrations } from '../van-de-vusse.ts';
import { UNIT, type ProcessContext } from './context.ts';
import type { QualitySample, Separator } from './separator.ts';

/** Where grade releases are recorded (the tanks' accounts measure each change). */
export interface ReleaseBook {
  recordRelease(time: number): void;
}

export interface Setpoints {
  T: number;
  flow: number;
  T0: number;
}

export class SetpointPolicy {
  setpoint: Setpoints = { T: 114.19, flow: 0, T0: 104.9 };
  target: Setpoints = { T: 114.19, flow: 0, T0: 104.9 };
  private rampFrom: Setpoints = { T: 114.19, flow: 0, T0: 104.9 };
  private rampStart = 0;
  private rampHours = 0;
  private lastOptimisation = -Infinity;
  /** L3 learned margins (quantile tracking of the observed exceedances). */
  readonly learnedMargin: { quality: number; temperature: number; capacity: number };
  /** The released grade. */
  gradeIndex = 0;
  /** The grade the control layer works to (may lag the released grade at L1). */
  activeGrade = 0;
  private readonly gradeLearnedOffset = new Map<number, { T: number; flow: number }>();
  private gradeStartSetpoint = { T: NaN, flow: NaN };
  private gradeRampHours = 0;
  private gradeActivation = Infinity;
  private pendingGrade = -1;
  private gradeRampStart = -Infinity;
  private readonly releaseRng: Rng;
  /**
   * The catalyst activity the RTO's model assumes (and the feed estimate it reads, `Separator`): the fresh catalyst the
   * model file describes, until a twin that has learned the plant's activity sets it from outside (`commands.ts`). The
   * L1 operator runs no model, so it changes nothing there.
   */
  modelActivity = 1;

  constructor(
    private readonly ctx: ProcessContext,
    private readonly separator: Separator,
    private readonly tanks: ReleaseBook,
    private readonly designJacketDuty: number,
    /** The jacket's monitored heat-transfer coefficient (condition monitoring). */
    private readonly monitoredKw: () => number,
  ) {
    this.learnedMargin = { ...ctx.model.decisions.l2Margins };
    this.releaseRng = ctx.streams.stream('demand:grade-release');
  }

  applyProcedureSetpoints(grade: number, immediate: boolean): void {
    const o = this.ctx.model.grades[grade]!.operatorSetpoints;
    const target = {
      T: toEngine('temperature', o.reactorTemperature),
      T0: toEngine('temperature', o.feedTemperature),
      flow: o.dilutionRate * this.ctx.p.spec.size.vR,
    };
    // The operator moves setpoints over a quarter of an hour rather than stepping them.
    this.setTarget(target, immediate ? 0 : 0.25);
  }

  /**
   * A setpoint moved from outside (reactor temperature in °C, feed in m³/h), ramped over a quarter of an hour as the
   * operating procedure moves setpoints. The level's own setpoint layer works on from there: at L1 the operator's
   * quality corrections, at L2/L3 the RTO, whose next execution starts its trust region from this target.
   */
  moveSetpoint(name: 'reactor-temperature' | 'feed', value: number): void {
    const target = name === 'reactor-temperature' ? { ...this.target, T: value } : { ...this.target, flow: value * 1000 };
    this.setTarget(target, 0.25);
  }

  /**
   * A twin's hand-over (`synchronise.ts`): the operating point the plant runs at now (measured reactor temperature,
   * feed flow in L/h, preheater outlet) as this run's target and setpoint, at once. The level's setpoint layer works on
   * from there, as it does from a moved setpoint.
   */
  adoptOperatingPoint(T: number, flow: number, T0: number): void {
    this.setTarget({ T, flow, T0 }, 0);
  }

  private setTarget(target: { T: number; T0: number; flow: number }, rampHours: number): void {
    this.rampFrom = { ...this.setpoint };
    if (rampHours <= 0) this.rampFrom = { ...target };
    this.target = { ...target };
    this.rampStart = this.ctx.sim.now;
    this.rampHours = rampHours;
    if (rampHours <= 0) this.setpoint = { ...target };
  }

  /** Each control sample: grade activation, the level's setpoint decision, and the ramp towards the target. */
  update(t: number): void {
    // A released grade becomes active when the grade-change procedure picks it up.
    if (this.pendingGrade >= 0 && t >= this.gradeActivation) {
      this.activeGrade = this.pendingGrade;
      this.pendingGrade = -1;
      this.onGradeActivated(t);
    }
    const level = this.ctx.levels.setpoints;
    if (level === 'L1') {
      // The operator corrects a two-sided grade on a fresh quality result, at most hourly, by the procedure's gain.
      const g = this.ctx.model.grades[this.activeGrade]!;
      const gain = g.operatorSetpoints.correctionKPerMolL;
      if (this.separator.freshQuality && gain > 0 && t - this.lastOptimisation >= 1 && this.separator.latestQuality) {
        this.lastOptimisation = t;
        const mid = (g.minB + (g.maxB ?? g.minB + 0.1)) / 2;
        const base = toEngine('temperature', g.operatorSetpoints.reactorTemperature);
        const T = Math.min(base + 8, Math.max(base - 8, this.target.T + gain * (mid - this.separator.latestQuality.cB)));
        this.setTarget({ ...this.target, T }, 0.25);
      }
    } else if ((this.separator.freshQuality && t - this.lastOptimisation >= 0.25) || t - this.lastOptimisation >= 1) {
      this.lastOptimisation = t;
      this.optimise(this.gradeRamping(t) ? Math.max(0.25, this.gradeRampHours - (t - this.gradeRampStart)) : 0.25, true);
    }
    this.separator.freshQuality = false;
    // Ramp towards the target.
    const x = this.rampHours > 0 ? Math.min(1, (t - this.rampStart) / this.rampHours) : 1;
    const sp = this.setpoint;
    sp.T = this.rampFrom.T + x * (this.target.T - this.rampFrom.T);
    sp.T0 = this.rampFrom.T0 + x * (this.target.T0 - this.rampFrom.T0);
    sp.flow = this.rampFrom.flow + x * (this.target.flow - this.rampFrom.flow);
  }

  private gradeRamping(t: number): boolean {
    return t - this.gradeRampStart < this.gradeRampHours;
  }

  /** Margins on the constraints: fixed (L2) or learned from the observed variability (L3). */
  margins(): { quality: number; temperature: number; capacity: number } {
    return this.ctx.levels.setpoints === 'L3' ? this.learnedMargin : this.ctx.model.decisions.l2Margins;
  }

  /**
   * One RTO execution. `local`: a trust region around the current target (+-3 K, +-10 % flow), as RTO practice limits
   * each move so that the plant never jumps between the van de Vusse's two branches on one noisy estimate; a grade
   * change searches the whole window.
   */
  private optimise(rampHours: number, local = false): void {
    const g = this.ctx.model.grades[this.activeGrade]!;
    const m = this.margins();
    // A two-sided spec keeps a window of at least a tenth of its width, whatever the margin says.
    const quality = g.maxB === undefined ? m.quality : Math.min(m.quality, 0.45 * (g.maxB - g.minB));
    const spec = this.ctx.p.spec;
    const capacity = this.monitoredKw() * spec.size.aR * Math.max(1, this.target.T - spec.temperedWater);
    const inputs: OptimizerInputs = {
      cA0: this.separator.cA0Estimate,
      feedTemperature: this.ctx.plant.env.feedTemperature,
      ambient: this.ctx.plant.env.ambient,
      minB: g.minB + quality,
      maxB: (g.maxB ?? Infinity) - quality,
      maxT: this.ctx.p.alarmT - m.temperature,
      maxFlow: spec.maxFlow * (1 - m.capacity),
      maxSeparatorLoad: spec.separatorMaxLoad * (1 - m.capacity),
      maxHeaterDuty: spec.heaterMaxDuty * (1 - m.capacity),
      // Cooling kept in reserve for the temperature loop: a quarter of what the jacket can take, at most the design duty.
      jacketDuty: -Math.min(0.25 * capacity, this.designJacketDuty),
      ...(this.modelActivity !== 1 ? { activity: this.modelActivity } : {}),
    };
    let result = optimizeSetpoints(
      inputs,
      this.ctx.p.constants,
      this.ctx.p.prices,
      local
        ? {
            minT: Math.max(95, this.target.T - 3),
            maxT: this.target.T + 3,
            minFlow: Math.max(0.4 * spec.maxFlow, this.target.flow * 0.9),
            maxFlow: this.target.flow * 1.1,
          }
        : undefined,
    );
    // A trust region with no point inside the equipment limits (the target was carried there by a learned offset or a
    // feed change) is left for the whole window rather than settling for the least-bad point in it.
    if (local && !result.withinLimits) result = optimizeSetpoints(inputs, this.ctx.p.constants, this.ctx.p.prices);
    this.setTarget({ T: result.T, T0: result.T0, flow: result.flow }, rampHours);
  }

  scheduleGradeChanges(): void {
    const every = this.ctx.model.gradeChangeEveryDays * 24;
    if (this.ctx.model.grades.length < 2) return;
    const release = this.ctx.sim.channel<null>('grade:release', () => {
      const t = this.ctx.sim.now;
      // What the finished campaign learned (L3): how far feedback moved the setpoints from where the campaign began.
      if (Number.isFinite(this.gradeStartSetpoint.T)) {
        this.gradeLearnedOffset.set(this.activeGrade, { T: this.target.T - this.gradeStartSetpoint.T, flow: this.target.flow - this.gradeStartSetpoint.flow });
      }
      this.gradeIndex = (this.gradeIndex + 1) % this.ctx.model.grades.length;
      this.tanks.recordRelease(t);
      this.pendingGrade = this.gradeIndex;
      const level = this.ctx.levels.gradeChange;
      const { shiftHours: shift, l1PlannedGradeChanges: planned } = this.ctx.model.decisions;
      // L1: the new procedure reaches the board at the next shift hand-over, unless the change was on the shift plan
      // ahead of time; L2/L3: released to the DCS at once.
      this.gradeActivation = level === 'L1' && !planned ? Math.ceil((t + 1e-9) / shift) * shift : t;
      this.separator.startTransitionSampling();
      this.ctx.sim.scheduleAt(releaseTime(++cycle), release, null);
    });
    // Sales release a grade at some hour of the day its campaign is due (the demand side: the same draws at every
    // level), not on a multiple of the shift length: at exact multiples of 10 days every L1 change waited a full shift.
    const releaseTime = (k: number) => k * every + uniform(this.releaseRng, 0, Math.min(24, every));
    let cycle = 1;
    this.ctx.sim.scheduleAt(releaseTime(cycle), release, null);
  }

  private onGradeActivated(t: number): void {
    this.ctx.note(UNIT.reactor, 'grade-change');
    const level = this.ctx.levels.gradeChange;
    this.gradeRampStart = t;
    this.gradeRampHours = level === 'L1' ? this.ctx.model.decisions.operatorRampHours : level === 'L2' ? 1 : 0;
    if (this.ctx.levels.setpoints === 'L1') this.applyProcedureSetpoints(this.activeGrade, false);
    else this.optimise(Math.max(this.gradeRampHours, 0.25));
    if (level !== 'L1' && this.rampHours < this.gradeRampHours) this.rampHours = this.gradeRampHours;
    if (level === 'L1') this.rampHours = this.gradeRampHours;
    if (level === 'L3') {
      // Learned from the previous campaign of this grade: start where feedback ended up, not where the plan began.
      const learned = this.gradeLearnedOffset.get(this.activeGrade);
      if (learned) this.target = { ...this.target, T: this.target.T + learned.T, flow: Math.min(this.ctx.p.spec.maxFlow, this.target.flow + learned.flow) };
      this.rampHours = 0;
      this.setpoint = { ...this.target };
      this.rampFrom = { ...this.target };
    }
    this.gradeStartSetpoint = { T: this.target.T, flow: this.target.flow };
  }

  /**
   * L3 setpoint policy: each margin tracks the quantile of its constraint (Robbins-Monro): up by a step on an
   * exceedance, down by step * p / (1 - p) otherwise, so it settles where exceedances happen with probability p. Low
   * variance lets it move towards the limit; rising variance pushes it back.
   */
  learnQualityMargin(sample: QualitySample): void {
    if (sample.flow <= 0 || this.activeGrade !== this.gradeIndex) return;
    const g = this.ctx.model.grades[this.activeGrade]!;
    const p = this.ctx.model.decisions.l3QualityExceedance;
    const step = 0.1 * this.ctx.model.decisions.l2Margins.quality;
    const exceeded = sample.cB < g.minB || sample.cB > (g.maxB ?? Infinity);
    const m = this.learnedMargin;
    m.quality = Math.min(3 * this.ctx.model.decisions.l2Margins.quality, Math.max(0, m.quality + (exceeded ? step : (-step * p) / (1 - p))));
  }
  learnLimitMargins(T: number, load: number): void {
    const p = this.ctx.model.decisions.l3LimitExceedance;
    const l2 = this.ctx.model.decisions.l2Margins;
    const m = this.learnedMargin;
    const stepT = 0.02 * l2.temperature;
    m.temperature = Math.min(3 * l2.temperature, Math.max(0, m.temperature + (T >= this.ctx.p.alarmT - 0.5 ? stepT : (-stepT * p) / (1 - p))));
    const stepC = 0.02 * l2.capacity;
    m.capacity = Math.min(3 * l2.capacity, Math.max(0, m.capacity + (load >= this.ctx.p.spec.separatorMaxLoad ? stepC : (-stepC * p) / (1 - p))));
  }
  /** Contribution margin now, $/h, from the feed estimate and the measured flow: what an hour of downtime loses. */
  marginRate(): number {
    const pr = this.ctx.p.prices;
    const flow = this.target.flow;
    const ss = steadyConcentrations(flow / this.ctx.p.spec.size.vR, this.target.T, this.separator.cA0Estimate, this.modelActivity);
    return Math.max(0, flow * (ss.cB * pr.productPerMol - this.separator.cA0Estimate * pr.feedPerMol + ss.cA * pr.creditPerMol));
  }
}
