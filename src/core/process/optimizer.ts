/**
 * Steady-state real-time optimisation of the reactor's setpoints: the best (reactor temperature, feed flow) on the
 * reference model's steady state, with the feed temperature that balances the heat so the jacket keeps a cooling reserve.
 * A grid search: the model is cheap (closed form at a held temperature) and a grid cannot be trapped by the van de Vusse's
 * sign-changing gains the way a gradient method can.
 */
import { VDV_REFERENCE, reactionHeatPerLitre, steadyConcentrations } from './van-de-vusse.ts';
import { MOLAR_MASS } from './plant.ts';

export interface Prices {
  /** $/mol of A fed; $/mol of A recovered; $/mol of B made; $/kJ fuel fired, steam, cooling. */
  feedPerMol: number;
  creditPerMol: number;
  productPerMol: number;
  fuelPerKj: number;
  steamPerKj: number;
  coolingPerKj: number;
}

export function pricesPerMol(e: {
  feedPerKg: number;
  creditFraction: number;
  productPerKg: number;
  fuelPerKj: number;
  steamPerKj: number;
  coolingPerKj: number;
}): Prices {
  return {
    feedPerMol: e.feedPerKg * MOLAR_MASS.A,
    creditPerMol: e.feedPerKg * e.creditFraction * MOLAR_MASS.A,
    productPerMol: e.productPerKg * MOLAR_MASS.B,
    fuelPerKj: e.fuelPerKj,
    steamPerKj: e.steamPerKj,
    coolingPerKj: e.coolingPerKj,
  };
}

export interface OptimizerInputs {
  /** Estimated feed concentration, mol/L, and feed-tank temperature, deg C. */
  cA0: number;
  feedTemperature: number;
  ambient: number;
  /** Spec on B with the margin already applied: minB + margin <= cB <= maxB - margin. */
  minB: number;
  maxB: number;
  /** Highest reactor temperature allowed (alarm minus margin), deg C. */
  maxT: number;
  /** Flow and separator-load limits with their reserve applied. */
  maxFlow: number;
  maxSeparatorLoad: number;
  maxHeaterDuty: number;
  /** Jacket duty to hold at steady state (negative: cooling kept in reserve for the temperature loop), kJ/h. */
  jacketDuty: number;
  /** Catalyst activity the model assumes (scales the reference rates); absent: 1, the fresh catalyst. */
  activity?: number;
}

export interface PlantConstants {
  vR: number;
  heaterEfficiency: number;
  heaterLossUA: number;
  separatorEnergyPerMolA: number;
}

export interface OptimizerResult {
  T: number;
  flow: number;
  T0: number;
  cB: number;
  /** Steady-state profit rate at the optimum, $/h (before fixed costs). */
  profit: number;
  /** Meets the spec (with its margin) and every equipment limit. */
  feasible: boolean;
  /** Meets every equipment limit (heater duty, separator load, an unfired heater at most), whatever the spec. */
  withinLimits: boolean;
}

/** Evaluates one candidate; returns NaN profit when it breaks a constraint (other than the spec when `ignoreSpec`). */
function evaluate(T: number, flow: number, x: OptimizerInputs, c: PlantConstants, p: Prices, out: OptimizerResult, ignoreSpec: boolean): number {
  const D = flow / c.vR;
  const s = steadyConcentrations(D, T, x.cA0, x.activity);
  const rhoCp = VDV_REFERENCE.rho * VDV_REFERENCE.cp;
  // Reactor heat balance at steady state: rhoCp Vdot (T0 - T) + reaction heat + jacket duty = 0.
  const T0 = T - (reactionHeatPerLitre(s.cA, s.cB, T, undefined, x.activity) * c.vR + x.jacketDuty) / (rhoCp * flow);
  const duty = rhoCp * flow * (T0 - x.feedTemperature) + c.heaterLossUA * (T0 - x.ambient);
  const load = flow * s.cA;
  out.T = T;
  out.flow = flow;
  out.T0 = T0;
  out.cB = s.cB;
  if (duty > x.maxHeaterDuty || load > x.maxSeparatorLoad || T0 < x.feedTemperature) return NaN;
  if (!ignoreSpec && (s.cB < x.minB || s.cB > x.maxB)) return NaN;
  return profitRate(flow, s.cB, load, duty, x, c, p);
}

/** Steady-state profit rate, $/h, before fixed costs. */
function profitRate(flow: number, cB: number, load: number, duty: number, x: OptimizerInputs, c: PlantConstants, p: Prices): number {
  const fuel = Math.max(duty, 0) / c.heaterEfficiency;
  return (
    flow * cB * p.productPerMol -
    flow * x.cA0 * p.feedPerMol +
    load * p.creditPerMol -
    fuel * p.fuelPerKj -
    load * c.separatorEnergyPerMolA * p.steamPerKj +
    x.jacketDuty * p.coolingPerKj
  );
}

/**
 * Best setpoints, by a coarse grid and then a finer grid around the coarse optimum (speed: about 220 model evaluations
 * instead of 1,100 for the same resolution). When no point meets the spec with its margin (a feed too lean for the
 * grade), returns the point closest to the spec window instead, marked infeasible: the plant then makes as little
 * off-spec as it can.
 */
export interface SearchRegion {
  minT: number;
  maxT: number;
  minFlow: number;
  maxFlow: number;
}

export function optimizeSetpoints(x: OptimizerInputs, c: PlantConstants, p: Prices, region?: Partial<SearchRegion>): OptimizerResult {
  checkInputs(x);
  const best: OptimizerResult = { T: NaN, flow: NaN, T0: NaN, cB: NaN, profit: -Infinity, feasible: false, withinLimits: true };
  const closestPoint: OptimizerResult = { T: NaN, flow: NaN, T0: NaN, cB: NaN, profit: NaN, feasible: false, withinLimits: true };
  const trial: OptimizerResult = { T: 0, flow: 0, T0: 0, cB: 0, profit: 0, feasible: true, withinLimits: true };
  let closest = Infinity;
  const scan = (tLo: number, tHi: number, nT: number, fLo: number, fHi: number, nF: number) => {
    for (let i = 0; i <= nT; i++) {
      const T = tLo + ((tHi - tLo) * i) / nT;
      for (let j = 0; j <= nF; j++) {
        const flow = fLo + ((fHi - fLo) * j) / nF;
        const profit = evaluate(T, flow, x, c, p, trial, false);
        if (profit > best.profit) Object.assign(best, trial, { profit, feasible: true });
        if (!best.feasible && Number.isFinite(evaluate(T, flow, x, c, p, trial, true))) {
          const miss = trial.cB < x.minB ? x.minB - trial.cB : trial.cB > x.maxB ? trial.cB - x.maxB : 0;
          if (miss < closest) {
            closest = miss;
            Object.assign(closestPoint, trial);
          }
        }
      }
    }
  };
  const minT = region?.minT ?? 95;
  const maxT = Math.max(Math.min(x.maxT, region?.maxT ?? Infinity), minT + 0.5);
  const fLo = Math.min(region?.minFlow ?? 0.4 * x.maxFlow, x.maxFlow * 0.99);
  const fHi = Math.max(Math.min(x.maxFlow, region?.maxFlow ?? Infinity), fLo * 1.01);
  const dT = (maxT - minT) / 12;
  const dF = (fHi - fLo) / 10;
  scan(minT, maxT, 12, fLo, fHi, 10);
  const centre = best.feasible ? best : closestPoint;
  if (Number.isFinite(centre.T)) {
    scan(Math.max(minT, centre.T - dT), Math.min(maxT, centre.T + dT), 8, Math.max(fLo, centre.flow - dF), Math.min(fHi, centre.flow + dF), 8);
  }
  if (best.feasible) return best;
  if (Number.isFinite(closestPoint.T)) return { ...closestPoint, feasible: false };
  return leastViolation(x, c, p, minT, maxT, fLo, fHi);
}

/**
 * The fallback when no candidate in the region meets even the equipment limits (a trust region pushed against the
 * separator limit by a rich feed, say): the grid point that breaks them least, each violation relative to its limit,
 * with the feed temperature clamped to what the heater can do (unfired at least, full duty at most). Every field is
 * finite, so a caller can act on it; `feasible` is false so that it knows the point is a compromise.
 */
function leastViolation(x: OptimizerInputs, c: PlantConstants, p: Prices, minT: number, maxT: number, fLo: number, fHi: number): OptimizerResult {
  const rhoCp = VDV_REFERENCE.rho * VDV_REFERENCE.cp;
  const trial: OptimizerResult = { T: 0, flow: 0, T0: 0, cB: 0, profit: 0, feasible: false, withinLimits: false };
  let chosen: OptimizerResult | undefined;
  let least = Infinity;
  for (let i = 0; i <= 12; i++) {
    const T = minT + ((maxT - minT) * i) / 12;
    for (let j = 0; j <= 10; j++) {
      const flow = fLo + ((fHi - fLo) * j) / 10;
      evaluate(T, flow, x, c, p, trial, true);
      const duty = rhoCp * flow * (trial.T0 - x.feedTemperature) + c.heaterLossUA * (trial.T0 - x.ambient);
      const load = flow * steadyConcentrations(flow / c.vR, T, x.cA0, x.activity).cA;
      const specMiss = trial.cB < x.minB ? x.minB - trial.cB : trial.cB > x.maxB ? trial.cB - x.maxB : 0;
      const violation =
        Math.max(0, duty - x.maxHeaterDuty) / Math.max(x.maxHeaterDuty, 1) +
        Math.max(0, load - x.maxSeparatorLoad) / Math.max(x.maxSeparatorLoad, 1e-9) +
        Math.max(0, x.feedTemperature - trial.T0) / 10 +
        specMiss;
      if (violation < least) {
        least = violation;
        chosen = { ...trial };
      }
    }
  }
  const point = chosen ?? { T: minT, flow: fLo, T0: x.feedTemperature };
  // The heater cannot cool the feed nor fire beyond its maximum: the temperature loop absorbs the rest.
  const hottest = x.feedTemperature + Math.max(0, x.maxHeaterDuty) / (rhoCp * point.flow + c.heaterLossUA);
  const T0 = Number.isFinite(point.T0) ? Math.min(hottest, Math.max(x.feedTemperature, point.T0)) : x.feedTemperature;
  const s = steadyConcentrations(point.flow / c.vR, point.T, x.cA0, x.activity);
  const duty = rhoCp * point.flow * (T0 - x.feedTemperature) + c.heaterLossUA * (T0 - x.ambient);
  const profit = profitRate(point.flow, s.cB, point.flow * s.cA, duty, x, c, p);
  return { T: point.T, flow: point.flow, T0, cB: s.cB, profit: Number.isFinite(profit) ? profit : 0, feasible: false, withinLimits: false };
}

const INPUT_NAMES = [
  'cA0',
  'feedTemperature',
  'ambient',
  'minB',
  'maxB',
  'maxT',
  'maxFlow',
  'maxSeparatorLoad',
  'maxHeaterDuty',
  'jacketDuty',
  'activity',
] as const satisfies readonly (keyof OptimizerInputs)[];

/** Every input finite (an upper spec may be absent: +Infinity), so that every candidate is a number. */
function checkInputs(x: OptimizerInputs): void {
  for (const name of INPUT_NAMES) {
    const value = x[name];
    const allowedInfinite = name === 'maxB' && value === Infinity;
    if (name === 'activity' && value === undefined) continue;
    if (typeof value !== 'number' || Number.isNaN(value) || (!Number.isFinite(value) && !allowedInfinite)) {
      throw new RangeError(`optimizeSetpoints: expected a finite ${name}, got ${value}`);
    }
  }
}
