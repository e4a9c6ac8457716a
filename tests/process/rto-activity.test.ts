/**
 * The RTO's model catalyst activity set from outside (`Setpoint/rto-catalyst-activity`, core/process/commands.ts):
 * accepted where the setpoint layer runs a model, refused at L1 and out of range with the reason, and on a plant whose
 * catalyst deactivates it is what the RTO needs: told the true activity, it makes more on-spec B than an RTO that
 * assumes the model file's fresh catalyst (same seed, same plant).
 */
import { describe, expect, it } from 'vitest';
import { applyParameters } from '../../src/core/experiment/parameters.ts';
import { presetLevels, type Level } from '../../src/core/experiment/levels.ts';
import type { PetrochemicalModel } from '../../src/core/model/petrochemical-model.ts';
import { RTO_ACTIVITY } from '../../src/core/process/commands.ts';
import { PROCESS_CAPABILITIES, PetrochemicalSimulation } from '../../src/core/process/petrochemical-simulation.ts';
import { optimizeSetpoints } from '../../src/core/process/optimizer.ts';
import { steadyConcentrations } from '../../src/core/process/van-de-vusse.ts';
import { loadModelFile } from '../../src/node/model-file.ts';

const file = 'factory-models/petrochemical.json';
const loaded = loadModelFile(file);
const deactivating = applyParameters(loaded, { 'reactor.catalyst.deactivationPerDay': 0.1 }, file) as PetrochemicalModel;
const start = (level: Level, seed = 1) => new PetrochemicalSimulation(deactivating, seed, presetLevels(PROCESS_CAPABILITIES, level));

describe('RTO model catalyst activity from outside', () => {
  it('is accepted at L2, refused at L1 (no model) and out of range, with the reason', () => {
    const l2 = start('L2');
    expect(l2.externalControl().submit({ kind: 'setpoint', name: RTO_ACTIVITY, value: 0.8 })).toBeUndefined();
    l2.runUntil(0.1);
    expect(l2.decisions.modelActivity).toBe(0.8);
    const l1 = start('L1');
    expect(l1.externalControl().submit({ kind: 'setpoint', name: RTO_ACTIVITY, value: 0.8 })).toMatch(/L1 .*runs no model/);
    expect(start('L3').externalControl().submit({ kind: 'setpoint', name: RTO_ACTIVITY, value: 1.2 })).toMatch(/out of range \[0\.05, 1\]/);
  });

  it("scales the RTO model's kinetics; at activity 1 it is the reference model", () => {
    expect(steadyConcentrations(1.5, 110, 5.1, 1)).toEqual(steadyConcentrations(1.5, 110, 5.1));
    expect(steadyConcentrations(1.5, 110, 5.1, 0.6).cA).toBeGreaterThan(steadyConcentrations(1.5, 110, 5.1).cA);
    const x = {
      cA0: 5.1,
      feedTemperature: 40,
      ambient: 20,
      minB: 1.02,
      maxB: Infinity,
      maxT: 118,
      maxFlow: 1.6e5,
      maxSeparatorLoad: 4e5,
      maxHeaterDuty: 2e7,
      jacketDuty: -1e5,
    };
    const c = { vR: 1e4, heaterEfficiency: 0.85, heaterLossUA: 100, separatorEnergyPerMolA: 30 };
    const p = { feedPerMol: 0.05, creditPerMol: 0.04, productPerMol: 0.2, fuelPerKj: 1e-5, steamPerKj: 1e-5, coolingPerKj: 1e-6 };
    const fresh = optimizeSetpoints(x, c, p);
    const aged = optimizeSetpoints({ ...x, activity: 0.6 }, c, p);
    // A slower catalyst needs a longer residence time or a hotter reactor to reach the same B.
    expect(aged.flow / Math.exp(-9758.3 / (aged.T + 273.15))).toBeLessThan(fresh.flow / Math.exp(-9758.3 / (fresh.T + 273.15)));
  });

  it('told the true activity, the L2 RTO makes more on-spec B on a deactivating plant', () => {
    const run = (told: boolean) => {
      const s = start('L2', 2);
      const control = s.externalControl();
      for (let h = 1; h <= 100; h++) {
        if (told && h >= 24) expect(control.submit({ kind: 'setpoint', name: RTO_ACTIVITY, value: Math.exp((-0.1 * h) / 24) })).toBeUndefined();
        s.runUntil(h);
      }
      return s.kpis();
    };
    const without = run(false);
    const withActivity = run(true);
    expect(withActivity.efficiency).toBeGreaterThan(1.1 * without.efficiency);
    expect(withActivity.defectRate).toBeLessThan(without.defectRate);
  });
});
