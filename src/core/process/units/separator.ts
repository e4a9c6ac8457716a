/**
 * The separator and the quality information on its product. Physics (`plant.ts`): a sharp split, unreacted A overhead
 * to recovery, B, C and D to the product stream, with a flooding limit. Here: what each level knows about the product's
 * composition (quality capability) and where the separator therefore sends it. L1: a lab sample every few hours with
 * its result later; L2: an online analyzer; L3: the analyzer plus a grey-box soft sensor, used only while its validated
 * error beats holding the last reading. The product goes to the product tank only while the information says it is on
 * the released spec; every reading also updates the estimate of the feed concentration the setpoint layer uses.
 */
import type { Channel } from '../../kernel/channel.ts';
import { normal } from '../../random/distributions.ts';
import { Rls } from '../control.ts';
import { S } from '../plant.ts';
import { CONTROL_PERIOD, RHO_CP } from '../setup.ts';
import { rates, reactionHeatPerLitre, steadyConcentrations, type Rates } from '../van-de-vusse.ts';
import type { ProcessContext } from './context.ts';

export interface QualitySample {
  time: number;
  cB: number;
  cA: number;
  T: number;
  flow: number;
  /** Soft-sensor features and the model's prediction at the sample time (L3). */
  features: Float64Array;
  modelCB: number;
}

/** Whether a B concentration meets a grade's spec. */
export function inSpec(ctx: ProcessContext, cB: number, grade: number): boolean {
  const g = ctx.model.grades[grade]!;
  return cB >= g.minB && cB <= (g.maxB ?? Infinity);
}

export class Separator {
  /** Routing for the current interval: product tank (true) or off-spec tank. */
  toProduct = true;
  latestQuality: { cB: number; time: number } | undefined;
  /** A result arrived since the setpoint layer last looked. */
  freshQuality = false;
  /** Feed concentration estimated from the quality readings, mol/L. */
  cA0Estimate: number;
  /** Grey-box soft sensor: the steady-state model with the latest feed estimate, plus a learned correction. */
  private readonly softSensor = new Rls(2, 0.995, 1e-2);
  private readonly features = new Float64Array(2);
  private modelCB = NaN;
  /** Running mean absolute errors of the soft sensor and of holding the last analyzer value, against new readings. */
  softSensorError = 0.02;
  holdError = 0.02;
  private lastAnalyzerCB = NaN;
  private readonly observer = { cA: 0, cB: 0 };
  private readonly observerRates: Rates = { r1: 0, r2: 0, r3: 0 };

  constructor(
    private readonly ctx: ProcessContext,
    /** The grade released now (the spec a result is checked against). */
    private readonly releasedGrade: () => number,
    /** Called on each reading before the estimates learn from it (the L3 setpoint layer's quality margin). */
    private readonly onReading: (sample: QualitySample) => void,
    /** The catalyst activity the setpoint layer's model assumes (the feed estimate is read through that model). */
    private readonly modelActivity: () => number = () => 1,
  ) {
    this.observer.cA = ctx.plant.state[S.cA]!;
    this.observer.cB = ctx.plant.state[S.cB]!;
    this.cA0Estimate = ctx.model.disturbances.feedConcentration.mean;
  }

  /** Lab analyses taken over the measured period (L1). */
  labSamples = 0;
  /** L1 transition sampling: spot samples at the shorter period until a result is on spec. */
  private intensive = false;
  private take?: Channel<null>;
  private nextSample = -1;
  private nextSampleTime = Infinity;

  /**
   * The sampling plan: lab (L1) or analyzer (L2, L3), each result after its delay. At L1 with transition sampling, a
   * grade release or an off-spec result switches the lab to spot samples every `l1TransitionSamplingHours` until a
   * result shows the released grade on spec, as DCS-era units sample during transitions.
   */
  scheduleSampling(): void {
    const { sim, model, levels, plant } = this.ctx;
    const useLab = levels.quality === 'L1';
    const spec = useLab ? model.measurement.lab : model.measurement.analyzer;
    const rng = this.ctx.streams.stream(useLab ? 'noise:lab' : 'noise:analyzer');
    const result = sim.channel<QualitySample>('quality:result', (sample) => this.onQualityResult(sample));
    const period = () => (this.intensive ? (model.decisions.l1TransitionSamplingHours ?? spec.periodHours) : spec.periodHours);
    this.take = sim.channel<null>(useLab ? 'quality:lab-sample' : 'quality:analyzer-sample', () => {
      const y = plant.state;
      const sample: QualitySample = {
        time: sim.now,
        cB: y[S.cB]! + normal(rng, 0, spec.noise),
        cA: y[S.cA]! + normal(rng, 0, spec.noise),
        T: y[S.T]!,
        flow: plant.applied.flow,
        features: Float64Array.from(this.features),
        modelCB: this.modelCB,
      };
      if (useLab && this.ctx.measuring()) this.labSamples++;
      sim.schedule(spec.delayHours, result, sample);
      this.scheduleSample(period());
    });
    this.scheduleSample(period());
  }

  private scheduleSample(delay: number): void {
    this.nextSample = this.ctx.sim.schedule(delay, this.take!, null);
    this.nextSampleTime = this.ctx.sim.now + delay;
  }

  /** L1 transition sampling: the next spot sample within the shorter period (a routine one further off is moved up). */
  startTransitionSampling(): void {
    const spot = this.ctx.model.decisions.l1TransitionSamplingHours;
    if (this.ctx.levels.quality !== 'L1' || spot === undefined || !this.take) return;
    this.intensive = true;
    if (this.nextSampleTime > this.ctx.sim.now + spot) {
      this.ctx.sim.cancel(this.nextSample);
      this.scheduleSample(spot);
    }
  }

  private onQualityResult(sample: QualitySample): void {
    this.latestQuality = { cB: sample.cB, time: sample.time };
    this.freshQuality = true;
    if (this.ctx.levels.quality === 'L1' && this.ctx.model.decisions.l1TransitionSamplingHours !== undefined) {
      if (inSpec(this.ctx, sample.cB, this.releasedGrade())) this.intensive = false;
      else this.startTransitionSampling();
    }
    if (sample.flow <= 0) return;
    const D = sample.flow / this.ctx.p.spec.size.vR;
    this.onReading(sample);
    // Feed concentration estimate: cB is close to proportional to cA0 at a held temperature and flow.
    let estimate = this.cA0Estimate;
    const activity = this.modelActivity();
    for (let i = 0; i < 3; i++) estimate *= sample.cB / steadyConcentrations(D, sample.T, estimate, activity).cB;
    // Filtered (gain 0.5): one reading carries analyzer noise of about 0.5 % of cA0, comparable to a quarter-hour's drift.
    if (Number.isFinite(estimate) && estimate > 2 && estimate < 9) this.cA0Estimate += 0.5 * (estimate - this.cA0Estimate);
    if (this.ctx.levels.quality === 'L3' && Number.isFinite(sample.modelCB)) {
      // Validate before learning: would the soft sensor have beaten holding the previous reading?
      const soft = sample.modelCB + this.softSensor.predict(sample.features);
      this.softSensorError += 0.05 * (Math.abs(soft - sample.cB) - this.softSensorError);
      if (Number.isFinite(this.lastAnalyzerCB)) this.holdError += 0.05 * (Math.abs(this.lastAnalyzerCB - sample.cB) - this.holdError);
      this.softSensor.update(sample.features, sample.cB - sample.modelCB);
    }
    this.lastAnalyzerCB = sample.cB;
  }

  /** L3 soft-sensor features from what is measured every minute. */
  updateSoftSensor(Tm: number, T0m: number, flowing: boolean): void {
    const f = this.features;
    f[0] = 1;
    f[1] = 0;
    this.modelCB = NaN;
    if (this.ctx.levels.quality !== 'L3') return;
    const plant = this.ctx.plant;
    const flow = plant.applied.flow;
    const D = flow / this.ctx.p.spec.size.vR;
    // The model runs alongside the plant (a dynamic observer): the reference kinetics at the measured temperature and
    // flow, fed with the latest feed estimate, so the prediction follows setpoint moves and restarts as the reactor does.
    const r = this.observerRates;
    const h = CONTROL_PERIOD / 6;
    for (let i = 0; i < 6; i++) {
      rates(this.observer.cA, this.observer.cB, Tm, r);
      this.observer.cA += h * (D * (this.cA0Estimate - this.observer.cA) - r.r1 - r.r3);
      this.observer.cB += h * (-D * this.observer.cB + r.r1 - r.r2);
    }
    if (!flowing) return;
    this.modelCB = this.observer.cB;
    // Heat released by reaction, in kelvin of feed, measured (heat balance) minus modelled: a richer feed than the
    // estimate shows up here minutes before the analyzer sees it.
    const measuredRise = Tm - T0m - plant.applied.jacketDuty / (RHO_CP * flow);
    f[1] = measuredRise - reactionHeatPerLitre(this.observer.cA, this.observer.cB, Tm, r) / (RHO_CP * D);
  }

  /** The quality value the decisions see now. */
  qualityEstimate(): number {
    if (this.ctx.levels.quality === 'L3' && this.softSensor.updates >= 20 && Number.isFinite(this.modelCB) && this.softSensorError < this.holdError) {
      return this.modelCB + this.softSensor.predict(this.features);
    }
    return this.latestQuality?.cB ?? NaN;
  }

  /** Routing for the next interval: the product tank takes only what the quality information says is on spec. */
  route(quality: number, flowing: boolean, released: number, active: number): void {
    this.toProduct = flowing && Number.isFinite(quality) && inSpec(this.ctx, quality, released) && active === released;
  }
}
