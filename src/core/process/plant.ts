/**
 * The petrochemical plant's physics, identical at every level: feed tank, feed pump, fired preheater, the scaled van de
 * Vusse reactor with its jacket, the cooling valve and a sharp-split separator. One continuous state vector holds the
 * process states and the running integrals that the balances and the economics read (so the integrals are exactly as
 * accurate as the states: RK4 over the same steps).
 *
 * Nothing here decides anything: controllers write the actuator commands (`commands`), the plant applies equipment
 * limits (pump capacity and trips, valve stiction, jacket cooling capacity, heater maximum) and integrates.
 */
import { CA, CB, CC, CD, TR, TK, VDV_REFERENCE, reactorDerivatives, type ReactorInputs, type ReactorSize, type Rates } from './van-de-vusse.ts';

/** Indices of the plant state vector beyond the reactor's six. */
export const S = {
  cA: CA,
  cB: CB,
  cC: CC,
  cD: CD,
  T: TR,
  TK,
  /** Preheater outlet (reactor feed) temperature, deg C. */
  T0: 6,
  /** A concentration in the feed tank, mol/L. */
  tankCA0: 7,
  // Running integrals from t = 0:
  aFed: 8,
  aOut: 9,
  bOut: 10,
  cOut: 11,
  dOut: 12,
  /** Fuel fired, kJ. */
  fuel: 13,
  /** Heat removed by the jacket circuit, kJ. */
  jacketRemoved: 14,
  /** Enthalpy carried into / out of the reactor by the flow (relative to 0 deg C), kJ. */
  enthalpyIn: 15,
  enthalpyOut: 16,
  /** Heat taken up by the feed in the preheater, kJ; casing loss, kJ. */
  heaterToFeed: 17,
  heaterLoss: 18,
  /** Volume of effluent, L. */
  volumeOut: 19,
  /** Heat released by the reactions, kJ (from the rates; the balance test rebuilds it from the species instead). */
  reactionHeat: 20,
  size: 21,
} as const;

/** Molar masses, kg/mol: A cyclopentadiene, B cyclopentenol, C cyclopentanediol, D dicyclopentadiene. */
export const MOLAR_MASS = { A: 0.0661, B: 0.08412, C: 0.10213, D: 0.1322 } as const;

export interface PlantSpec {
  size: ReactorSize;
  /** Design volumetric feed flow, L/h. */
  designFlow: number;
  /** Feed pump maximum, L/h. */
  maxFlow: number;
  cleanKw: number;
  temperedWater: number;
  heaterEfficiency: number;
  /** Maximum absorbed duty, kJ/h. */
  heaterMaxDuty: number;
  /** Heater coil heat capacity, kJ/K. */
  heaterCapacity: number;
  /** Casing loss coefficient, kJ/(h K). */
  heaterLossUA: number;
  tankVolume: number;
  separatorEnergyPerMolA: number;
  /** Separator flooding limit on overhead A, mol/h. */
  separatorMaxLoad: number;
  stictionBand: number;
}

/** Actuator commands written by the control layer each sample. */
export interface Commands {
  /** Feed flow, L/h. */
  flow: number;
  /** Jacket duty, kJ/h (<= 0). */
  jacketDuty: number;
  /** Fuel fired, kJ/h. */
  fuel: number;
}

/** Disturbance values held between samples (zero-order hold). */
export interface Environment {
  supplyCA0: number;
  feedTemperature: number;
  ambient: number;
  /** Jacket fouling resistance, h m2 K / kJ. */
  fouling: number;
  /** Catalyst activity, 0..1 (1: fresh; multiplies the reaction rates). */
  activity: number;
}

export class Plant {
  readonly state = new Float64Array(S.size);
  readonly env: Environment = { supplyCA0: 5.1, feedTemperature: 40, ambient: 20, fouling: 0, activity: 1 };
  /** What the actuators actually do (after limits, trips and stiction). */
  readonly applied: Commands = { flow: 0, jacketDuty: 0, fuel: 0 };
  pumpRunning = true;
  /** Feed held off by an interlock or a cleaning. */
  feedBlocked = false;
  stictionActive = false;
  /** Nominal range of the cooling valve, kJ/h, for the stiction band. */
  readonly coolingRange: number;
  private readonly u: ReactorInputs = { F: 0, QK: 0, cA0: 0, T0: 0, kw: 0, activity: 1 };
  private readonly r: Rates = { r1: 0, r2: 0, r3: 0 };
  private readonly rhoCp = VDV_REFERENCE.rho * VDV_REFERENCE.cp;

  constructor(readonly spec: PlantSpec) {
    this.coolingRange = spec.cleanKw * spec.size.aR * 20;
  }

  /** Wall coefficient now, from the fouling resistance. */
  get kw(): number {
    return 1 / (1 / this.spec.cleanKw + this.env.fouling);
  }

  /** Most heat the jacket can take: the jacket cannot run colder than the tempered-water supply. */
  coolingCapacity(): number {
    return Math.max(0, this.kw * this.spec.size.aR * (this.state[S.T]! - this.spec.temperedWater));
  }

  /** Overhead A load of the separator now, mol/h. */
  separatorLoad(): number {
    return this.applied.flow * this.state[S.cA]!;
  }

  /** Applies equipment limits to the control layer's commands. Called at each control sample. */
  apply(commands: Commands): void {
    const flowing = this.pumpRunning && !this.feedBlocked;
    this.applied.flow = flowing ? Math.min(Math.max(commands.flow, 0), this.spec.maxFlow) : 0;
    // A sticky valve moves only when the command leaves the dead band around where it stuck, then jumps (stick-slip).
    const wanted = Math.min(0, Math.max(commands.jacketDuty, -this.coolingCapacity()));
    if (!this.stictionActive || Math.abs(wanted - this.applied.jacketDuty) > this.spec.stictionBand * this.coolingRange) {
      this.applied.jacketDuty = wanted;
    } else {
      this.applied.jacketDuty = Math.max(this.applied.jacketDuty, -this.coolingCapacity());
    }
    // Low-flow interlock: no firing without flow through the coil.
    this.applied.fuel = flowing ? Math.min(Math.max(commands.fuel, 0), this.spec.heaterMaxDuty / this.spec.heaterEfficiency) : 0;
  }

  /** dy/dt for the whole plant; no allocation (runs four times per RK4 step). */
  readonly derivatives = (_t: number, y: Float64Array, dydt: Float64Array): void => {
    const spec = this.spec;
    const flow = this.applied.flow;
    const u = this.u;
    u.F = flow / spec.size.vR;
    u.QK = this.applied.jacketDuty;
    u.cA0 = y[S.tankCA0]!;
    u.T0 = y[S.T0]!;
    u.kw = this.kw;
    u.activity = this.env.activity;
    reactorDerivatives(y, dydt, 0, u, spec.size, this.r);
    const rhoCp = this.rhoCp;
    const T0 = y[S.T0]!;
    const T = y[S.T]!;
    const toFeed = rhoCp * flow * (T0 - this.env.feedTemperature);
    const loss = spec.heaterLossUA * (T0 - this.env.ambient);
    dydt[S.T0] = (spec.heaterEfficiency * this.applied.fuel - toFeed - loss) / spec.heaterCapacity;
    dydt[S.tankCA0] = (flow / spec.tankVolume) * (this.env.supplyCA0 - y[S.tankCA0]!);
    dydt[S.aFed] = flow * y[S.tankCA0]!;
    dydt[S.aOut] = flow * y[S.cA]!;
    dydt[S.bOut] = flow * y[S.cB]!;
    dydt[S.cOut] = flow * y[S.cC]!;
    dydt[S.dOut] = flow * y[S.cD]!;
    dydt[S.fuel] = this.applied.fuel;
    dydt[S.jacketRemoved] = -this.applied.jacketDuty;
    dydt[S.enthalpyIn] = rhoCp * flow * T0;
    dydt[S.enthalpyOut] = rhoCp * flow * T;
    dydt[S.heaterToFeed] = toFeed;
    dydt[S.heaterLoss] = loss;
    dydt[S.volumeOut] = flow;
    const p = VDV_REFERENCE;
    dydt[S.reactionHeat] = -(this.r.r1 * p.dHAB + this.r.r2 * p.dHBC + this.r.r3 * p.dHAD) * spec.size.vR;
  };
}
