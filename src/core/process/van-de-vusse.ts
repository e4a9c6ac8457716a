/**
 * The van de Vusse jacketed CSTR (Klatt & Engell 1993; Chen, Kremling & Allgöwer 1995), shared/reference/process-models.md
 * section 1. A -> B -> C and 2A -> D, B is the product. Units as in the reference: mol/L, deg C, hours, kJ, litres.
 *
 * The reference model has four states (cA, cB, T, TK); C and D are added here as two more states (they do not feed back
 * into the four) so that the plant can close its mass balance and price its side products.
 */
import { exp } from '../math/index.ts';

/** Kinetic and physical parameters of the reference (all values from the reference table). */
export const VDV_REFERENCE = {
  k10: 1.287e12, // 1/h
  k20: 1.287e12, // 1/h
  k30: 9.043e9, // L/(mol h)
  E1: 9758.3, // K
  E2: 9758.3, // K
  E3: 8560, // K
  dHAB: 4.2, // kJ/mol A
  dHBC: -11.0, // kJ/mol B
  dHAD: -41.85, // kJ/mol A consumed by 2A -> D
  rho: 0.9342, // kg/L
  cp: 3.01, // kJ/(kg K)
  cpK: 2.0, // kJ/(kg K)
  mK: 5, // kg
  aR: 0.215, // m^2
  vR: 10, // L
  kw: 4032, // kJ/(h m^2 K)
} as const;

/** Nominal inputs and disturbances of the reference. */
export const VDV_NOMINAL = { F: 14.19, QK: -1113.5, cA0: 5.1, T0: 104.9 } as const;

/** Nominal steady state of the reference (cA, cB mol/L; T, TK deg C). */
export const VDV_STEADY_STATE = { cA: 2.1402, cB: 1.0903, T: 114.19, TK: 112.91 } as const;

/** Size-dependent parameters. Scaling V_R, kw*A_R, m_K and Q_K by one factor leaves concentrations and temperatures unchanged. */
export interface ReactorSize {
  /** Reactor volume, L. */
  readonly vR: number;
  /** Heat-transfer area, m^2. */
  readonly aR: number;
  /** Jacket coolant mass, kg. */
  readonly mK: number;
}

export function scaledSize(factor: number): ReactorSize {
  if (!(factor > 0)) throw new RangeError(`reactor scale factor must be positive, got ${factor}`);
  return { vR: VDV_REFERENCE.vR * factor, aR: VDV_REFERENCE.aR * factor, mK: VDV_REFERENCE.mK * factor };
}

/** State layout of the six-state reactor vector. */
export const CA = 0,
  CB = 1,
  CC = 2,
  CD = 3,
  TR = 4,
  TK = 5;

/** Inputs held over an integration step (zero-order hold); mutable so that no object is allocated per step. */
export interface ReactorInputs {
  /** Dilution rate Vdot / V_R, 1/h. */
  F: number;
  /** Jacket duty, kJ/h (negative: cooling). */
  QK: number;
  /** Feed concentration of A, mol/L. */
  cA0: number;
  /** Feed temperature, deg C. */
  T0: number;
  /** Wall heat-transfer coefficient, kJ/(h m^2 K) (fouling lowers it). */
  kw: number;
  /**
   * Catalyst activity, multiplies all three rates (1: as the reference; the plant's catalyst loses activity when the
   * model file gives it a deactivation rate). Absent: 1.
   */
  activity?: number;
}

/** Reaction rates at a state, per unit volume (mol/(L h)): r1 = k1 cA, r2 = k2 cB, r3 = k3 cA^2 (A consumed). */
export interface Rates {
  r1: number;
  r2: number;
  r3: number;
}

export function rates(cA: number, cB: number, T: number, out: Rates): Rates {
  const p = VDV_REFERENCE;
  const tk = T + 273.15;
  out.r1 = p.k10 * exp(-p.E1 / tk) * cA;
  out.r2 = p.k20 * exp(-p.E2 / tk) * cB;
  out.r3 = p.k30 * exp(-p.E3 / tk) * cA * cA;
  return out;
}

/**
 * Writes the reactor's derivatives for the six states starting at `offset` in `y` into `dydt` (same offset).
 * Used by the reference tests directly and by the plant as one block of its state vector. Returns the rates via `r`.
 */
export function reactorDerivatives(y: Float64Array, dydt: Float64Array, offset: number, u: ReactorInputs, size: ReactorSize, r: Rates): void {
  const p = VDV_REFERENCE;
  const cA = y[offset + CA]!;
  const cB = y[offset + CB]!;
  const cC = y[offset + CC]!;
  const cD = y[offset + CD]!;
  const T = y[offset + TR]!;
  const tK = y[offset + TK]!;
  rates(cA, cB, T, r);
  // Skipped at full activity so that a model without deactivation stays bit-identical to the reference.
  const a = u.activity;
  if (a !== undefined && a !== 1) {
    r.r1 *= a;
    r.r2 *= a;
    r.r3 *= a;
  }
  const F = u.F;
  const rhoCp = p.rho * p.cp;
  const wall = u.kw * size.aR * (tK - T);
  dydt[offset + CA] = F * (u.cA0 - cA) - r.r1 - r.r3;
  dydt[offset + CB] = -F * cB + r.r1 - r.r2;
  dydt[offset + CC] = -F * cC + r.r2;
  dydt[offset + CD] = -F * cD + 0.5 * r.r3;
  dydt[offset + TR] = F * (u.T0 - T) - (r.r1 * p.dHAB + r.r2 * p.dHBC + r.r3 * p.dHAD) / rhoCp + wall / (rhoCp * size.vR);
  dydt[offset + TK] = (u.QK - wall) / (size.mK * p.cpK);
}

/**
 * Steady state of the concentrations at a held reactor temperature (closed form: a quadratic in cA), with the rates
 * scaled by a catalyst `activity` (1: the reference kinetics).
 */
export function steadyConcentrations(F: number, T: number, cA0: number, activity = 1): { cA: number; cB: number; cC: number; cD: number } {
  const p = VDV_REFERENCE;
  const tk = T + 273.15;
  let k1 = p.k10 * exp(-p.E1 / tk);
  let k2 = p.k20 * exp(-p.E2 / tk);
  let k3 = p.k30 * exp(-p.E3 / tk);
  // Skipped at full activity so that callers without one stay bit-identical.
  if (activity !== 1) {
    k1 *= activity;
    k2 *= activity;
    k3 *= activity;
  }
  // k3 cA^2 + (F + k1) cA - F cA0 = 0, positive root written to avoid cancellation.
  const b = F + k1;
  const cA = (2 * F * cA0) / (b + Math.sqrt(b * b + 4 * k3 * F * cA0));
  const cB = (k1 * cA) / (F + k2);
  return { cA, cB, cC: F > 0 ? (k2 * cB) / F : 0, cD: F > 0 ? (0.5 * k3 * cA * cA) / F : 0 };
}

/**
 * Heat released by reaction at a steady state, kJ/h per litre of reactor (positive: exothermic overall). Used by the
 * steady-state optimiser to find the feed temperature that balances the jacket duty.
 */
export function reactionHeatPerLitre(cA: number, cB: number, T: number, scratch: Rates = { r1: 0, r2: 0, r3: 0 }, activity = 1): number {
  const p = VDV_REFERENCE;
  const r = rates(cA, cB, T, scratch);
  const heat = -(r.r1 * p.dHAB + r.r2 * p.dHBC + r.r3 * p.dHAD);
  return activity === 1 ? heat : activity * heat;
}
