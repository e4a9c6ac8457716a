/**
 * Every KPI of the petrochemical plant is a finite number, whatever valid parameters it is given, at every level; and the
 * set-point optimiser never returns a non-finite value. Regression cases: `--set gradeChangeEveryDays=9.9` at L3 (seed 1)
 * and the year-long L3 run (seed 1), which both turned the plant NaN when the RTO's trust region held no point inside the
 * equipment limits and the optimiser's fallback gave a NaN feed temperature.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LEVELS, presetLevels, type Level } from '../../src/core/experiment/levels.ts';
import { parseModel } from '../../src/core/model/load.ts';
import type { PetrochemicalModel } from '../../src/core/model/petrochemical-model.ts';
import { optimizeSetpoints, pricesPerMol, type OptimizerInputs } from '../../src/core/process/optimizer.ts';
import { PROCESS_CAPABILITIES, PetrochemicalSimulation } from '../../src/core/process/petrochemical-simulation.ts';
import { S } from '../../src/core/process/plant.ts';

const file = 'factory-models/petrochemical.json';
const text = readFileSync(join(import.meta.dirname, '../..', file), 'utf8');
const model = parseModel(text, file) as PetrochemicalModel;

function run(m: PetrochemicalModel, level: Level, seed: number, hours: number): PetrochemicalSimulation {
  const s = new PetrochemicalSimulation(m, seed, presetLevels(PROCESS_CAPABILITIES, level));
  s.runUntil(hours);
  return s;
}

/** KPIs that are not finite, with the reason a KPI may legitimately have no value left out (see `kpiWithoutData`). */
function nonFinite(s: PetrochemicalSimulation): string[] {
  const kpis = s.kpis();
  const exempt = new Set(s.kpisWithoutData());
  return Object.entries(kpis)
    .filter(([key, value]) => !Number.isFinite(value) && !exempt.has(key))
    .map(([key, value]) => `${key}=${value}`);
}

describe('petrochemical KPIs stay finite', () => {
  it('regression: grade changes every 9.9 days at L3, seed 1, 30 days', () => {
    const s = run({ ...model, gradeChangeEveryDays: 9.9 }, 'L3', 1, 30 * 24);
    expect(nonFinite(s)).toEqual([]);
    expect(Array.from(s.plant.state).every(Number.isFinite)).toBe(true);
    expect(Object.values(s.kpis()).every(Number.isFinite)).toBe(true);
  });

  it('regression: a year at L3, seed 1 (NaN from hour 8160 before the fix)', () => {
    const s = run(model, 'L3', 1, 365 * 24);
    expect(nonFinite(s)).toEqual([]);
    expect(Object.values(s.kpis()).every(Number.isFinite)).toBe(true);
    expect(s.plant.state[S.bOut]).toBeGreaterThan(0);
  });

  // Random valid models: decision parameters, disturbances, faults and the grade cycle drawn within bounds the schema
  // accepts, scaled so that a short run still sees grade changes, cleanings, trips and lab results.
  const parameters = fc.record({
    seed: fc.integer({ min: 1, max: 1000 }),
    level: fc.constantFrom(...LEVELS),
    gradeChangeEveryDays: fc.double({ min: 0.05, max: 3, noNaN: true }),
    feedMean: fc.double({ min: 4.6, max: 5.6, noNaN: true }),
    feedSd: fc.double({ min: 0, max: 0.6, noNaN: true }),
    foulingRate: fc.double({ min: Number.MIN_VALUE, max: 1e-4, noNaN: true }),
    foulingCv: fc.double({ min: 0, max: 1.5, noNaN: true }),
    feedTemperature: fc.double({ min: 5, max: 80, noNaN: true }),
    pumpMtbf: fc.double({ min: 2, max: 500, noNaN: true }),
    pumpMttr: fc.double({ min: 0.05, max: 10, noNaN: true }),
    calendarCleaningDays: fc.double({ min: 0.2, max: 30, noNaN: true }),
    cleaningHours: fc.double({ min: 0.1, max: 48, noNaN: true }),
    foulingThreshold: fc.double({ min: 0.05, max: 0.95, noNaN: true }),
    quality: fc.double({ min: 0, max: 0.2, noNaN: true }),
    temperature: fc.double({ min: 0, max: 15, noNaN: true }),
    capacity: fc.double({ min: 0, max: 0.5, noNaN: true }),
    labPeriod: fc.double({ min: 0.1, max: 12, noNaN: true }),
    labDelay: fc.double({ min: 0, max: 6, noNaN: true }),
    lambdaFactor: fc.double({ min: 0.3, max: 10, noNaN: true }),
    shiftHours: fc.double({ min: 0.5, max: 12, noNaN: true }),
    warmupHours: fc.double({ min: 0, max: 12, noNaN: true }),
    analyzerPeriod: fc.double({ min: 0.05, max: 4, noNaN: true }),
    analyzerDelay: fc.double({ min: 0, max: 2, noNaN: true }),
    analyzerNoise: fc.double({ min: 0, max: 0.1, noNaN: true }),
    qualityExceedance: fc.double({ min: 0, max: 1, noNaN: true }),
    limitExceedance: fc.double({ min: 0, max: 1, noNaN: true }),
    rampHours: fc.double({ min: 0.01, max: 12, noNaN: true }),
    stictionBand: fc.double({ min: 0, max: 1, noNaN: true }),
    stictionOnset: fc.double({ min: 0.5, max: 1000, noNaN: true }),
  });

  it('every KPI is finite for random valid parameter sets at every level', () => {
    fc.assert(
      fc.property(parameters, (q) => {
        const d = model.disturbances;
        const m: PetrochemicalModel = {
          ...model,
          warmupHours: q.warmupHours,
          gradeChangeEveryDays: q.gradeChangeEveryDays,
          feedPump: { ...model.feedPump, mtbfHours: q.pumpMtbf, mttrHours: q.pumpMttr },
          disturbances: {
            ...d,
            feedConcentration: { ...d.feedConcentration, mean: q.feedMean, sd: q.feedSd },
            feedTemperature: { ...d.feedTemperature, mean: q.feedTemperature },
            fouling: { meanRate: q.foulingRate, rateCv: q.foulingCv },
          },
          coolingValve: { stictionBand: q.stictionBand, stictionOnsetMeanHours: q.stictionOnset },
          measurement: {
            lab: { ...model.measurement.lab, periodHours: q.labPeriod, delayHours: q.labDelay },
            analyzer: { periodHours: q.analyzerPeriod, delayHours: q.analyzerDelay, noise: q.analyzerNoise },
          },
          economics: { ...model.economics, cleaningHours: q.cleaningHours },
          decisions: {
            ...model.decisions,
            calendarCleaningDays: q.calendarCleaningDays,
            foulingThreshold: q.foulingThreshold,
            l2Margins: { quality: q.quality, temperature: q.temperature, capacity: q.capacity },
            conservativeLambdaFactor: q.lambdaFactor,
            shiftHours: q.shiftHours,
            operatorRampHours: q.rampHours,
            l3QualityExceedance: q.qualityExceedance,
            l3LimitExceedance: q.limitExceedance,
          },
        };
        // Valid by the schema, as a file with these values would be.
        const reparsed = parseModel(JSON.stringify(m), 'random.json') as PetrochemicalModel;
        const s = run(reparsed, q.level, q.seed, q.warmupHours + 36);
        expect(nonFinite(s)).toEqual([]);
        expect(Array.from(s.plant.state).every(Number.isFinite)).toBe(true);
      }),
      { numRuns: 60, seed: 12, endOnFailure: true },
    );
  });
});

describe('the set-point optimiser never returns a non-finite value', () => {
  const constants = { vR: 10_000, heaterEfficiency: 0.85, heaterLossUA: 3000, separatorEnergyPerMolA: 56 };
  const prices = pricesPerMol({ feedPerKg: 1, creditFraction: 0.9, productPerKg: 4.5, fuelPerKj: 1e-5, steamPerKj: 1.8e-5, coolingPerKj: 5e-7 });
  const base: OptimizerInputs = {
    cA0: 5.1,
    feedTemperature: 40,
    ambient: 20,
    minB: 1.0,
    maxB: Infinity,
    maxT: 122,
    maxFlow: 163_000,
    maxSeparatorLoad: 380_000,
    maxHeaterDuty: 3.2e7,
    jacketDuty: -1e6,
  };
  const finite = (r: ReturnType<typeof optimizeSetpoints>) => [r.T, r.flow, r.T0, r.cB, r.profit].every(Number.isFinite);

  it('a trust region entirely beyond the separator limit gives the least-violating point, finite, and says so', () => {
    // The year-long L3 case: a rich feed, a region at high flow and low temperature, where every point overloads it.
    const region = { minT: 95, maxT: 98, minFlow: 150_000, maxFlow: 163_000 };
    const r = optimizeSetpoints({ ...base, cA0: 5.5, maxSeparatorLoad: 200_000 }, constants, prices, region);
    expect(r.withinLimits).toBe(false);
    expect(r.feasible).toBe(false);
    expect(finite(r)).toBe(true);
    expect(r.T0).toBeGreaterThanOrEqual(base.feedTemperature);
    // The least overload in that region: the highest temperature (most conversion) at the lowest flow.
    expect(r.T).toBeCloseTo(98, 6);
    expect(r.flow).toBeCloseTo(150_000, 6);
  });

  it('refuses non-finite inputs by name instead of returning NaN', () => {
    expect(() => optimizeSetpoints({ ...base, cA0: NaN }, constants, prices)).toThrow(/cA0/);
    expect(() => optimizeSetpoints({ ...base, maxFlow: Infinity }, constants, prices)).toThrow(/maxFlow/);
  });

  it('is finite for random finite inputs and regions', () => {
    fc.assert(
      fc.property(
        fc.record({
          cA0: fc.double({ min: 3, max: 8, noNaN: true }),
          feedTemperature: fc.double({ min: -10, max: 120, noNaN: true }),
          minB: fc.double({ min: 0.1, max: 2, noNaN: true }),
          width: fc.double({ min: 0, max: 1, noNaN: true }),
          maxT: fc.double({ min: 60, max: 160, noNaN: true }),
          maxFlow: fc.double({ min: 1_000, max: 400_000, noNaN: true }),
          maxSeparatorLoad: fc.double({ min: 0, max: 800_000, noNaN: true }),
          maxHeaterDuty: fc.double({ min: 0, max: 6e7, noNaN: true }),
          jacketDuty: fc.double({ min: -5e6, max: 0, noNaN: true }),
          local: fc.option(fc.record({ T: fc.double({ min: 90, max: 130, noNaN: true }), flow: fc.double({ min: 1_000, max: 400_000, noNaN: true }) })),
        }),
        ({ local, width, ...q }) => {
          const inputs = { ...base, ...q, maxB: width === 0 ? Infinity : q.minB + width };
          const region = local ? { minT: Math.max(95, local.T - 3), maxT: local.T + 3, minFlow: local.flow * 0.9, maxFlow: local.flow * 1.1 } : undefined;
          expect(finite(optimizeSetpoints(inputs, constants, prices, region))).toBe(true);
        },
      ),
      { numRuns: 300, seed: 12 },
    );
  });
});
