/**
 * One replication of the petrochemical plant at given capability levels. The plant (`plant.ts`) and every random
 * disturbance are the same at every level; the levels change only what is measured (lab, analyzer, soft sensor), what
 * is connected (who knows the feed quality and the fouling, and when) and the decision logic (PID tuning, setpoint
 * policy, cleaning policy, grade-change procedure). Every KPI is computed from what the run did.
 */
import { integrate } from '../kernel/continuous.ts';
import { Simulation } from '../kernel/simulation.ts';
import type { Channel } from '../kernel/channel.ts';
import type { CapabilityLevels, Level } from '../experiment/levels.ts';
import { normal, standardNormal, exponential, lognormal, lognormalParameters, uniform } from '../random/distributions.ts';
import { RandomStreams, type Rng } from '../random/stream.ts';
import { UnitState, type PlantEvent, type PlantEventKind, type PlantView, type UnitInfo } from '../runtime/view.ts';
import { type PetrochemicalModel, toEngine } from '../model/petrochemical-model.ts';
import { Pid, Rls, fitFopdt, lambdaTuning, simcTuning, type Fopdt, type PidTuning } from './control.ts';
import { optimizeSetpoints, pricesPerMol, type OptimizerInputs, type PlantConstants, type Prices } from './optimizer.ts';
import { MOLAR_MASS, Plant, S, type Commands, type PlantSpec } from './plant.ts';
import { VDV_REFERENCE, rates, reactionHeatPerLitre, scaledSize, steadyConcentrations, type Rates } from './van-de-vusse.ts';
import { exp, log, sin } from '../math/index.ts';
import { restrictedMean } from './survival.ts';

/** Indices of the units in `view()`. */
const UNIT = { feedPump: 0, preheater: 1, reactor: 2, separator: 3, productTank: 4, offSpecTank: 5 } as const;

export const PROCESS_CAPABILITIES = ['control', 'setpoints', 'quality', 'maintenance', 'gradeChange'] as const;
export type ProcessCapability = (typeof PROCESS_CAPABILITIES)[number];

/** Control sample period: 1 min. */
export const CONTROL_PERIOD = 1 / 60;
/** RK4 step: 30 s, well inside the reference's 85 s stability limit and accurate to far better than the noise. */
export const RK4_STEP = 1 / 120;
const RHO_CP = VDV_REFERENCE.rho * VDV_REFERENCE.cp;

/** Engine-unit parameters derived once from a model file. */
export interface ProcessParameters {
  spec: PlantSpec;
  constants: PlantConstants;
  prices: Prices;
  model: PetrochemicalModel;
  tripT: number;
  alarmT: number;
  designSeparatorLoad: number;
  economics: {
    offSpecValueFraction: number;
    offSpecHandlingPerKg: number;
    escapedClaimPerKg: number;
    productPerKg: number;
    fixedPerHour: number;
    cleaningCost: number;
    cleaningHours: number;
  };
}

export function processParameters(model: PetrochemicalModel): ProcessParameters {
  const vR = toEngine('volume', model.reactor.volume);
  const size = scaledSize(vR / VDV_REFERENCE.vR);
  const designStream = model.streams.find((s) => s.from === 'preheater' && s.to === 'reactor')!;
  const designFlow = toEngine('flow', designStream.designFlow);
  const designD = designFlow / vR;
  const designSs = steadyConcentrations(designD, 114.19, model.disturbances.feedConcentration.mean);
  const designDuty = RHO_CP * designFlow * (104.9 - model.disturbances.feedTemperature.mean);
  const heaterLossUA = (model.preheater.lossFraction * designDuty) / (104.9 - model.disturbances.ambient.mean);
  const spec: PlantSpec = {
    size,
    designFlow,
    maxFlow: toEngine('flow', model.feedPump.maxFlow),
    cleanKw: toEngine('heatTransfer', model.reactor.cleanHeatTransfer),
    temperedWater: toEngine('temperature', model.reactor.temperedWaterTemperature),
    heaterEfficiency: model.preheater.efficiency,
    heaterMaxDuty: toEngine('duty', model.preheater.maxDuty),
    heaterCapacity: RHO_CP * designFlow * model.preheater.holdupHours,
    heaterLossUA,
    tankVolume: toEngine('volume', model.feedTank.holdup),
    separatorEnergyPerMolA: model.separator.energyPerMolA,
    separatorMaxLoad: model.separator.maxLoadFactor * designFlow * designSs.cA,
    stictionBand: model.coolingValve.stictionBand,
  };
  const e = model.economics;
  return {
    spec,
    model,
    constants: { vR, heaterEfficiency: spec.heaterEfficiency, heaterLossUA, separatorEnergyPerMolA: spec.separatorEnergyPerMolA },
    prices: pricesPerMol({
      feedPerKg: toEngine('massPrice', e.feedPrice),
      creditFraction: e.recoveredACredit,
      productPerKg: toEngine('massPrice', e.productValue),
      fuelPerKj: toEngine('energyPrice', e.fuelPrice),
      steamPerKj: toEngine('energyPrice', e.steamPrice),
      coolingPerKj: toEngine('energyPrice', e.coolingPrice),
    }),
    tripT: toEngine('temperature', model.reactor.tripTemperature),
    alarmT: toEngine('temperature', model.reactor.highAlarm),
    designSeparatorLoad: designFlow * designSs.cA,
    economics: {
      offSpecValueFraction: e.offSpecValueFraction,
      offSpecHandlingPerKg: toEngine('massPrice', e.offSpecHandling),
      escapedClaimPerKg: toEngine('massPrice', e.escapedOffSpecClaim),
      productPerKg: toEngine('massPrice', e.productValue),
      fixedPerHour: e.fixedCostPerHour,
      cleaningCost: e.cleaningCost,
      cleaningHours: e.cleaningHours,
    },
  };
}

/** Commissioning step tests (noise-free, clean jacket, design point): the data both tuned levels identify from. */
export interface CommissioningModels {
  reactor: Fopdt;
  heater: Fopdt;
}

const commissioningCache = new WeakMap<PetrochemicalModel, CommissioningModels>();

/** A fresh plant at the design steady state (reference nominal, scaled), with its feed and fuel balanced. */
export function designPlant(p: ProcessParameters): { plant: Plant; commands: Commands } {
  const plant = new Plant(p.spec);
  const d = p.model.disturbances;
  plant.env.supplyCA0 = d.feedConcentration.mean;
  plant.env.feedTemperature = d.feedTemperature.mean;
  plant.env.ambient = d.ambient.mean;
  const D = p.spec.designFlow / p.spec.size.vR;
  const ss = steadyConcentrations(D, 114.19, d.feedConcentration.mean);
  const y = plant.state;
  y[S.cA] = ss.cA;
  y[S.cB] = ss.cB;
  y[S.cC] = ss.cC;
  y[S.cD] = ss.cD;
  y[S.T] = 114.19;
  const jacketDuty = -1113.5 * (p.spec.size.vR / VDV_REFERENCE.vR);
  y[S.TK] = 114.19 + jacketDuty / (p.spec.cleanKw * p.spec.size.aR);
  y[S.T0] = 104.9;
  y[S.tankCA0] = d.feedConcentration.mean;
  const duty = RHO_CP * p.spec.designFlow * (104.9 - plant.env.feedTemperature) + p.spec.heaterLossUA * (104.9 - plant.env.ambient);
  const commands: Commands = { flow: p.spec.designFlow, jacketDuty, fuel: duty / p.spec.heaterEfficiency };
  plant.apply(commands);
  return { plant, commands };
}

/** Step tests on a noise-free copy of the plant: +10 % cooling for the reactor loop, +5 % fuel for the heater loop. */
export function commissioningModels(p: ProcessParameters): CommissioningModels {
  const cached = commissioningCache.get(p.model);
  if (cached) return cached;
  const stepTest = (loop: 'reactor' | 'heater'): Fopdt => {
    const { plant, commands } = designPlant(p);
    const sim = new Simulation();
    integrate(sim, { name: 'plant', state: plant.state, derivatives: plant.derivatives }, RK4_STEP);
    const step = loop === 'reactor' ? commands.jacketDuty * 0.1 : commands.fuel * 0.05;
    if (loop === 'reactor') commands.jacketDuty += step;
    else commands.fuel += step;
    plant.apply(commands);
    const index = loop === 'reactor' ? S.T : S.T0;
    const times: number[] = [0];
    const values: number[] = [plant.state[index]!];
    for (let k = 1; k <= 90; k++) {
      sim.runUntil(k * CONTROL_PERIOD);
      times.push(k * CONTROL_PERIOD);
      values.push(plant.state[index]!);
    }
    const fit = fitFopdt(times, values, step);
    // A sampled loop adds half a sample of delay (zero-order hold) to what the plant shows.
    return { ...fit, theta: fit.theta + CONTROL_PERIOD / 2 };
  };
  const models = { reactor: stepTest('reactor'), heater: stepTest('heater') };
  commissioningCache.set(p.model, models);
  return models;
}

interface QualitySample {
  time: number;
  cB: number;
  cA: number;
  T: number;
  flow: number;
  /** Soft-sensor features and the model's prediction at the sample time (L3). */
  features: Float64Array;
  modelCB: number;
}

/** A lognormal draw with mean 1 and coefficient of variation `cv`. */
function lognormalOnUnitMean(rng: Rng, cv: number): number {
  const { mu, sigma } = lognormalParameters(1, cv);
  return lognormal(rng, mu, sigma);
}

/** Ornstein-Uhlenbeck step with the exact discretisation. */
function ouStep(rng: Rng, x: number, mean: number, sd: number, tau: number, dt: number): number {
  const a = exp(-dt / tau);
  return mean + a * (x - mean) + sd * Math.sqrt(1 - a * a) * standardNormal(rng);
}

export interface ProcessKpis {
  [key: string]: number;
}

export class PetrochemicalSimulation {
  readonly sim = new Simulation();
  readonly plant: Plant;
  readonly levels: Readonly<Record<ProcessCapability, Level>>;
  private readonly p: ProcessParameters;
  private readonly model: PetrochemicalModel;
  private readonly commands: Commands;
  private readonly streams: RandomStreams;
  private readonly rng: {
    cA0: Rng; feedT: Rng; ambient: Rng; fouling: Rng; pump: Rng; valve: Rng; noiseT: Rng; noiseT0: Rng; noiseTK: Rng; analyzer: Rng; lab: Rng; release: Rng;
  };

  private readonly control: Channel<null>;
  private tick = 0;
  // Controllers
  private readonly reactorPid: Pid;
  private readonly heaterPid: Pid;
  private readonly commissioning: CommissioningModels;
  private readonly adaptiveRls = new Rls(4, 0.998, 1e2);
  private readonly phi = new Float64Array(4);
  private lastT0 = NaN;
  private lastT = NaN;
  private lastDuty = NaN;
  adaptiveRetunes = 0;
  adaptiveModel: Fopdt | undefined;

  // Setpoints
  setpoint = { T: 114.19, flow: 0, T0: 104.9 };
  private target = { T: 114.19, flow: 0, T0: 104.9 };
  private rampFrom = { T: 114.19, flow: 0, T0: 104.9 };
  private rampStart = 0;
  private rampHours = 0;
  private lastOptimisation = -Infinity;
  private cA0Estimate: number;
  private kwEstimate: number;
  /** L3 learned variability: running mean squares of the quality residual and the temperature error. */
  /** L3 learned margins (quantile tracking of the observed exceedances). */
  readonly learnedMargin: { quality: number; temperature: number; capacity: number };

  // Quality information
  private latestQuality: { cB: number; time: number } | undefined;
  /** Grey-box soft sensor: the steady-state model with the latest feed estimate, plus a learned correction. */
  private readonly softSensor = new Rls(2, 0.995, 1e-2);
  private readonly features = new Float64Array(2);
  private modelCB = NaN;
  /** Running mean absolute errors of the soft sensor and of holding the last analyzer value, against new readings. */
  softSensorError = 0.02;
  holdError = 0.02;
  private lastAnalyzerCB = NaN;

  // Grades
  gradeIndex = 0;
  /** The grade the control layer works to (may lag the released grade at L1). */
  private activeGrade = 0;
  private readonly gradeLearnedOffset = new Map<number, { T: number; flow: number }>();
  private gradeStartSetpoint = { T: NaN, flow: NaN };
  private readonly designJacketDuty: number;

  // Maintenance
  private cycleStart = 0;
  private foulingRate = 0;
  private cleaningUntil = -Infinity;
  private foulingFit = new Rls(2, 1, 1e4);
  cleanings = 0;
  private lastMaintenanceCheck = 0;

  // Faults and safety
  private pumpTripUntil = -Infinity;
  private tripUntil = -Infinity;
  private alarmed = false;
  alarms = 0;
  trips = 0;

  // Accounting
  private readonly last = new Float64Array(S.size);
  private readonly warmup: number;
  private measuring = false;
  readonly acc = {
    hours: 0, flowingHours: 0, onSpecB: 0, offSpecB: 0, escapedB: 0, aFed: 0, aOut: 0, fuel: 0, steam: 0, cooling: 0,
    iaeT: 0, sqT: 0, violationHours: 0, qualityError: 0, qualityHours: 0, cleaningsCost: 0, cleanings: 0, alarms: 0, trips: 0,
  };
  toProduct = true;
  /**
   * Grade changes: `end` is when steady on-spec production began (NaN while under way); `flowing` counts the hours the
   * feed flowed since the release, and `flowingAtEnd` its value at `end`: the changeover time, which leaves out a
   * cleaning or a pump trip that happens to fall inside the transition (those count in availability).
   */
  private readonly gradeChanges: { release: number; end: number; offSpec: number; onSpecSince: number; flowing: number; flowingAtOnSpec: number; flowingAtEnd: number }[] = [];

  constructor(model: PetrochemicalModel, seed: number, capabilities: CapabilityLevels) {
    this.model = model;
    this.p = processParameters(model);
    this.levels = Object.fromEntries(PROCESS_CAPABILITIES.map((c) => [c, capabilities[c] ?? 'L1'])) as Record<ProcessCapability, Level>;
    this.streams = new RandomStreams(seed);
    const s = (name: string) => this.streams.stream(name);
    this.rng = {
      cA0: s('disturbance:cA0'), feedT: s('disturbance:feed-temperature'), ambient: s('disturbance:ambient'),
      fouling: s('fouling:jacket'), pump: s('fault:feed-pump'), valve: s('fault:cooling-valve'),
      noiseT: s('noise:TT-reactor'), noiseT0: s('noise:TT-preheater'), noiseTK: s('noise:TT-jacket'),
      analyzer: s('noise:analyzer'), lab: s('noise:lab'), release: s('demand:grade-release'),
    };
    const { plant, commands } = designPlant(this.p);
    this.plant = plant;
    this.commands = commands;
    this.observer.cA = plant.state[S.cA]!;
    this.observer.cB = plant.state[S.cB]!;
    this.cA0Estimate = model.disturbances.feedConcentration.mean;
    this.kwEstimate = this.p.spec.cleanKw;
    this.warmup = model.warmupHours;
    const m = model.decisions.l2Margins;
    this.learnedMargin = { ...m };

    // Regulatory control: tuning per level from the commissioning step tests.
    this.designJacketDuty = -commands.jacketDuty;
    this.commissioning = commissioningModels(this.p);
    this.reactorPid = new Pid(this.tuningFor('reactor'), commands.jacketDuty, -Infinity, 0);
    this.heaterPid = new Pid(this.tuningFor('heater'), commands.fuel, 0, this.p.spec.heaterMaxDuty / this.p.spec.heaterEfficiency);

    // Setpoints start at the first grade's operating procedure.
    this.applyProcedureSetpoints(0, true);

    this.startFoulingCycle();
    integrate(this.sim, { name: 'plant', state: plant.state, derivatives: plant.derivatives }, RK4_STEP);
    this.control = this.sim.channel<null>('control', () => this.controlSample());
    this.sim.scheduleAt(++this.tick * CONTROL_PERIOD, this.control, null);
    this.scheduleSampling();
    this.schedulePumpTrips();
    this.scheduleGradeChanges();
    this.scheduleStiction();
  }

  // ---------------------------------------------------------------- regulatory control
  private tuningFor(loop: 'reactor' | 'heater'): PidTuning {
    const model = this.commissioning[loop];
    if (this.levels.control === 'L1') return lambdaTuning(model, this.model.decisions.conservativeLambdaFactor * model.tau1);
    return simcTuning(model);
  }

  /** L3: online ARX(1) identification of the reactor temperature's response to the jacket duty, SIMC retuning hourly. */
  private adapt(T: number, T0: number, duty: number, flowing: boolean): void {
    if (flowing && Number.isFinite(this.lastT)) {
      const scale = this.p.spec.size.vR; // keep the regressors of similar size
      this.phi[0] = this.lastT - 110;
      this.phi[1] = this.lastDuty / scale;
      // The feed temperature is the main measured disturbance; leaving it out biases the gain (closed-loop data).
      this.phi[2] = this.lastT0 - 100;
      this.phi[3] = 1;
      this.adaptiveRls.update(this.phi, T - 110);
    }
    this.lastT = T;
    this.lastT0 = T0;
    this.lastDuty = duty;
    const n = this.adaptiveRls.updates;
    if (n >= 240 && n % 60 === 0) {
      const a = this.adaptiveRls.theta[0]!;
      const b = this.adaptiveRls.theta[1]! / this.p.spec.size.vR;
      const base = this.commissioning.reactor;
      if (a > 0.05 && a < 0.995 && b / (1 - a) > 0.1 * base.k && b / (1 - a) < 10 * base.k) {
        const tau1 = -CONTROL_PERIOD / log(a);
        // The ARX model folds the jacket lag into one sample of delay; keep the commissioning delay as a floor.
        const model = { k: b / (1 - a), tau1, theta: Math.max(base.theta, CONTROL_PERIOD) };
        this.adaptiveModel = model;
        this.reactorPid.tuning = simcTuning(model);
        this.adaptiveRetunes++;
      }
    }
  }

  // ---------------------------------------------------------------- the control sample
  private controlSample(): void {
    const t = this.sim.now;
    const dt = CONTROL_PERIOD;
    const plant = this.plant;
    const y = plant.state;
    const d = this.model.disturbances;
    // Disturbances (the same draws at every level).
    plant.env.supplyCA0 = Math.min(d.feedConcentration.max, Math.max(d.feedConcentration.min,
      ouStep(this.rng.cA0, plant.env.supplyCA0, d.feedConcentration.mean, d.feedConcentration.sd, d.feedConcentration.correlationHours, dt)));
    plant.env.feedTemperature = ouStep(this.rng.feedT, plant.env.feedTemperature, d.feedTemperature.mean, d.feedTemperature.sd, d.feedTemperature.correlationHours, dt);
    plant.env.ambient = d.ambient.mean + d.ambient.dailyAmplitude * sin((2 * Math.PI * (t - 9)) / 24) + 0.5 * standardNormal(this.rng.ambient);
    const cleaning = t < this.cleaningUntil;
    if (!cleaning) plant.env.fouling += this.foulingRate * dt;

    // Measurements.
    const noise = d.temperatureNoise;
    const Tm = y[S.T]! + noise * standardNormal(this.rng.noiseT);
    const T0m = y[S.T0]! + noise * standardNormal(this.rng.noiseT0);
    const TKm = y[S.TK]! + noise * standardNormal(this.rng.noiseTK);

    // Safety: high alarm (announces), high-high trip (feed and firing cut until the reactor is back below the alarm).
    const T = y[S.T]!;
    if (T >= this.p.alarmT && !this.alarmed) {
      this.alarmed = true;
      this.alarms++;
      if (this.measuring) this.acc.alarms++;
      this.note(UNIT.reactor, 'alarm');
    } else if (T < this.p.alarmT - 1) this.alarmed = false;
    if (T >= this.p.tripT && t >= this.tripUntil) {
      this.tripUntil = t + 1;
      this.trips++;
      if (this.measuring) this.acc.trips++;
      this.note(UNIT.reactor, 'interlock');
    }
    if (t < this.tripUntil && T >= this.p.alarmT - 5) this.tripUntil = t + dt;
    plant.pumpRunning = t >= this.pumpTripUntil;
    plant.feedBlocked = cleaning || t < this.tripUntil;
    const flowing = plant.pumpRunning && !plant.feedBlocked;

    // Maintenance and setpoints (slow decisions).
    this.monitorFouling(Tm, TKm, flowing);
    if (t - this.lastMaintenanceCheck >= 1) {
      this.lastMaintenanceCheck = t;
      this.maintenanceDecision(t);
      this.recordLearning(t);
    }
    this.updateSoftSensor(Tm, T0m, flowing);
    this.updateSetpoints(t);

    // Regulatory loops.
    if (this.levels.control === 'L3') this.adapt(Tm, T0m, plant.applied.jacketDuty, flowing);
    const sp = this.setpoint;
    this.reactorPid.min = -plant.coolingCapacity() * 1.05;
    this.commands.jacketDuty = this.reactorPid.update(sp.T, Tm, dt);
    if (flowing) {
      this.commands.fuel = this.heaterPid.update(sp.T0, T0m, dt);
      this.commands.flow = sp.flow;
    } else {
      // Interlocked: no firing; the heater loop tracks so that it restarts bumplessly.
      this.commands.fuel = 0;
      this.heaterPid.reset(RHO_CP * sp.flow * Math.max(0, sp.T0 - plant.env.feedTemperature) / this.p.spec.heaterEfficiency);
    }
    plant.apply(this.commands);

    // Accounting over the sample just finished (the integrals were advanced by the RK4 steps before this event).
    if (!this.measuring && t - dt >= this.warmup - 1e-9) this.startMeasuring();
    this.account(t, flowing);
    // Absolute sample times k * dt (not repeated addition), so samples land on whole hours with the RK4 steps.
    this.sim.scheduleAt(++this.tick * dt, this.control, null);
  }


  /**
   * Hourly learning curves of the L3 learners (what they know after the data seen so far), for plots: the learned
   * margins, the soft sensor's and the hold predictor's validated errors, the adaptive loop's gain against SIMC's.
   */
  readonly learningCurve: {
    t: number;
    qualityMargin: number;
    temperatureMargin: number;
    capacityMargin: number;
    softSensorError: number;
    holdError: number;
    reactorGainRatio: number;
  }[] = [];

  /** The learning curve as named series (the `ModelRun` contract), one point per recorded hour. */
  learningCurves(): Record<string, { time: number; value: number }[]> {
    const series = (pick: (p: (typeof this.learningCurve)[number]) => number) =>
      this.learningCurve.map((p) => ({ time: p.t, value: pick(p) }));
    return {
      qualityMargin: series((p) => p.qualityMargin),
      temperatureMargin: series((p) => p.temperatureMargin),
      capacityMargin: series((p) => p.capacityMargin),
      softSensorError: series((p) => p.softSensorError),
      holdError: series((p) => p.holdError),
      reactorGainRatio: series((p) => p.reactorGainRatio),
    };
  }

  private recordLearning(t: number): void {
    const m = this.learnedMargin;
    this.learningCurve.push({
      t,
      qualityMargin: m.quality,
      temperatureMargin: m.temperature,
      capacityMargin: m.capacity,
      softSensorError: this.softSensorError,
      holdError: this.holdError,
      reactorGainRatio: this.reactorPid.tuning.kc / simcTuning(this.commissioning.reactor).kc,
    });
  }

  // ---------------------------------------------------------------- quality measurement
  private scheduleSampling(): void {
    const useLab = this.levels.quality === 'L1';
    const spec = useLab ? this.model.measurement.lab : this.model.measurement.analyzer;
    const rng = useLab ? this.rng.lab : this.rng.analyzer;
    const result = this.sim.channel<QualitySample>('quality:result', (sample) => this.onQualityResult(sample));
    const take = this.sim.channel<null>(useLab ? 'quality:lab-sample' : 'quality:analyzer-sample', () => {
      const y = this.plant.state;
      const sample: QualitySample = {
        time: this.sim.now,
        cB: y[S.cB]! + normal(rng, 0, spec.noise),
        cA: y[S.cA]! + normal(rng, 0, spec.noise),
        T: y[S.T]!,
        flow: this.plant.applied.flow,
        features: Float64Array.from(this.features),
        modelCB: this.modelCB,
      };
      this.sim.schedule(spec.delayHours, result, sample);
      this.sim.schedule(spec.periodHours, take, null);
    });
    this.sim.schedule(spec.periodHours, take, null);
  }

  private freshQuality = false;

  private onQualityResult(sample: QualitySample): void {
    this.latestQuality = { cB: sample.cB, time: sample.time };
    this.freshQuality = true;
    if (sample.flow <= 0) return;
    const D = sample.flow / this.p.spec.size.vR;
    this.learnQualityMargin(sample);
    // Feed concentration estimate: cB is close to proportional to cA0 at a held temperature and flow.
    let estimate = this.cA0Estimate;
    for (let i = 0; i < 3; i++) estimate *= sample.cB / steadyConcentrations(D, sample.T, estimate).cB;
    // Filtered (gain 0.5): one reading carries analyzer noise of about 0.5 % of cA0, comparable to a quarter-hour's drift.
    if (Number.isFinite(estimate) && estimate > 2 && estimate < 9) this.cA0Estimate += 0.5 * (estimate - this.cA0Estimate);
    if (this.levels.quality === 'L3' && Number.isFinite(sample.modelCB)) {
      // Validate before learning: would the soft sensor have beaten holding the previous reading?
      const soft = sample.modelCB + this.softSensor.predict(sample.features);
      this.softSensorError += 0.05 * (Math.abs(soft - sample.cB) - this.softSensorError);
      if (Number.isFinite(this.lastAnalyzerCB)) this.holdError += 0.05 * (Math.abs(this.lastAnalyzerCB - sample.cB) - this.holdError);
      this.softSensor.update(sample.features, sample.cB - sample.modelCB);
    }
    this.lastAnalyzerCB = sample.cB;
  }

  /**
   * L3 setpoint policy: each margin tracks the quantile of its constraint (Robbins-Monro): up by a step on an
   * exceedance, down by step * p / (1 - p) otherwise, so it settles where exceedances happen with probability p. Low
   * variance lets it move towards the limit; rising variance pushes it back.
   */
  private learnQualityMargin(sample: QualitySample): void {
    if (sample.flow <= 0 || this.activeGrade !== this.gradeIndex) return;
    const g = this.model.grades[this.activeGrade]!;
    const p = this.model.decisions.l3QualityExceedance;
    const step = 0.1 * this.model.decisions.l2Margins.quality;
    const exceeded = sample.cB < g.minB || sample.cB > (g.maxB ?? Infinity);
    const m = this.learnedMargin;
    m.quality = Math.min(3 * this.model.decisions.l2Margins.quality, Math.max(0, m.quality + (exceeded ? step : (-step * p) / (1 - p))));
  }

  private learnLimitMargins(T: number, load: number): void {
    const p = this.model.decisions.l3LimitExceedance;
    const l2 = this.model.decisions.l2Margins;
    const m = this.learnedMargin;
    const stepT = 0.02 * l2.temperature;
    m.temperature = Math.min(3 * l2.temperature, Math.max(0, m.temperature + (T >= this.p.alarmT - 0.5 ? stepT : (-stepT * p) / (1 - p))));
    const stepC = 0.02 * l2.capacity;
    m.capacity = Math.min(3 * l2.capacity, Math.max(0, m.capacity + (load >= this.p.spec.separatorMaxLoad ? stepC : (-stepC * p) / (1 - p))));
  }

  /** L3 soft-sensor features from what is measured every minute. */
  private updateSoftSensor(Tm: number, T0m: number, flowing: boolean): void {
    const f = this.features;
    f[0] = 1;
    f[1] = 0;
    this.modelCB = NaN;
    if (this.levels.quality !== 'L3') return;
    const flow = this.plant.applied.flow;
    const D = flow / this.p.spec.size.vR;
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
    const measuredRise = Tm - T0m - this.plant.applied.jacketDuty / (RHO_CP * flow);
    f[1] = measuredRise - reactionHeatPerLitre(this.observer.cA, this.observer.cB, Tm, r) / (RHO_CP * D);
  }

  private readonly observer = { cA: 0, cB: 0 };
  private readonly observerRates: Rates = { r1: 0, r2: 0, r3: 0 };

  /** The quality value the decisions see now. */
  qualityEstimate(): number {
    if (this.levels.quality === 'L3' && this.softSensor.updates >= 20 && Number.isFinite(this.modelCB) && this.softSensorError < this.holdError) {
      return this.modelCB + this.softSensor.predict(this.features);
    }
    return this.latestQuality?.cB ?? NaN;
  }

  private inSpec(cB: number, grade: number): boolean {
    const g = this.model.grades[grade]!;
    return cB >= g.minB && cB <= (g.maxB ?? Infinity);
  }

  // ---------------------------------------------------------------- setpoints and grade changes
  private applyProcedureSetpoints(grade: number, immediate: boolean): void {
    const o = this.model.grades[grade]!.operatorSetpoints;
    const target = {
      T: toEngine('temperature', o.reactorTemperature),
      T0: toEngine('temperature', o.feedTemperature),
      flow: o.dilutionRate * this.p.spec.size.vR,
    };
    // The operator moves setpoints over a quarter of an hour rather than stepping them.
    this.setTarget(target, immediate ? 0 : 0.25);
  }

  private setTarget(target: { T: number; T0: number; flow: number }, rampHours: number): void {
    this.rampFrom = { ...this.setpoint };
    if (rampHours <= 0) this.rampFrom = { ...target };
    this.target = { ...target };
    this.rampStart = this.sim.now;
    this.rampHours = rampHours;
    if (rampHours <= 0) this.setpoint = { ...target };
  }

  private gradeRampHours = 0;
  private gradeActivation = Infinity;
  private pendingGrade = -1;

  private updateSetpoints(t: number): void {
    // A released grade becomes active when the grade-change procedure picks it up.
    if (this.pendingGrade >= 0 && t >= this.gradeActivation) {
      this.activeGrade = this.pendingGrade;
      this.pendingGrade = -1;
      this.onGradeActivated(t);
    }
    const level = this.levels.setpoints;
    if (level === 'L1') {
      // The operator corrects a two-sided grade on a fresh quality result, at most hourly, by the procedure's gain.
      const g = this.model.grades[this.activeGrade]!;
      const gain = g.operatorSetpoints.correctionKPerMolL;
      if (this.freshQuality && gain > 0 && t - this.lastOptimisation >= 1 && this.latestQuality) {
        this.lastOptimisation = t;
        const mid = (g.minB + (g.maxB ?? g.minB + 0.1)) / 2;
        const base = toEngine('temperature', g.operatorSetpoints.reactorTemperature);
        const T = Math.min(base + 8, Math.max(base - 8, this.target.T + gain * (mid - this.latestQuality.cB)));
        this.setTarget({ ...this.target, T }, 0.25);
      }
    } else if ((this.freshQuality && t - this.lastOptimisation >= 0.25) || t - this.lastOptimisation >= 1) {
      this.lastOptimisation = t;
      this.optimise(this.gradeRamping(t) ? Math.max(0.25, this.gradeRampHours - (t - this.gradeRampStart)) : 0.25, true);
    }
    this.freshQuality = false;
    // Ramp towards the target.
    const x = this.rampHours > 0 ? Math.min(1, (t - this.rampStart) / this.rampHours) : 1;
    const sp = this.setpoint;
    sp.T = this.rampFrom.T + x * (this.target.T - this.rampFrom.T);
    sp.T0 = this.rampFrom.T0 + x * (this.target.T0 - this.rampFrom.T0);
    sp.flow = this.rampFrom.flow + x * (this.target.flow - this.rampFrom.flow);
  }

  private gradeRampStart = -Infinity;
  private gradeRamping(t: number): boolean {
    return t - this.gradeRampStart < this.gradeRampHours;
  }

  /** Margins on the constraints: fixed (L2) or learned from the observed variability (L3). */
  margins(): { quality: number; temperature: number; capacity: number } {
    return this.levels.setpoints === 'L3' ? this.learnedMargin : this.model.decisions.l2Margins;
  }

  /**
   * One RTO execution. `local`: a trust region around the current target (+-3 K, +-10 % flow), as RTO practice limits
   * each move so that the plant never jumps between the van de Vusse's two branches on one noisy estimate; a grade
   * change searches the whole window.
   */
  private optimise(rampHours: number, local = false): void {
    const g = this.model.grades[this.activeGrade]!;
    const m = this.margins();
    // A two-sided spec keeps a window of at least a tenth of its width, whatever the margin says.
    const quality = g.maxB === undefined ? m.quality : Math.min(m.quality, 0.45 * (g.maxB - g.minB));
    const spec = this.p.spec;
    const capacity = this.kwEstimate * spec.size.aR * Math.max(1, this.target.T - spec.temperedWater);
    const inputs: OptimizerInputs = {
      cA0: this.cA0Estimate,
      feedTemperature: this.plant.env.feedTemperature,
      ambient: this.plant.env.ambient,
      minB: g.minB + quality,
      maxB: (g.maxB ?? Infinity) - quality,
      maxT: this.p.alarmT - m.temperature,
      maxFlow: spec.maxFlow * (1 - m.capacity),
      maxSeparatorLoad: spec.separatorMaxLoad * (1 - m.capacity),
      maxHeaterDuty: spec.heaterMaxDuty * (1 - m.capacity),
      // Cooling kept in reserve for the temperature loop: a quarter of what the jacket can take, at most the design duty.
      jacketDuty: -Math.min(0.25 * capacity, this.designJacketDuty),
    };
    let result = optimizeSetpoints(
      inputs,
      this.p.constants,
      this.p.prices,
      local
        ? { minT: Math.max(95, this.target.T - 3), maxT: this.target.T + 3, minFlow: Math.max(0.4 * spec.maxFlow, this.target.flow * 0.9), maxFlow: this.target.flow * 1.1 }
        : undefined,
    );
    // A trust region with no point inside the equipment limits (the target was carried there by a learned offset or a
    // feed change) is left for the whole window rather than settling for the least-bad point in it.
    if (local && !result.withinLimits) result = optimizeSetpoints(inputs, this.p.constants, this.p.prices);
    this.setTarget({ T: result.T, T0: result.T0, flow: result.flow }, rampHours);
  }

  private scheduleGradeChanges(): void {
    const every = this.model.gradeChangeEveryDays * 24;
    if (this.model.grades.length < 2) return;
    const release = this.sim.channel<null>('grade:release', () => {
      const t = this.sim.now;
      // What the finished campaign learned (L3): how far feedback moved the setpoints from where the campaign began.
      if (Number.isFinite(this.gradeStartSetpoint.T)) {
        this.gradeLearnedOffset.set(this.activeGrade, { T: this.target.T - this.gradeStartSetpoint.T, flow: this.target.flow - this.gradeStartSetpoint.flow });
      }
      this.gradeIndex = (this.gradeIndex + 1) % this.model.grades.length;
      this.gradeChanges.push({ release: t, end: NaN, offSpec: 0, onSpecSince: NaN, flowing: 0, flowingAtOnSpec: NaN, flowingAtEnd: NaN });
      this.pendingGrade = this.gradeIndex;
      const level = this.levels.gradeChange;
      const shift = this.model.decisions.shiftHours;
      // L1: the new procedure reaches the board at the next shift hand-over; L2/L3: released to the DCS at once.
      this.gradeActivation = level === 'L1' ? Math.ceil((t + 1e-9) / shift) * shift : t;
      this.sim.scheduleAt(releaseTime(++cycle), release, null);
    });
    // Sales release a grade at some hour of the day its campaign is due (the demand side: the same draws at every
    // level), not on a multiple of the shift length: at exact multiples of 10 days every L1 change waited a full shift.
    const releaseTime = (k: number) => k * every + uniform(this.rng.release, 0, Math.min(24, every));
    let cycle = 1;
    this.sim.scheduleAt(releaseTime(cycle), release, null);
  }

  private onGradeActivated(t: number): void {
    this.note(UNIT.reactor, 'grade-change');
    const level = this.levels.gradeChange;
    this.gradeRampStart = t;
    this.gradeRampHours = level === 'L1' ? this.model.decisions.operatorRampHours : level === 'L2' ? 1 : 0;
    if (this.levels.setpoints === 'L1') this.applyProcedureSetpoints(this.activeGrade, false);
    else this.optimise(Math.max(this.gradeRampHours, 0.25));
    if (level !== 'L1' && this.rampHours < this.gradeRampHours) this.rampHours = this.gradeRampHours;
    if (level === 'L1') this.rampHours = this.gradeRampHours;
    if (level === 'L3') {
      // Learned from the previous campaign of this grade: start where feedback ended up, not where the plan began.
      const learned = this.gradeLearnedOffset.get(this.activeGrade);
      if (learned) this.target = { ...this.target, T: this.target.T + learned.T, flow: Math.min(this.p.spec.maxFlow, this.target.flow + learned.flow) };
      this.rampHours = 0;
      this.setpoint = { ...this.target };
      this.rampFrom = { ...this.target };
    }
    this.gradeStartSetpoint = { T: this.target.T, flow: this.target.flow };
  }

  // ---------------------------------------------------------------- maintenance
  private startFoulingCycle(): void {
    const f = this.model.disturbances.fouling;
    const { mu, sigma } = lognormalParameters(f.meanRate, f.meanRate * f.rateCv);
    this.foulingRate = f.rateCv > 0 ? lognormal(this.rng.fouling, mu, sigma) : f.meanRate;
    // A rate so small that its square underflows leaves mu NaN: draw the same lognormal on a unit mean and scale it.
    if (!Number.isFinite(this.foulingRate)) this.foulingRate = f.meanRate * lognormalOnUnitMean(this.rng.fouling, f.rateCv);
    this.cycleStart = this.sim.now;
    this.kwEstimate = this.p.spec.cleanKw;
    this.foulingFit = new Rls(2, 1, 1e4);
  }

  private lastFitUpdate = 0;
  private dutyDemand = 0;

  /** Condition monitoring: kw from the jacket's measured temperatures and duty (meaningful only while cooling). */
  private monitorFouling(Tm: number, TKm: number, flowing: boolean): void {
    const duty = this.plant.applied.jacketDuty;
    this.dutyDemand += 0.01 * (-duty - this.dutyDemand);
    const dT = Tm - TKm;
    if (!flowing || duty > -0.05 * this.plant.coolingRange || dT < 0.2) return;
    const kw = -duty / (this.p.spec.size.aR * dT);
    if (kw > 0 && kw < 3 * this.p.spec.cleanKw) this.kwEstimate += 0.02 * (kw - this.kwEstimate);
    const t = this.sim.now;
    if (t - this.lastFitUpdate >= 1) {
      this.lastFitUpdate = t;
      const phi = [1, t - this.cycleStart];
      this.foulingFit.update(phi, 1 / this.kwEstimate - 1 / this.p.spec.cleanKw);
    }
  }

  private maintenanceDecision(t: number): void {
    if (t < this.cleaningUntil) return;
    const age = t - this.cycleStart;
    const level = this.levels.maintenance;
    let clean = false;
    if (level === 'L1') clean = age >= this.model.decisions.calendarCleaningDays * 24;
    else if (level === 'L2') clean = age >= 24 && this.kwEstimate < this.model.decisions.foulingThreshold * this.p.spec.cleanKw;
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
    const spec = this.p.spec;
    const e = this.p.economics;
    const need = Math.max(this.dutyDemand, 0.5 * this.designJacketDuty) * 1.5;
    const span = spec.size.aR * Math.max(0.5, this.setpoint.T - spec.temperedWater);
    if (spec.cleanKw * span < need) return false; // even a clean jacket would fall short: cleaning is futile
    const margin = this.marginRate();
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

  /** Contribution margin now, $/h, from the feed estimate and the measured flow: what an hour of downtime loses. */
  private marginRate(): number {
    const pr = this.p.prices;
    const flow = this.target.flow;
    const ss = steadyConcentrations(flow / this.p.spec.size.vR, this.target.T, this.cA0Estimate);
    return Math.max(0, flow * (ss.cB * pr.productPerMol - this.cA0Estimate * pr.feedPerMol + ss.cA * pr.creditPerMol));
  }

  private cleaningDone?: Channel<null>;

  private startCleaning(t: number): void {
    this.cleaningUntil = t + this.p.economics.cleaningHours;
    this.cleanings++;
    this.note(UNIT.reactor, 'cleaning-start');
    if (this.measuring) {
      this.acc.cleanings++;
      this.acc.cleaningsCost += this.p.economics.cleaningCost;
    }
    this.cleaningDone ??= this.sim.channel<null>('maintenance:cleaning-done', () => {
      this.note(UNIT.reactor, 'cleaning-done');
      this.plant.env.fouling = 0;
      this.startFoulingCycle();
      this.plant.stictionActive = false; // the turnaround also overhauls the cooling valve
      this.scheduleStiction();
    });
    this.sim.schedule(this.p.economics.cleaningHours, this.cleaningDone, null);
  }

  // ---------------------------------------------------------------- faults
  private schedulePumpTrips(): void {
    const f = this.model.feedPump;
    const trip = this.sim.channel<null>('fault:feed-pump-trip', () => {
      const repair = exponential(this.rng.pump, f.mttrHours);
      this.pumpTripUntil = this.sim.now + repair;
      this.note(UNIT.feedPump, 'trip');
      this.sim.schedule(repair + exponential(this.rng.pump, f.mtbfHours), trip, null);
    });
    this.sim.schedule(exponential(this.rng.pump, f.mtbfHours), trip, null);
  }

  private stictionChannel?: Channel<null>;
  private stictionHandle = -1;

  private scheduleStiction(): void {
    this.stictionChannel ??= this.sim.channel<null>('fault:cooling-valve-stiction', () => {
      this.plant.stictionActive = true;
    });
    if (this.stictionHandle >= 0) this.sim.cancel(this.stictionHandle);
    this.stictionHandle = this.sim.schedule(exponential(this.rng.valve, this.model.coolingValve.stictionOnsetMeanHours), this.stictionChannel, null);
  }

  // ---------------------------------------------------------------- accounting and KPIs
  private startMeasuring(): void {
    this.measuring = true;
    this.foulingAtStart = this.plant.env.fouling;
    for (const change of this.gradeChanges) change.end = change.release; // changes during warm-up are not counted
  }

  private account(t: number, flowing: boolean): void {
    const y = this.plant.state;
    const last = this.last;
    const dt = CONTROL_PERIOD;
    const dB = y[S.bOut]! - last[S.bOut]!;
    const trueCB = y[S.cB]!;
    const inSpec = this.inSpec(trueCB, this.gradeIndex);
    if (this.measuring) {
      const a = this.acc;
      a.hours += dt;
      if (flowing) a.flowingHours += dt;
      if (this.toProduct && inSpec) a.onSpecB += dB;
      else {
        a.offSpecB += dB;
        if (this.toProduct) a.escapedB += dB;
      }
      a.aFed += y[S.aFed]! - last[S.aFed]!;
      const dAOut = y[S.aOut]! - last[S.aOut]!;
      a.aOut += dAOut;
      a.fuel += y[S.fuel]! - last[S.fuel]!;
      a.steam += dAOut * this.p.spec.separatorEnergyPerMolA;
      a.cooling += y[S.jacketRemoved]! - last[S.jacketRemoved]!;
      if (flowing) {
        const error = y[S.T]! - this.setpoint.T;
        a.iaeT += Math.abs(error) * dt;
        a.sqT += error * error * dt;
      }
      if (y[S.T]! > this.p.alarmT || this.plant.separatorLoad() > this.p.spec.separatorMaxLoad) a.violationHours += dt;
      const change = this.gradeChanges.at(-1);
      if (change && Number.isNaN(change.end)) {
        if (flowing && this.toProduct && inSpec) {
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
          if (!(this.toProduct && inSpec)) change.offSpec += dB;
        }
        if (flowing) change.flowing += dt;
      }
    }
    if (flowing) this.learnLimitMargins(y[S.T]!, this.plant.separatorLoad());
    last.set(y);
    // Routing for the next interval: the product tank takes only what the quality information says is on spec.
    const q = this.qualityEstimate();
    if (this.measuring && flowing && Number.isFinite(q)) {
      this.acc.qualityError += Math.abs(q - y[S.cB]!) * dt;
      this.acc.qualityHours += dt;
    }
    this.toProduct = flowing && Number.isFinite(q) && this.inSpec(q, this.gradeIndex) && this.activeGrade === this.gradeIndex;
  }

  /** Runs until `hours` (simulated); convenience for tests. */
  /** Trips, alarms, interlocks, cleanings and grade changes, for event logs (published only while observed). */
  private notableChannel?: Channel<PlantEvent>;
  private get notable(): Channel<PlantEvent> {
    return (this.notableChannel ??= this.sim.channel<PlantEvent>('notable'));
  }

  private note(unit: number, kind: PlantEventKind): void {
    if (this.notableChannel?.observed) this.notableChannel.publish({ time: this.sim.now, unit, kind });
  }

  /**
   * The units for the app's views: pump, heater, reactor, separator and the two product tanks. States come from what
   * the plant is doing (feed pump tripped: down; jacket cleaning: maintenance; cooling valve sticking: blocked); the
   * inventory column holds each tank's accumulated tonnes; utilisation is the load against design.
   */
  view(): PlantView {
    // One day of design production of B, mol (design flow at the reference design point, 114.19 C and mean feed): the
    // size the view draws a product tank at.
    const spec = this.p.spec;
    const designCB = steadyConcentrations(spec.designFlow / spec.size.vR, 114.19, this.model.disturbances.feedConcentration.mean).cB;
    const dayOfDesignB = 24 * spec.designFlow * designCB;
    const units: UnitInfo[] = [
      { id: 'feed-pump', name: 'Feed pump', kind: 'pump', next: ['preheater'] },
      { id: 'preheater', name: 'Fired preheater', kind: 'heater', next: ['reactor'] },
      { id: 'reactor', name: 'CSTR (van de Vusse)', kind: 'reactor', next: ['separator'] },
      { id: 'separator', name: 'Separator', kind: 'column', next: ['product-tank', 'off-spec-tank'] },
      { id: 'product-tank', name: 'Product tank', kind: 'tank' },
      { id: 'off-spec-tank', name: 'Off-spec tank', kind: 'tank' },
    ];
    return {
      units,
      events$: this.notable.events$,
      readEnergy: (out) => {
        // Fuel fired in the preheater (kJ to kWh); the other units' energy is not metered in this model.
        out.fill(NaN);
        out[UNIT.preheater] = this.plant.state[S.fuel]! / 3600;
      },
      // What the L3 setpoint layer has settled on: the RTO's targets under its learned margins (and, at grade-change
      // L3, where the previous campaign of the grade ended up). Shown only when the setpoints capability runs at L3.
      predictions: [
        { name: 'temperature-setpoint', unit: '°C', decimals: 1 },
        { name: 'feed-setpoint', unit: 'm³/h', decimals: 1 },
      ],
      readPredictions: (out) => {
        out.fill(NaN);
        if (this.levels.setpoints !== 'L3') return;
        const n = units.length;
        out[UNIT.preheater] = this.target.T0;
        out[UNIT.reactor] = this.target.T;
        out[n + UNIT.feedPump] = this.target.flow / 1000; // L/h to m3/h
      },
      readLevels: (out) => {
        // The model gives the tanks no working volume; the view draws each as holding one day of design production
        // and shows its content since the last full tank, so the level moves at the rate the plant routes to it.
        out.fill(NaN);
        out[UNIT.productTank] = fractionOfTank(this.acc.onSpecB, dayOfDesignB);
        out[UNIT.offSpecTank] = fractionOfTank(this.acc.offSpecB, dayOfDesignB);
      },
      signal: { name: 'temperature', unit: '°C' },
      readSignals: (out) => {
        // Process temperatures where a unit has one: preheater outlet and reactor (true values; the sensor noise is
        // small next to the overlay's rounding).
        out.fill(NaN);
        out[UNIT.preheater] = this.plant.state[S.T0]!;
        out[UNIT.reactor] = this.plant.state[S.T]!;
      },
      read: (states, inventory, utilization, completed) => {
        const t = this.sim.now;
        // A continuous plant: no discrete parts finish (the 3D view animates pipes instead of conveyors).
        completed?.fill(0);
        const plant = this.plant;
        const flowing = plant.applied.flow > 0;
        const running = flowing ? UnitState.running : UnitState.idle;
        states[0] = t < this.pumpTripUntil ? UnitState.down : running;
        states[1] = running;
        states[2] = t < this.cleaningUntil ? UnitState.maintenance : plant.stictionActive ? UnitState.blocked : running;
        states[3] = running;
        states[4] = flowing && this.toProduct ? UnitState.running : UnitState.idle;
        states[5] = flowing && !this.toProduct ? UnitState.running : UnitState.idle;
        const load = plant.applied.flow / this.p.spec.designFlow;
        utilization[0] = load;
        utilization[1] = plant.applied.fuel / (this.p.spec.heaterMaxDuty / this.p.spec.heaterEfficiency);
        utilization[2] = load;
        utilization[3] = load;
        utilization[4] = 0;
        utilization[5] = 0;
        inventory[0] = inventory[1] = inventory[2] = inventory[3] = 0;
        inventory[4] = (this.acc.onSpecB * MOLAR_MASS.B) / 1000;
        inventory[5] = (this.acc.offSpecB * MOLAR_MASS.B) / 1000;
      },
    };
  }

  runUntil(hours: number): void {
    this.sim.runUntil(hours);
  }

  /** KPIs that have no value yet, and why (NaN in `kpis()`): per-grade-change measures before any measured change. */
  kpisWithoutData(): string[] {
    const changes = this.gradeChanges.filter((c) => c.release >= this.warmup);
    const none = [];
    if (!changes.some((c) => c.flowing > 0 || !Number.isNaN(c.end))) none.push('developmentCycle', 'changeoverTime');
    if (!changes.some((c) => !Number.isNaN(c.end))) none.push('gradeChangeOffSpec');
    return none;
  }

  /** When each grade was released, h (warm-up included). */
  gradeReleases(): number[] {
    return this.gradeChanges.map((c) => c.release);
  }

  private foulingAtStart = 0;

  /**
   * The share of a jacket cleaning the run leaves owed (or, negative, ahead of): the share of the clean jacket's
   * heat-transfer coefficient lost since measuring began, which one cleaning restores. A policy that defers its cleaning
   * past the end of the run is charged for the capacity it leaves lost (close to a whole cleaning for a badly fouled
   * jacket, never more); a plant that ends cleaner than it started is credited. The coefficient is physics, on the same
   * scale at every level, so the charge does not depend on any level's policy.
   */
  cleaningOwed(): number {
    if (!this.measuring) return 0;
    const clean = this.p.spec.cleanKw;
    const fractionOfClean = (resistance: number) => 1 / (1 + clean * resistance);
    // A cleaning under way at the end has been counted; the jacket it restores is clean.
    const now = this.sim.now < this.cleaningUntil ? 0 : this.plant.env.fouling;
    return fractionOfClean(this.foulingAtStart) - fractionOfClean(now);
  }

  kpis(): ProcessKpis {
    const a = this.acc;
    const e = this.p.economics;
    const pr = this.p.prices;
    // The cleaning the run leaves owed, as downtime and cost still to come (see `cleaningOwed`).
    const owed = this.cleaningOwed();
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
      (offSpecKg - a.escapedB * MOLAR_MASS.B) * e.offSpecHandlingPerKg +
      a.escapedB * MOLAR_MASS.B * e.escapedClaimPerKg;
    const revenue = (a.onSpecB + a.escapedB) * MOLAR_MASS.B * e.productPerKg + (offSpecKg - a.escapedB * MOLAR_MASS.B) * e.productPerKg * e.offSpecValueFraction;
    const changes = this.gradeChanges.filter((c) => c.release >= this.warmup);
    // Changes still under way at the end are censored at the hours they have run, not counted as finished.
    const changeover = restrictedMean(changes.map((c) => (Number.isNaN(c.end) ? { time: c.flowing, finished: false } : { time: c.flowingAtEnd, finished: true })));
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
      developmentCycle: changeover,
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

/** Content as a fraction of a tank that is emptied (shipped) each time it fills: for the 3D view only. */
function fractionOfTank(content: number, capacity: number): number {
  return capacity > 0 ? (content % capacity) / capacity : NaN;
}
