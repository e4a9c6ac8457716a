/**
 * The CSTR, its temperature loop, its safety interlocks and the cooling valve. Physics (`plant.ts`): van de Vusse
 * kinetics, the jacket's heat transfer (fouling in `jacket.ts`) and the valve's stick-slip dead band; here the valve's
 * stiction appears after a random time (cleared at each turnaround). The temperature loop is a PI on the jacket duty,
 * tuned per level (`loop-tuning.ts`); at L3 it identifies an ARX model online and retunes hourly. The high alarm and the
 * high-high trip (feed and firing cut) act the same at every level.
 */
import type { Channel } from '../../kernel/channel.ts';
import { Pid, Rls, simcTuning, type Fopdt } from '../control.ts';
import { exponential, standardNormal } from '../../random/distributions.ts';
import type { Rng } from '../../random/stream.ts';
import { log } from '../../math/index.ts';
import { S } from '../plant.ts';
import { CONTROL_PERIOD } from '../setup.ts';
import { UNIT, type ProcessContext } from './context.ts';
import { loopTuning } from './loop-tuning.ts';

/** Alarm and trip counts over the measured period. */
export interface SafetyCounts {
  alarms: number;
  trips: number;
}

export class Reactor {
  readonly pid: Pid;
  private readonly noise: { T: Rng; TK: Rng; valve: Rng };
  // L3: online identification.
  private readonly adaptiveRls = new Rls(4, 0.998, 1e2);
  private readonly phi = new Float64Array(4);
  private lastT0 = NaN;
  private lastT = NaN;
  private lastDuty = NaN;
  adaptiveRetunes = 0;
  adaptiveModel: Fopdt | undefined;
  // Safety.
  tripUntil = -Infinity;
  private alarmed = false;
  alarms = 0;
  trips = 0;
  // Cooling valve.
  private stictionChannel?: Channel<null>;
  private stictionHandle = -1;

  constructor(
    private readonly ctx: ProcessContext,
    private readonly commissioning: Fopdt,
    jacketDuty: number,
    private readonly measured: SafetyCounts,
  ) {
    this.pid = new Pid(loopTuning(ctx, commissioning), jacketDuty, -Infinity, 0);
    const s = (name: string) => ctx.streams.stream(name);
    this.noise = { T: s('noise:TT-reactor'), TK: s('noise:TT-jacket'), valve: s('fault:cooling-valve') };
  }

  measureTemperature(): number {
    return this.ctx.plant.state[S.T]! + this.ctx.model.disturbances.temperatureNoise * standardNormal(this.noise.T);
  }

  measureJacket(): number {
    return this.ctx.plant.state[S.TK]! + this.ctx.model.disturbances.temperatureNoise * standardNormal(this.noise.TK);
  }

  /** High alarm (announces), high-high trip (feed and firing cut until the reactor is back below the alarm). */
  safety(t: number, dt: number): void {
    const { p, plant } = this.ctx;
    const ctx = this.ctx;
    const T = plant.state[S.T]!;
    if (T >= p.alarmT && !this.alarmed) {
      this.alarmed = true;
      this.alarms++;
      if (ctx.measuring()) this.measured.alarms++;
      ctx.note(UNIT.reactor, 'alarm');
    } else if (T < p.alarmT - 1) this.alarmed = false;
    if (T >= p.tripT && t >= this.tripUntil) {
      this.tripUntil = t + 1;
      this.trips++;
      if (ctx.measuring()) this.measured.trips++;
      ctx.note(UNIT.reactor, 'interlock');
    }
    if (t < this.tripUntil && T >= p.alarmT - 5) this.tripUntil = t + dt;
  }

  interlocked(t: number): boolean {
    return t < this.tripUntil;
  }

  /** Jacket duty for the next period (L3 identifies and retunes first). */
  jacketDuty(setpoint: number, Tm: number, T0m: number, flowing: boolean, dt: number): number {
    const plant = this.ctx.plant;
    if (this.ctx.levels.control === 'L3') this.adapt(Tm, T0m, plant.applied.jacketDuty, flowing);
    this.pid.min = -plant.coolingCapacity() * 1.05;
    return this.pid.update(setpoint, Tm, dt);
  }

  /** The loop's gain against SIMC on the commissioning model (1 until L3 retunes). */
  gainRatio(): number {
    return this.pid.tuning.kc / simcTuning(this.commissioning).kc;
  }

  /** L3: online ARX(1) identification of the reactor temperature's response to the jacket duty, SIMC retuning hourly. */
  private adapt(T: number, T0: number, duty: number, flowing: boolean): void {
    if (flowing && Number.isFinite(this.lastT)) {
      const scale = this.ctx.p.spec.size.vR; // keep the regressors of similar size
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
      const b = this.adaptiveRls.theta[1]! / this.ctx.p.spec.size.vR;
      const base = this.commissioning;
      if (a > 0.05 && a < 0.995 && b / (1 - a) > 0.1 * base.k && b / (1 - a) < 10 * base.k) {
        const tau1 = -CONTROL_PERIOD / log(a);
        // The ARX model folds the jacket lag into one sample of delay; keep the commissioning delay as a floor.
        const model = { k: b / (1 - a), tau1, theta: Math.max(base.theta, CONTROL_PERIOD) };
        this.adaptiveModel = model;
        this.pid.tuning = simcTuning(model);
        this.adaptiveRetunes++;
      }
    }
  }

  /** Cooling valve: stiction develops an exponential time after each turnaround (`overhaulValve`). */
  scheduleStiction(): void {
    const sim = this.ctx.sim;
    this.stictionChannel ??= sim.channel<null>('fault:cooling-valve-stiction', () => {
      this.ctx.plant.stictionActive = true;
    });
    if (this.stictionHandle >= 0) sim.cancel(this.stictionHandle);
    this.stictionHandle = sim.schedule(exponential(this.noise.valve, this.ctx.model.coolingValve.stictionOnsetMeanHours), this.stictionChannel, null);
  }

  /** The turnaround also overhauls the cooling valve. */
  overhaulValve(): void {
    this.ctx.plant.stictionActive = false;
    this.scheduleStiction();
  }
}
