/**
 * One replication of the petrochemical plant at given capability levels. The plant (`plant.ts`) and every random
 * disturbance are the same at every level; the levels change only what is measured (lab, analyzer, soft sensor), what
 * is connected (who knows the feed quality and the fouling, and when) and the decision logic (PID tuning, setpoint
 * policy, cleaning policy, grade-change procedure). Every KPI is computed from what the run did.
 *
 * The units live in `units/`, each with what physics its equipment adds on the event side and what each level decides
 * about it: `feed.ts` (supply drift, pump trips), `heater.ts` (fuel loop), `reactor.ts` (temperature loop, adaptive
 * retuning, interlocks, cooling valve), `jacket.ts` (fouling, cleaning policy), `separator.ts` (quality information and
 * routing), `tanks.ts` (accounts and KPIs), `decisions.ts` (setpoints and grade changes across the units). This file
 * wires them and runs the one-minute control sample in a fixed order.
 */
import { integrate } from '../kernel/continuous.ts';
import { exp } from '../math/index.ts';
import { Simulation } from '../kernel/simulation.ts';
import type { Channel } from '../kernel/channel.ts';
import type { CapabilityLevels, Level } from '../experiment/levels.ts';
import { RandomStreams } from '../random/stream.ts';
import { UnitState, type PlantEvent, type PlantEventKind, type PlantView, type UnitInfo } from '../runtime/view.ts';
import type { PetrochemicalModel } from '../model/petrochemical-model.ts';
import type { Fopdt } from './control.ts';
import { MOLAR_MASS, Plant, S, type Commands } from './plant.ts';
import { CONTROL_PERIOD, RK4_STEP, commissioningModels, designPlant, processParameters, type ProcessParameters } from './setup.ts';
import { steadyConcentrations } from './van-de-vusse.ts';
import { PROCESS_CAPABILITIES, UNIT, type ProcessCapability, type ProcessContext } from './units/context.ts';
import { SetpointPolicy } from './units/decisions.ts';
import { levelCostPerHour } from './level-costs.ts';
import { developNewGrade, type DevelopmentResult } from './units/development.ts';
import { Feed } from './units/feed.ts';
import { Heater } from './units/heater.ts';
import { Jacket } from './units/jacket.ts';
import { Reactor } from './units/reactor.ts';
import { Separator } from './units/separator.ts';
import { Tanks, type ProcessKpis } from './units/tanks.ts';
import type { PlantControl } from '../runtime/control.ts';
import type { PlantSnapshot, SynchroniseResult } from '../runtime/synchronise.ts';
import { processControl } from './commands.ts';
import { synchroniseProcess } from './synchronise.ts';

export { PROCESS_CAPABILITIES, type ProcessCapability } from './units/context.ts';
export { CONTROL_PERIOD, RK4_STEP, commissioningModels, designPlant, processParameters, type CommissioningModels, type ProcessParameters } from './setup.ts';
export type { ProcessKpis } from './units/tanks.ts';

export class PetrochemicalSimulation {
  readonly sim = new Simulation();
  readonly plant: Plant;
  readonly levels: Readonly<Record<ProcessCapability, Level>>;
  private readonly p: ProcessParameters;
  readonly model: PetrochemicalModel;
  private readonly commands: Commands;
  private readonly control: Channel<null>;
  private tick = 0;
  private lastMaintenanceCheck = 0;
  private readonly streams: RandomStreams;
  /** What the capabilities at their levels install and run, $ per hour. */
  readonly levelCost: number;
  private development: DevelopmentResult | undefined | null = null;
  /**
   * A catalyst activity handed over by a twin (`synchronise.ts`): from `time` on the activity decays from `activity` at
   * the model's rate. Undefined (fresh catalyst at time 0) unless a twin set it, so a plain run is unchanged.
   */
  private activityAnchor: { time: number; activity: number } | undefined;
  private handOver?: Channel<PlantSnapshot>;

  readonly feed: Feed;
  readonly heater: Heater;
  readonly reactor: Reactor;
  readonly jacket: Jacket;
  readonly separator: Separator;
  readonly tanks: Tanks;
  readonly decisions: SetpointPolicy;

  constructor(model: PetrochemicalModel, seed: number, capabilities: CapabilityLevels) {
    this.model = model;
    this.p = processParameters(model);
    this.levels = Object.fromEntries(PROCESS_CAPABILITIES.map((c) => [c, capabilities[c] ?? 'L1'])) as Record<ProcessCapability, Level>;
    const { plant, commands } = designPlant(this.p);
    this.plant = plant;
    this.commands = commands;
    this.streams = new RandomStreams(seed);
    this.levelCost = levelCostPerHour(model, this.levels);
    const ctx: ProcessContext = {
      sim: this.sim,
      plant,
      p: this.p,
      model,
      levels: this.levels,
      streams: this.streams,
      measuring: () => this.tanks.measuring,
      note: (unit, kind) => this.note(unit, kind),
    };
    const designJacketDuty = -commands.jacketDuty;
    const commissioning = commissioningModels(this.p);
    this.tanks = new Tanks(ctx);
    this.feed = new Feed(ctx);
    this.separator = new Separator(
      ctx,
      () => this.decisions.gradeIndex,
      (sample) => this.decisions.learnQualityMargin(sample),
      () => this.decisions.modelActivity,
    );
    // Regulatory control: tuning per level from the commissioning step tests.
    this.reactor = new Reactor(ctx, commissioning.reactor, commands.jacketDuty, this.tanks.acc);
    this.heater = new Heater(ctx, commissioning.heater, commands.fuel);
    this.jacket = new Jacket(
      ctx,
      designJacketDuty,
      { marginRate: () => this.decisions.marginRate(), temperatureSetpoint: () => this.decisions.setpoint.T },
      this.tanks.acc,
      () => this.reactor.overhaulValve(),
    );
    this.decisions = new SetpointPolicy(ctx, this.separator, this.tanks, designJacketDuty, () => this.jacket.kwEstimate);

    // Setpoints start at the first grade's operating procedure.
    this.decisions.applyProcedureSetpoints(0, true);

    this.jacket.startFoulingCycle();
    integrate(this.sim, { name: 'plant', state: plant.state, derivatives: plant.derivatives }, RK4_STEP);
    this.control = this.sim.channel<null>('control', () => this.controlSample());
    this.sim.scheduleAt(++this.tick * CONTROL_PERIOD, this.control, null);
    this.separator.scheduleSampling();
    this.feed.scheduleTrips();
    this.decisions.scheduleGradeChanges();
    this.reactor.scheduleStiction();
  }

  // ---------------------------------------------------------------- the control sample
  private controlSample(): void {
    const t = this.sim.now;
    const dt = CONTROL_PERIOD;
    const plant = this.plant;
    // Disturbances (the same draws at every level).
    this.feed.disturb(t, dt);
    const cleaning = this.jacket.cleaning(t);
    this.jacket.grow(t, dt);
    // Catalyst activity held for the sample (it changes over days; the sample is a minute).
    const deactivation = this.model.reactor.catalyst?.deactivationPerDay ?? 0;
    const anchor = this.activityAnchor;
    if (anchor) plant.env.activity = anchor.activity * exp((-deactivation * (t - anchor.time)) / 24);
    else if (deactivation > 0) plant.env.activity = exp((-deactivation * t) / 24);

    // Measurements.
    const Tm = this.reactor.measureTemperature();
    const T0m = this.heater.measureOutlet();
    const TKm = this.reactor.measureJacket();

    // Safety: the interlock cuts feed and firing.
    this.reactor.safety(t, dt);
    plant.pumpRunning = this.feed.pumpRunning(t);
    plant.feedBlocked = cleaning || this.reactor.interlocked(t);
    const flowing = plant.pumpRunning && !plant.feedBlocked;

    // Maintenance and setpoints (slow decisions).
    this.jacket.monitor(Tm, TKm, flowing);
    if (t - this.lastMaintenanceCheck >= 1) {
      this.lastMaintenanceCheck = t;
      this.jacket.decide(t);
      this.recordLearning(t);
    }
    this.separator.updateSoftSensor(Tm, T0m, flowing);
    this.decisions.update(t);

    // Regulatory loops.
    const sp = this.decisions.setpoint;
    this.commands.jacketDuty = this.reactor.jacketDuty(sp.T, Tm, T0m, flowing, dt);
    this.commands.fuel = this.heater.fuel(sp.T0, T0m, sp.flow, flowing, dt);
    if (flowing) this.commands.flow = sp.flow;
    plant.apply(this.commands);

    // Accounting over the sample just finished (the integrals were advanced by the RK4 steps before this event).
    if (!this.tanks.measuring && t - dt >= this.model.warmupHours - 1e-9) this.startMeasuring();
    this.tanks.book(t, flowing, this.separator.toProduct, this.decisions.gradeIndex, sp.T);
    if (flowing) this.decisions.learnLimitMargins(plant.state[S.T]!, plant.separatorLoad());
    // Routing for the next interval: the product tank takes only what the quality information says is on spec.
    const q = this.separator.qualityEstimate();
    this.tanks.bookQualityError(q, flowing);
    this.separator.route(q, flowing, this.decisions.gradeIndex, this.decisions.activeGrade);
    // Absolute sample times k * dt (not repeated addition), so samples land on whole hours with the RK4 steps.
    this.sim.scheduleAt(++this.tick * dt, this.control, null);
  }

  private startMeasuring(): void {
    this.tanks.startMeasuring();
    this.jacket.startMeasuring();
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
    const series = (pick: (p: (typeof this.learningCurve)[number]) => number) => this.learningCurve.map((p) => ({ time: p.t, value: pick(p) }));
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
    const m = this.decisions.learnedMargin;
    this.learningCurve.push({
      t,
      qualityMargin: m.quality,
      temperatureMargin: m.temperature,
      capacityMargin: m.capacity,
      softSensorError: this.separator.softSensorError,
      holdError: this.separator.holdError,
      reactorGainRatio: this.reactor.gainRatio(),
    });
  }

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
        out[UNIT.preheater] = this.decisions.target.T0;
        out[UNIT.reactor] = this.decisions.target.T;
        out[n + UNIT.feedPump] = this.decisions.target.flow / 1000; // L/h to m3/h
      },
      readLevels: (out) => {
        // The model gives the tanks no working volume; the view draws each as holding one day of design production
        // and shows its content since the last full tank, so the level moves at the rate the plant routes to it.
        out.fill(NaN);
        out[UNIT.productTank] = fractionOfTank(this.acc.onSpecB, dayOfDesignB);
        out[UNIT.offSpecTank] = fractionOfTank(this.acc.offSpecB, dayOfDesignB);
      },
      // What the plant's flow, composition and duty instruments read (true values, as the temperature signal): the
      // feed flow, the reactor outlet's A (from the recovered-A overhead flow) and B (the product analyzer), the
      // jacket's temperature and the heat it removes. A twin estimates catalyst activity and fouling from them.
      measurements: [
        { name: 'flow', unit: 'm³/h', decimals: 2 },
        { name: 'outlet A', unit: 'mol/L', decimals: 4 },
        { name: 'outlet B', unit: 'mol/L', decimals: 4 },
        { name: 'jacket temperature', unit: '°C', decimals: 2 },
        { name: 'jacket duty', unit: 'kW', decimals: 1 },
      ],
      readMeasurements: (out) => {
        out.fill(NaN);
        const n = units.length;
        const y = this.plant.state;
        out[UNIT.feedPump] = this.plant.applied.flow / 1000;
        out[n + UNIT.reactor] = y[S.cA]!;
        out[2 * n + UNIT.reactor] = y[S.cB]!;
        out[3 * n + UNIT.reactor] = y[S.TK]!;
        out[4 * n + UNIT.reactor] = -this.plant.applied.jacketDuty / 3600;
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
        states[0] = t < this.feed.pumpTripUntil ? UnitState.down : running;
        states[1] = running;
        states[2] = t < this.jacket.cleaningUntil ? UnitState.maintenance : plant.stictionActive ? UnitState.blocked : running;
        states[3] = running;
        states[4] = flowing && this.separator.toProduct ? UnitState.running : UnitState.idle;
        states[5] = flowing && !this.separator.toProduct ? UnitState.running : UnitState.idle;
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

  /** The decisions the plant accepts from outside (see `commands.ts`). */
  externalControl(): PlantControl {
    return processControl(this, {
      minTemperature: 95,
      maxTemperature: this.p.alarmT - 1,
      minFeed: (0.4 * this.p.spec.maxFlow) / 1000,
      maxFeed: this.p.spec.maxFlow / 1000,
    });
  }

  /**
   * A twin's state hand-over (`ModelRun.synchronise`, `synchronise.ts`), carried out as a kernel event at the current
   * time. The channel is created on the first hand-over only, so a run without one has exactly the channels it had.
   */
  synchronise(snapshot: PlantSnapshot): SynchroniseResult {
    let result: SynchroniseResult = { copied: [], skipped: [] };
    this.handOver ??= this.sim.channel<PlantSnapshot>('twin-hand-over', (s) => (result = synchroniseProcess(this, s)));
    this.sim.schedule(0, this.handOver, snapshot);
    this.sim.runUntil(this.sim.now);
    return result;
  }

  /** Catalyst activity now, and from now on decaying at the model's rate (a twin's hand-over). */
  setCatalystActivity(activity: number): void {
    this.activityAnchor = { time: this.sim.now, activity };
    this.plant.env.activity = activity;
  }

  /** Whether the reactor jacket is being cleaned now. */
  get cleaningNow(): boolean {
    return this.jacket.cleaning(this.sim.now);
  }

  /** A jacket cleaning ordered from outside: the same turnaround the maintenance policy orders. */
  orderCleaning(): void {
    this.jacket.orderCleaning(this.sim.now);
  }

  /** A setpoint moved from outside (reactor temperature in °C, feed in m³/h); see `SetpointPolicy.moveSetpoint`. */
  moveSetpoint(name: 'reactor-temperature' | 'feed', value: number): void {
    this.decisions.moveSetpoint(name, value);
  }

  /** The catalyst activity the RTO's model assumes, set from outside (`SetpointPolicy.modelActivity`). */
  setModelActivity(activity: number): void {
    this.decisions.modelActivity = activity;
  }

  kpis(): ProcessKpis {
    const kpis = this.tanks.kpis(this.jacket.cleaningOwed(), this.separator.labSamples * this.model.economics.labAnalysisCost, this.levelCost);
    const development = this.newGradeDevelopment();
    kpis.developmentCycle = development?.hours ?? NaN;
    kpis.developmentCost = development ? development.cost / 1000 : NaN;
    kpis.developmentTrials = development?.trials ?? NaN;
    return kpis;
  }

  /**
   * The development of the model's new grade at this run's gradeChange level (`units/development.ts`): computed once,
   * apart from the continuous run, with the replication's own draws.
   */
  newGradeDevelopment(): DevelopmentResult | undefined {
    if (this.development === null) {
      const spec = this.p.spec;
      this.development = developNewGrade(this.model, this.levels.gradeChange, this.streams, spec.designFlow, spec.maxFlow, spec.size.vR);
    }
    return this.development;
  }

  /** KPIs that have no value, and why (NaN in `kpis()`). */
  kpisWithoutData(): string[] {
    const none = this.tanks.kpisWithoutData();
    if (!this.model.newGrade) none.push('developmentCycle', 'developmentCost', 'developmentTrials');
    return none;
  }

  /** When each grade was released, h (warm-up included). */
  gradeReleases(): number[] {
    return this.tanks.gradeReleases();
  }

  /** The share of a jacket cleaning the run leaves owed (`Jacket.cleaningOwed`). */
  cleaningOwed(): number {
    return this.jacket.cleaningOwed();
  }

  // Readings for tests, plots and the app.
  get acc(): Tanks['acc'] {
    return this.tanks.acc;
  }
  get setpoint(): SetpointPolicy['setpoint'] {
    return this.decisions.setpoint;
  }
  get learnedMargin(): SetpointPolicy['learnedMargin'] {
    return this.decisions.learnedMargin;
  }
  get gradeIndex(): number {
    return this.decisions.gradeIndex;
  }
  get adaptiveRetunes(): number {
    return this.reactor.adaptiveRetunes;
  }
  get adaptiveModel(): Fopdt | undefined {
    return this.reactor.adaptiveModel;
  }
  get cleanings(): number {
    return this.jacket.cleanings;
  }
  get softSensorError(): number {
    return this.separator.softSensorError;
  }
  get holdError(): number {
    return this.separator.holdError;
  }
  get toProduct(): boolean {
    return this.separator.toProduct;
  }
  qualityEstimate(): number {
    return this.separator.qualityEstimate();
  }
  margins(): { quality: number; temperature: number; capacity: number } {
    return this.decisions.margins();
  }
}

/** Content as a fraction of a tank that is emptied (shipped) each time it fills: for the 3D view only. */
function fractionOfTank(content: number, capacity: number): number {
  return capacity > 0 ? (content % capacity) / capacity : NaN;
}
