/**
 * Estimators for the petrochemical plant's hidden parameters from what its instruments publish: the catalyst
 * activity from the reactor's B balance, its first-order deactivation rate from the trend of log activity, and the
 * jacket fouling resistance and its growth rate per cleaning cycle. Each comes with a 95 % interval. Pure: no Node
 * imports, the core's own math.
 */
import { exp, log } from '../math/index.ts';
import { VDV_REFERENCE } from '../process/van-de-vusse.ts';
import { tQuantile975, type Interval } from './estimators.ts';

export interface LinearFit {
  n: number;
  slope: number;
  intercept: number;
  /** Standard error of the slope. */
  slopeSe: number;
  /** Student-t 95 % interval of the slope (n - 2 degrees of freedom). */
  slopeCi95: Interval;
  /** Residual standard deviation. */
  residualSd: number;
  /** Lag-1 autocorrelation of the residuals (in the order given), 0 when negative. */
  residualLag1: number;
}

/**
 * Ordinary least squares y = intercept + slope x with the slope's t interval, widened for serially correlated errors
 * (AR(1) effective sample size); undefined below three points.
 */
export function linearFit(xs: readonly number[], ys: readonly number[]): LinearFit | undefined {
  const n = Math.min(xs.length, ys.length);
  if (n < 3) return undefined;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += xs[i]!;
    my += ys[i]!;
  }
  mx /= n;
  my /= n;
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    const dx = xs[i]! - mx;
    sxx += dx * dx;
    sxy += dx * (ys[i]! - my);
  }
  if (!(sxx > 0)) return undefined;
  const slope = sxy / sxx;
  const intercept = my - slope * mx;
  let sse = 0;
  let lagged = 0;
  let previous = NaN;
  for (let i = 0; i < n; i++) {
    const e = ys[i]! - intercept - slope * xs[i]!;
    sse += e * e;
    if (i > 0) lagged += e * previous;
    previous = e;
  }
  const residualLag1 = sse > 0 ? Math.max(0, lagged / sse) : 0;
  const residualSd = Math.sqrt(sse / (n - 2));
  // Serially correlated errors (slow drifts in the readings) carry less information than n independent ones: the
  // AR(1) effective sample size n (1 - r) / (1 + r) widens the interval (a standard correction; r from the residuals).
  const inflation = Math.sqrt((1 + residualLag1) / (1 - Math.min(residualLag1, 0.95)));
  const slopeSe = (residualSd / Math.sqrt(sxx)) * inflation;
  const effective = Math.max(3, (n * (1 - residualLag1)) / (1 + residualLag1));
  const half = tQuantile975(effective - 2) * slopeSe;
  return { n, slope, intercept, slopeSe, slopeCi95: [slope - half, slope + half], residualSd, residualLag1 };
}

/** Rate constants of the reference kinetics at a temperature (deg C), 1/h and L/(mol h). */
export function rateConstants(T: number): { k1: number; k2: number; k3: number } {
  const p = VDV_REFERENCE;
  const tk = T + 273.15;
  return { k1: p.k10 * exp(-p.E1 / tk), k2: p.k20 * exp(-p.E2 / tk), k3: p.k30 * exp(-p.E3 / tk) };
}

/**
 * Catalyst activity from one quasi-steady reading of the reactor (residence time about 4 minutes against drifts of
 * hours): the B balance 0 = -F cB + a (k1 cA - k2 cB) gives a = F cB / (k1 cA - k2 cB), with F the dilution rate (1/h),
 * T in deg C and the outlet concentrations in mol/L. It needs neither the feed concentration nor the jacket. NaN where
 * the reading cannot tell (no flow, B not being made).
 */
export function catalystActivity(F: number, T: number, cA: number, cB: number): number {
  const { k1, k2 } = rateConstants(T);
  const net = k1 * cA - k2 * cB;
  if (!(F > 0) || !(cB > 0) || !(net > 1e-9)) return NaN;
  return (F * cB) / net;
}

/**
 * Feed concentration of A (mol/L) from one quasi-steady reading, given the catalyst activity: the A balance
 * 0 = F (cA0 - cA) - a (k1 cA + k3 cA^2) gives cA0 = cA + a (k1 cA + k3 cA^2) / F. With the activity the model assumes
 * it is the feed that makes the model reproduce the measured outlet A. NaN where the reading cannot tell (no flow).
 */
export function feedConcentration(F: number, T: number, cA: number, activity: number): number {
  if (!(F > 0) || !(cA >= 0) || !(activity > 0)) return NaN;
  const { k1, k3 } = rateConstants(T);
  return cA + (activity * (k1 * cA + k3 * cA * cA)) / F;
}

/**
 * Jacket fouling resistance (h m2 K/kJ) from the jacket's quasi-steady heat balance: the heat removed equals
 * kw A (T - TK), so 1/kw = A (T - TK) / removed, less the clean wall's 1/kw. `temperatureDifferenceSum` and
 * `removedSum` are sums over the same readings (kJ/h), which averages the control sample's jitter.
 */
export function foulingResistance(areaM2: number, cleanKw: number, temperatureDifferenceSum: number, removedSum: number): number {
  if (!(removedSum > 0) || !(temperatureDifferenceSum > 0)) return NaN;
  return (areaM2 * temperatureDifferenceSum) / removedSum - 1 / cleanKw;
}

export interface RateEstimate {
  estimate: number;
  ci95: Interval;
  n: number;
}

/**
 * First-order deactivation rate (1/day) from log activity against time in hours: ln a = ln a0 - rate t / 24. The
 * interval is the regression slope's t interval. The points should be block means (an hour or more) so that their
 * errors are close to independent; drifts that last longer than a block still narrow the interval (see docs/twin.md).
 */
export function deactivationRate(hours: readonly number[], activities: readonly number[]): RateEstimate | undefined {
  const xs: number[] = [];
  const ys: number[] = [];
  for (let i = 0; i < Math.min(hours.length, activities.length); i++) {
    const a = activities[i]!;
    if (a > 0 && Number.isFinite(a) && Number.isFinite(hours[i]!)) {
      xs.push(hours[i]!);
      ys.push(log(a));
    }
  }
  const fit = linearFit(xs, ys);
  if (!fit) return undefined;
  return { estimate: -24 * fit.slope, ci95: [-24 * fit.slopeCi95[1], -24 * fit.slopeCi95[0]], n: fit.n };
}

/** One cleaning cycle's fouling trend: the slope of the resistance against hours in service, with its standard error. */
export interface CycleRate {
  rate: number;
  se: number;
  n: number;
}

/**
 * Mean fouling rate over cleaning cycles whose rates scatter lognormally with the model file's coefficient of variation
 * `cv` (the plant draws one rate per cycle): each cycle gives ln r_i ~ N(ln m - s^2/2, s^2 + (se_i/r_i)^2) with
 * s^2 = ln(1 + cv^2), so ln m is estimated by the precision-weighted mean of ln r_i plus s^2/2, with a normal 95 %
 * interval. With one cycle the interval is wide (about a factor of 2.5 each way at cv 0.5): one cycle's rate says
 * little about the mean of the draws. Cycles whose slope is not positive are left out (they carry no log).
 */
export function meanFoulingRate(cycles: readonly CycleRate[], cv: number): RateEstimate | undefined {
  const s2 = log(1 + cv * cv);
  let sw = 0;
  let swx = 0;
  let n = 0;
  for (const c of cycles) {
    if (!(c.rate > 0) || !Number.isFinite(c.se)) continue;
    const rel = c.se / c.rate;
    const w = 1 / (s2 + rel * rel);
    sw += w;
    swx += w * log(c.rate);
    n++;
  }
  if (n === 0 || !(sw > 0) || !Number.isFinite(sw)) return undefined;
  const centre = swx / sw + s2 / 2;
  const half = 1.959964 / Math.sqrt(sw);
  return { estimate: exp(centre), ci95: [exp(centre - half), exp(centre + half)], n };
}
