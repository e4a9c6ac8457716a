import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { presetLevels, type Level } from '../../src/core/experiment/levels.ts';
import { ModelFileError } from '../../src/core/model/errors.ts';
import { parseModel } from '../../src/core/model/load.ts';
import type { PetrochemicalModel } from '../../src/core/model/petrochemical-model.ts';
import { PROCESS_CAPABILITIES, PetrochemicalSimulation, type ProcessCapability } from '../../src/core/process/petrochemical-simulation.ts';
import { S } from '../../src/core/process/plant.ts';
import { VDV_REFERENCE } from '../../src/core/process/van-de-vusse.ts';

const file = 'factory-models/petrochemical.json';
const text = readFileSync(join(import.meta.dirname, '../..', file), 'utf8');
const model = parseModel(text, file) as PetrochemicalModel;
const noWarmup = { ...model, warmupHours: 0 } as PetrochemicalModel;

function levels(base: Level, raised: Partial<Record<ProcessCapability, Level>> = {}): Record<string, Level> {
  return { ...presetLevels(PROCESS_CAPABILITIES, base), ...(raised as Record<string, Level>) };
}

function run(m: PetrochemicalModel, seed: number, capabilityLevels: Record<string, Level>, hours: number) {
  const s = new PetrochemicalSimulation(m, seed, capabilityLevels);
  s.runUntil(hours);
  return s;
}

describe('petrochemical plant: balances', () => {
  const hours = 4 * 24;
  const s = run(noWarmup, 3, levels('L3'), hours);
  const y = s.plant.state;
  const start = new PetrochemicalSimulation(noWarmup, 3, levels('L3')).plant.state;
  const vR = s.plant.spec.size.vR;
  const holdup = (state: Float64Array, i: number) => vR * state[i]!;

  it('closes the A balance: A fed = A + B + C + 2 D out + change in holdup', () => {
    const fed = y[S.aFed]!;
    const out = y[S.aOut]! + y[S.bOut]! + y[S.cOut]! + 2 * y[S.dOut]!;
    const accumulation =
      holdup(y, S.cA) +
      holdup(y, S.cB) +
      holdup(y, S.cC) +
      2 * holdup(y, S.cD) -
      (holdup(start, S.cA) + holdup(start, S.cB) + holdup(start, S.cC) + 2 * holdup(start, S.cD));
    expect(fed).toBeGreaterThan(1e7);
    expect(Math.abs(fed - out - accumulation) / fed).toBeLessThan(1e-9);
  });

  it('closes the reactor energy balance, with the reaction heat rebuilt from the species made', () => {
    const p = VDV_REFERENCE;
    const rhoCp = p.rho * p.cp;
    const made = (outIndex: number, cIndex: number) => y[outIndex]! + holdup(y, cIndex) - holdup(start, cIndex);
    const bMade = made(S.bOut, S.cB);
    const cMade = made(S.cOut, S.cC);
    const dMade = made(S.dOut, S.cD);
    // Extents: A -> B ran for every B and C made, B -> C for every C, 2A -> D consumed two A per D (dH per mol A).
    const reactionHeat = -(p.dHAB * (bMade + cMade) + p.dHBC * cMade + p.dHAD * 2 * dMade);
    expect(Math.abs(reactionHeat - y[S.reactionHeat]!) / Math.abs(reactionHeat)).toBeLessThan(1e-6);
    const stored = rhoCp * vR * (y[S.T]! - start[S.T]!) + s.plant.spec.size.mK * p.cpK * (y[S.TK]! - start[S.TK]!);
    const net = y[S.enthalpyIn]! - y[S.enthalpyOut]! + reactionHeat - y[S.jacketRemoved]!;
    expect(Math.abs(stored - net) / y[S.enthalpyIn]!).toBeLessThan(1e-6);
  });

  it('closes the preheater energy balance: efficiency x fuel = heat to feed + casing loss + storage', () => {
    const spec = s.plant.spec;
    const stored = spec.heaterCapacity * (y[S.T0]! - start[S.T0]!);
    const net = spec.heaterEfficiency * y[S.fuel]! - y[S.heaterToFeed]! - y[S.heaterLoss]!;
    expect(Math.abs(stored - net) / y[S.fuel]!).toBeLessThan(1e-9);
  });

  it('every mole of B that left the reactor is in the product or the off-spec tank', () => {
    expect(Math.abs(s.acc.onSpecB + s.acc.offSpecB - y[S.bOut]!) / y[S.bOut]!).toBeLessThan(1e-12);
  });
});

describe('petrochemical plant: determinism and levels', () => {
  it('the same seed gives the same KPIs bit for bit; another seed does not', () => {
    const a = run(model, 11, levels('L3'), 3 * 24).kpis();
    const b = run(model, 11, levels('L3'), 3 * 24).kpis();
    const c = run(model, 12, levels('L3'), 3 * 24).kpis();
    expect(b).toEqual(a);
    expect(c.efficiency).not.toBe(a.efficiency);
  });

  it('the plant and its disturbances are the same at every level (common random numbers)', () => {
    const l1 = run(model, 5, levels('L1'), 48);
    const l3 = run(model, 5, levels('L3'), 48);
    expect(l3.plant.env.supplyCA0).toBe(l1.plant.env.supplyCA0);
    expect(l3.plant.env.feedTemperature).toBe(l1.plant.env.feedTemperature);
    expect(l3.plant.spec).toEqual(l1.plant.spec);
  });
});

describe('petrochemical plant: each capability in isolation (one capability changed, others held; 2 seeds, 12 days)', () => {
  const hours = 12 * 24;
  const seeds = [1, 2];
  const mean = (caps: Record<string, Level>, key: string) =>
    seeds.map((seed) => run(model, seed, caps, hours).kpis()[key]!).reduce((a, b) => a + b, 0) / seeds.length;

  it('regulatory control: SIMC tuning from the identified models cuts the temperature error of lambda tuning', () => {
    // On the L2 plant: at L1 setpoints the fouled jacket saturates and no tuning can hold the temperature.
    expect(mean(levels('L2'), 'iaeReactorT')).toBeLessThan(0.8 * mean(levels('L2', { control: 'L1' }), 'iaeReactorT'));
  });

  it('setpoints: real-time optimisation raises on-spec throughput', () => {
    expect(mean(levels('L1', { setpoints: 'L2' }), 'efficiency')).toBeGreaterThan(mean(levels('L1'), 'efficiency'));
  });

  it('quality: an online analyzer instead of lab samples cuts the off-spec share', () => {
    expect(mean(levels('L1', { quality: 'L2' }), 'defectRate')).toBeLessThan(mean(levels('L1'), 'defectRate'));
  });

  it('grade change: a planned transition released at once shortens the development cycle', () => {
    // With an analyzer (L2 quality); with 4-hourly lab results the lab turnaround hides the shift hand-over.
    expect(mean(levels('L2'), 'developmentCycle')).toBeLessThan(mean(levels('L2', { gradeChange: 'L1' }), 'developmentCycle'));
  });

  it('maintenance: condition-based and predictive cleaning clean less often than the calendar on an optimised plant', () => {
    const calendar = mean(levels('L2', { maintenance: 'L1' }), 'cleanings');
    expect(mean(levels('L2', { maintenance: 'L3' }), 'cleanings')).toBeLessThan(calendar);
  });
});

describe('petrochemical plant: learning', () => {
  const s = run(model, 3, levels('L3'), 10 * 24);
  it('the adaptive controller identifies a model online and retunes from it', () => {
    expect(s.adaptiveRetunes).toBeGreaterThan(10);
    expect(s.adaptiveModel!.k).toBeGreaterThan(0);
    expect(s.adaptiveModel!.tau1).toBeGreaterThan(0);
  });
  it('the soft sensor brings the quality the decisions see closer to the truth than the delayed analyzer', () => {
    // Judged against the true composition (which only the simulation knows). Against the noisy analyzer readings, the
    // only yardstick the plant has, the soft sensor often cannot be told apart from holding the last reading; it is
    // used only while it validates better.
    const error = (quality: Level) =>
      [1, 2].map((seed) => run(model, seed, levels('L2', { quality }), 10 * 24).kpis().qualityError!).reduce((a, b) => a + b, 0);
    expect(error('L3')).toBeLessThan(error('L2'));
  });
  it('the learned quality margin moves below the fixed L2 margin on a steady plant', () => {
    expect(s.learnedMargin.quality).toBeLessThan(model.decisions.l2Margins.quality);
  });
});

describe('petrochemical model file errors', () => {
  const problems = (edit: (m: Record<string, any>) => void): string => {
    const data = JSON.parse(text);
    edit(data);
    try {
      parseModel(JSON.stringify(data), file);
    } catch (error) {
      expect(error).toBeInstanceOf(ModelFileError);
      return (error as Error).message;
    }
    throw new Error('expected the model to be rejected');
  };

  it('a negative reactor volume names the file, the path and what was expected', () => {
    expect(problems((m) => (m.reactor.volume.value = -10))).toBe(
      'factory-models/petrochemical.json: reactor.volume.value: expected a positive number, got -10',
    );
  });

  it('an unknown unit in a stream names the units it accepts', () => {
    expect(problems((m) => (m.streams[2].designFlow.unit = 'gal/min'))).toBe(
      'factory-models/petrochemical.json: streams[2].designFlow.unit: expected one of "L/h", "m3/h", got "gal/min"',
    );
  });

  it('a stream to an unknown unit, and a trip below the alarm, are refused', () => {
    expect(problems((m) => (m.streams[0].to = 'reactor-2'))).toMatch(/streams\[0\]\.to: expected one of .*"reactor".*got "reactor-2"/);
    expect(problems((m) => (m.reactor.tripTemperature.value = 120))).toBe(
      'factory-models/petrochemical.json: reactor.tripTemperature: expected the trip temperature above the high alarm',
    );
  });
});

describe('petrochemical runnable', () => {
  it('runs through the experiment runner with the five survey KPIs, their references and L1->L3 deltas', async () => {
    const { runnable } = await import('../../src/core/models.ts');
    const { runExperiment } = await import('../../src/core/experiment/experiment.ts');
    const r = runnable(model);
    expect(r.levels).toEqual(['L1', 'L2', 'L3']);
    const report = runExperiment(r, { levels: ['L1', 'L3'], seeds: [1, 2], until: 36 });
    for (const key of ['efficiency', 'energyUtilization', 'operatingCost', 'developmentCycle', 'defectRate']) {
      expect(r.kpis.find((k) => k.key === key)).toBeDefined();
      expect(report.deltas!['L1->L3']![key]!.reference).toBeDefined();
    }
    expect(r.kpis.find((k) => k.key === 'efficiency')!.better).toBe('higher');
    expect(r.kpis.find((k) => k.key === 'energyUtilization')!.better).toBe('higher');
    for (const key of ['operatingCost', 'developmentCycle', 'defectRate']) expect(r.kpis.find((k) => k.key === key)!.better).toBe('lower');
  });
});

describe('petrochemical notes', () => {
  it('compares L3 with L2 on the same seeds and says where learning does not win', async () => {
    const { petrochemicalNotes, learningVersusClassical } = await import('../../src/core/process/findings.ts');
    const report = {
      model: 'm',
      until: 1,
      seeds: [1, 2, 3],
      events: 0,
      kpis: [
        { key: 'efficiency', label: '', unit: '', better: 'higher' as const },
        { key: 'defectRate', label: '', unit: '', better: 'lower' as const },
      ],
      levels: {
        L2: { capabilities: {}, kpis: {}, samples: { efficiency: [10, 11, 12], defectRate: [1, 1, 1] } },
        L3: { capabilities: {}, kpis: {}, samples: { efficiency: [11, 12, 13], defectRate: [1.5, 1.4, 1.6] } },
      },
    };
    const verdicts = learningVersusClassical(report as never);
    expect(verdicts.find((v) => v.kpi === 'efficiency')!.verdict).toBe('L3 better');
    expect(verdicts.find((v) => v.kpi === 'defectRate')!.verdict).toBe('L3 worse');
    expect(petrochemicalNotes(report as never).some((n) => n.startsWith('L2 -> L3 defectRate') && n.endsWith('L3 worse'))).toBe(true);
  });
});

describe('petrochemical view', () => {
  it('shows the units with states from what the plant is doing, and tank inventories that grow with production', async () => {
    const { UnitState } = await import('../../src/core/runtime/view.ts');
    const s = new PetrochemicalSimulation(model, 2, levels('L2'));
    const view = s.view();
    expect(view.units.map((u) => u.id)).toEqual(['feed-pump', 'preheater', 'reactor', 'separator', 'product-tank', 'off-spec-tank']);
    const states = new Uint8Array(6);
    const inventory = new Float32Array(6);
    const utilization = new Float32Array(6);
    s.runUntil(72);
    view.read(states, inventory, utilization);
    expect(states[2]).toBeOneOf([UnitState.running, UnitState.maintenance, UnitState.blocked]);
    expect(inventory[4]! + inventory[5]!).toBeGreaterThan(0);
    const before = inventory[4]! + inventory[5]!;
    s.runUntil(144);
    view.read(states, inventory, utilization);
    expect(inventory[4]! + inventory[5]!).toBeGreaterThan(before);
    expect(utilization[0]).toBeGreaterThan(0.5);
  });
});
