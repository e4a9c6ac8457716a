/**
 * New-grade development: a grade whose operating window is unknown is qualified by plant trials; L1 by response-surface
 * steps on lab results, L2 by a model corrected from analyzer results, L3 by a model with both kinetic factors learned.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LEVELS, presetLevels } from '../../src/core/experiment/levels.ts';
import { parseModel } from '../../src/core/model/load.ts';
import type { PetrochemicalModel } from '../../src/core/model/petrochemical-model.ts';
import { PROCESS_CAPABILITIES, PetrochemicalSimulation, processParameters } from '../../src/core/process/petrochemical-simulation.ts';
import { developNewGrade, steadyB } from '../../src/core/process/units/development.ts';
import { RandomStreams } from '../../src/core/random/stream.ts';
import { normal } from '../../src/core/random/distributions.ts';
import { exp } from '../../src/core/math/index.ts';

const file = 'factory-models/petrochemical.json';
const model = parseModel(readFileSync(join(import.meta.dirname, '../..', file), 'utf8'), file) as PetrochemicalModel;
const spec = processParameters(model).spec;
const develop = (level: (typeof LEVELS)[number], seed: number, m = model) =>
  developNewGrade(m, level, new RandomStreams(seed), spec.designFlow, spec.maxFlow, spec.size.vR)!;

describe('new-grade development', () => {
  const seeds = Array.from({ length: 12 }, (_, i) => i + 1);
  const grade = model.newGrade!;

  it('the model file has a new grade with an unknown window', () => {
    expect(grade).toBeDefined();
    expect(grade.maxB).toBeGreaterThan(grade.minB);
  });

  it('a qualified point truly meets the spec; model-based levels always qualify, lab trials mostly', () => {
    for (const level of LEVELS) {
      let qualified = 0;
      for (const seed of seeds) {
        const r = develop(level, seed);
        if (!r.qualified) continue;
        qualified++;
        expect(r.trials).toBeGreaterThanOrEqual(grade.qualificationRuns);
        // The truth for this seed: the factors are the first draws of the development stream.
        const rng = new RandomStreams(seed).stream('development:new-grade');
        const f1 = exp(normal(rng, 0, grade.kineticsSd));
        const f2 = exp(normal(rng, 0, grade.kineticsSd));
        const trueB = steadyB(r.D, r.T, model.disturbances.feedConcentration.mean, f1, f2);
        expect(trueB, `${level} seed ${seed}`).toBeGreaterThanOrEqual(grade.minB);
        expect(trueB, `${level} seed ${seed}`).toBeLessThanOrEqual(grade.maxB);
        expect(r.hours).toBeGreaterThan(0);
        expect(r.cost).toBeGreaterThan(0);
      }
      // Lab noise (0.01 mol/L against a 0.07 window) makes three consecutive in-spec lab results hard to get: L1 gives
      // up after maxTrials in some seeds.
      expect(qualified, level).toBeGreaterThanOrEqual(level === 'L1' ? 10 : seeds.length);
    }
  });

  it('model-based development needs fewer trials and hours than lab and plant trials', () => {
    const mean = (level: (typeof LEVELS)[number], pick: (r: ReturnType<typeof develop>) => number) =>
      seeds.reduce((s, seed) => s + pick(develop(level, seed)), 0) / seeds.length;
    expect(mean('L2', (r) => r.trials)).toBeLessThan(0.7 * mean('L1', (r) => r.trials));
    expect(mean('L3', (r) => r.hours)).toBeLessThan(0.5 * mean('L1', (r) => r.hours));
  });

  it('a window the plant cannot reach is not qualified, and the cycle says it was given up', () => {
    // Above the best the van de Vusse can make from this feed at any temperature and feed rate, even with rate factors
    // four sds in its favour.
    const impossible = { ...model, newGrade: { ...grade, minB: 2.6, maxB: 2.7 } };
    for (const level of LEVELS) {
      const r = develop(level, 1, impossible);
      expect(r.qualified).toBe(false);
      expect(r.trials).toBe(grade.maxTrials);
    }
    let best = 0;
    for (let T = 95; T <= 122; T += 0.5)
      for (let D = 5; D <= 17; D += 0.25) best = Math.max(best, steadyB(D, T, 5.7, exp(4 * grade.kineticsSd), exp(-4 * grade.kineticsSd)));
    expect(best).toBeLessThan(2.6);
  });

  it('is the developmentCycle KPI, beside the changeover time', () => {
    const s = new PetrochemicalSimulation(model, 3, presetLevels(PROCESS_CAPABILITIES, 'L2'));
    s.runUntil(2 * 24);
    const kpis = s.kpis();
    expect(kpis.developmentCycle).toBe(develop('L2', 3).hours);
    expect(kpis.developmentTrials).toBe(develop('L2', 3).trials);
    expect('changeoverTime' in kpis).toBe(true);
  });
});
