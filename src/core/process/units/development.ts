/**
 * New-grade development: bringing a grade whose operating window is unknown to a qualified operating point. The new
 * grade's chemistry differs from the reference model by unknown factors on the two main rate constants (a new feed
 * or additive package: k1 and k2 each times a lognormal factor drawn per replication, stream `development:new-grade`),
 * so no level can compute its window; each has to run trials on the plant, and each trial costs plant time (the product
 * made while the unit is moved and settles is sold as off-spec) and, at L1, lab analyses. The grade is developed when
 * `qualificationRuns` consecutive trials at one point meet the spec with a margin of two measurement sds.
 *
 * What each level decides (gradeChange capability):
 * - L1, lab and plant trials: response-surface steps from the standard grade's procedure (a step of `stepK` in
 *   temperature and a tenth in feed rate, then planes fitted to the lab results point the way, one step at a time);
 *   every trial waits for its lab result.
 * - L2, model-based from the plant's data: the reference model with one correction factor on the rates, refitted to
 *   every analyzer result; each trial is the corrected model's most productive point (highest B per hour) inside the
 *   window with the margin.
 * - L3, a learned model: both factors fitted jointly to every result (maximum a posteriori, the prior being the spread
 *   of past grade developments), the next trial at the fitted model's most productive point. This is model calibration
 *   with a prior, not a Gaussian-process Bayesian optimisation.
 * The development is computed on its own, apart from the continuous run (its trials would displace production; their
 * cost is reported, not inserted into the run's accounts), with the same draws at every level.
 */
import type { Level } from '../../experiment/levels.ts';
import { exp } from '../../math/index.ts';
import { normal } from '../../random/distributions.ts';
import type { RandomStreams } from '../../random/stream.ts';
import type { PetrochemicalModel } from '../../model/petrochemical-model.ts';
import { toEngine } from '../../model/petrochemical-model.ts';
import { MOLAR_MASS } from '../plant.ts';
import { VDV_REFERENCE } from '../van-de-vusse.ts';

/** The steady state of the reference kinetics with factors on k1 and k2: B concentration, mol/L. */
export function steadyB(D: number, T: number, cA0: number, f1: number, f2: number): number {
  const p = VDV_REFERENCE;
  const tk = T + 273.15;
  const k1 = f1 * p.k10 * exp(-p.E1 / tk);
  const k2 = f2 * p.k20 * exp(-p.E2 / tk);
  const k3 = p.k30 * exp(-p.E3 / tk);
  const b = D + k1;
  const cA = (2 * D * cA0) / (b + Math.sqrt(b * b + 4 * k3 * D * cA0));
  return (k1 * cA) / (D + k2);
}

export interface DevelopmentResult {
  /** Hours from the start of the first trial to the end of qualification (or to giving up). */
  hours: number;
  trials: number;
  /** Trial cost: production lost to off-spec while trialling, plus lab analyses, $. */
  cost: number;
  qualified: boolean;
  /** The qualified operating point. */
  T: number;
  D: number;
}

interface Trial {
  T: number;
  D: number;
  measured: number;
}

export function developNewGrade(
  model: PetrochemicalModel,
  level: Level,
  streams: RandomStreams,
  designFlow: number,
  maxFlow: number,
  vR: number,
): DevelopmentResult | undefined {
  const grade = model.newGrade;
  if (!grade) return undefined;
  const rng = streams.stream('development:new-grade');
  // The truth: drawn first, in the same order at every level.
  const f1 = exp(normal(rng, 0, grade.kineticsSd));
  const f2 = exp(normal(rng, 0, grade.kineticsSd));
  const noiseRng = streams.stream('development:measurement');
  const cA0 = model.disturbances.feedConcentration.mean;
  const useLab = level === 'L1';
  const instrument = useLab ? model.measurement.lab : model.measurement.analyzer;
  const trialHours = grade.settleHours + instrument.delayHours;
  const margin = Math.min(2 * instrument.noise, 0.4 * (grade.maxB - grade.minB));
  const lo = grade.minB + margin;
  const hi = grade.maxB - margin;
  const inWindow = (cB: number) => cB >= lo && cB <= hi;
  const maxT = toEngine('temperature', model.reactor.highAlarm) - 3;
  const minT = 95;
  const maxD = maxFlow / vR;
  const minD = 0.4 * maxD;

  const trials: Trial[] = [];
  const run = (T: number, D: number): number => {
    const measured = steadyB(D, T, cA0, f1, f2) + normal(noiseRng, 0, instrument.noise);
    trials.push({ T, D, measured });
    return measured;
  };

  // The next point to try, by level.
  const standard = model.grades[0]!.operatorSetpoints;
  let T = toEngine('temperature', standard.reactorTemperature);
  let D = standard.dilutionRate;
  let qualifiedRuns = 0;
  let qualified = false;
  const factors = { f1: 1, f2: 1 };
  if (!useLab) [T, D] = mostProductive(cA0, factors, lo, hi, minT, maxT, minD, maxD) ?? [T, D];
  while (trials.length < grade.maxTrials) {
    const y = run(T, D);
    if (inWindow(y)) {
      qualifiedRuns++;
      if (qualifiedRuns >= grade.qualificationRuns) {
        qualified = true;
        break;
      }
      continue; // a confirmation run at the same point
    }
    qualifiedRuns = 0;
    if (useLab) [T, D] = nextPointL1(trials, (lo + hi) / 2, grade.stepK, 0.1 * standard.dilutionRate, { minT, maxT, minD, maxD });
    else {
      if (level === 'L2') fitOneFactor(trials, cA0, factors);
      else fitTwoFactors(trials, cA0, factors, grade.kineticsSd, instrument.noise);
      [T, D] = mostProductive(cA0, factors, lo, hi, minT, maxT, minD, maxD) ?? [T, D];
    }
  }
  const hours = trials.length * trialHours;
  // While trialling, the unit makes about its design rate of B, sold as off-spec.
  const designB = designFlow * steadyB(designFlow / vR, 114.19, cA0, 1, 1) * MOLAR_MASS.B; // kg/h
  const e = model.economics;
  const lossPerKg = toEngine('massPrice', e.productValue) * (1 - e.offSpecValueFraction) + toEngine('massPrice', e.offSpecHandling);
  const cost = hours * designB * lossPerKg + (useLab ? trials.length * e.labAnalysisCost : 0);
  return { hours, trials: trials.length, cost, qualified, T, D };
}

/**
 * L1: response-surface steps (Box and Wilson's method of steepest ascent, the plant-trial practice of the era). The first
 * trials are the standard procedure and one step in temperature and in feed rate from it; then a plane fitted to the
 * last few lab results points to the target, and the next trial moves towards it by at most one step.
 */
function nextPointL1(trials: readonly Trial[], target: number, stepK: number, stepD: number, bounds: Bounds): [number, number] {
  const first = trials[0]!;
  const last = trials.at(-1)!;
  const clamp = (T: number, D: number): [number, number] => [Math.max(bounds.minT, Math.min(bounds.maxT, T)), Math.max(bounds.minD, Math.min(bounds.maxD, D))];
  if (trials.length === 1) return clamp(first.T + stepK, first.D);
  if (trials.length === 2) return clamp(first.T, first.D - stepD);
  // Least squares y = a + b u + c v on the last (up to) six trials, u and v in steps from the last point.
  const recent = trials.slice(-6);
  const m = [0, 0, 0, 0, 0, 0, 0, 0, 0];
  const r = [0, 0, 0];
  for (const t of recent) {
    const x = [1, (t.T - last.T) / stepK, (t.D - last.D) / stepD];
    for (let i = 0; i < 3; i++) {
      r[i]! += x[i]! * t.measured;
      for (let j = 0; j < 3; j++) m[3 * i + j]! += x[i]! * x[j]!;
    }
  }
  const plane = solve3(m, r);
  if (!plane) return clamp(last.T + stepK, last.D);
  const [a, b, c] = plane;
  const gradient = b * b + c * c;
  if (!(gradient > 1e-12)) return clamp(last.T + stepK, last.D);
  let du = ((target - a) * b) / gradient;
  let dv = ((target - a) * c) / gradient;
  const length = Math.sqrt(du * du + dv * dv);
  if (length > 1) {
    du /= length;
    dv /= length;
  }
  return clamp(last.T + du * stepK, last.D + dv * stepD);
}

/** Solves a 3 x 3 linear system (Cramer's rule); undefined when singular. */
function solve3(m: readonly number[], r: readonly number[]): [number, number, number] | undefined {
  const det = (a: readonly number[]) =>
    a[0]! * (a[4]! * a[8]! - a[5]! * a[7]!) - a[1]! * (a[3]! * a[8]! - a[5]! * a[6]!) + a[2]! * (a[3]! * a[7]! - a[4]! * a[6]!);
  const d = det(m);
  if (Math.abs(d) < 1e-12) return undefined;
  const column = (k: number) => m.map((v, i) => (i % 3 === k ? r[Math.floor(i / 3)]! : v));
  return [det(column(0)) / d, det(column(1)) / d, det(column(2)) / d];
}

interface Bounds {
  minT: number;
  maxT: number;
  minD: number;
  maxD: number;
}

/** L2: one factor on both rate constants, fitted to every result (bisection on the log factor, mean over trials). */
function fitOneFactor(trials: readonly Trial[], cA0: number, factors: { f1: number; f2: number }): void {
  let sum = 0;
  for (const t of trials) {
    let a = -1;
    let b = 1;
    const f = (x: number) => steadyB(t.D, t.T, cA0, exp(x), exp(x)) - t.measured;
    if (f(a) * f(b) > 0) continue;
    for (let i = 0; i < 40; i++) {
      const m = (a + b) / 2;
      if (f(a) * f(m) <= 0) b = m;
      else a = m;
    }
    sum += (a + b) / 2;
  }
  const x = sum / trials.length;
  factors.f1 = factors.f2 = exp(x);
}

/** L3: both factors by maximum a posteriori on a grid of log factors (prior sd `priorSd`, measurement sd `noise`). */
function fitTwoFactors(trials: readonly Trial[], cA0: number, factors: { f1: number; f2: number }, priorSd: number, noise: number): void {
  let best = Infinity;
  const span = 3 * priorSd;
  const n = 40;
  for (let i = 0; i <= n; i++) {
    const x1 = -span + (2 * span * i) / n;
    for (let j = 0; j <= n; j++) {
      const x2 = -span + (2 * span * j) / n;
      let cost = (x1 * x1 + x2 * x2) / (priorSd * priorSd);
      for (const t of trials) {
        const r = (steadyB(t.D, t.T, cA0, exp(x1), exp(x2)) - t.measured) / noise;
        cost += r * r;
      }
      if (cost < best) {
        best = cost;
        factors.f1 = exp(x1);
        factors.f2 = exp(x2);
      }
    }
  }
}

/** The point with the most B per hour (D cB) whose predicted cB is inside the window, on a 25 x 21 grid. */
function mostProductive(
  cA0: number,
  factors: { f1: number; f2: number },
  lo: number,
  hi: number,
  minT: number,
  maxT: number,
  minD: number,
  maxD: number,
): [number, number] | undefined {
  let best = -Infinity;
  let point: [number, number] | undefined;
  let closest = Infinity;
  let fallback: [number, number] | undefined;
  for (let i = 0; i <= 24; i++) {
    const T = minT + ((maxT - minT) * i) / 24;
    for (let j = 0; j <= 20; j++) {
      const D = minD + ((maxD - minD) * j) / 20;
      const cB = steadyB(D, T, cA0, factors.f1, factors.f2);
      const miss = cB < lo ? lo - cB : cB > hi ? cB - hi : 0;
      if (miss === 0 && D * cB > best) {
        best = D * cB;
        point = [T, D];
      }
      if (miss < closest) {
        closest = miss;
        fallback = [T, D];
      }
    }
  }
  return point ?? fallback;
}
