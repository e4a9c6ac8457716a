/**
 * What the petrochemical plant is built from, derived once per model file: engine-unit parameters, the design steady
 * state, and the commissioning step tests every level's controller tuning starts from.
 */
import { integrate } from '../kernel/continuous.ts';
import { Simulation } from '../kernel/simulation.ts';
import { type PetrochemicalModel, toEngine } from '../model/petrochemical-model.ts';
import { fitFopdt, type Fopdt } from './control.ts';
import { pricesPerMol, type PlantConstants, type Prices } from './optimizer.ts';
import { Plant, S, type Commands, type PlantSpec } from './plant.ts';
import { VDV_REFERENCE, scaledSize, steadyConcentrations } from './van-de-vusse.ts';

/** Control sample period: 1 min. */
export const CONTROL_PERIOD = 1 / 60;
/** RK4 step: 30 s, well inside the reference's 85 s stability limit and accurate to far better than the noise. */
export const RK4_STEP = 1 / 120;
export const RHO_CP = VDV_REFERENCE.rho * VDV_REFERENCE.cp;

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
