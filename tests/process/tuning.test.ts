/**
 * The petrochemical plant's shipped tuning: every level tuned by the same procedure and budget, the tuned values at their
 * paths, and the flooding / alarm constraint the tuner holds met by the tuned values on the evaluation seeds (it once
 * was met on the training seeds only: 0.8 % there, 1.6 % on the evaluation seeds).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { executeRun } from '../../src/core/experiment/experiment.ts';
import { presetLevels } from '../../src/core/experiment/levels.ts';
import { readParameter } from '../../src/core/experiment/parameters.ts';
import { checkDeclaration } from '../../src/core/experiment/tune.ts';
import { runnable } from '../../src/core/models.ts';
import { parseModel } from '../../src/core/model/load.ts';
import type { TuningProvenance } from '../../src/core/model/tuning.ts';
import { estimate } from '../../src/core/stats/summary.ts';

const file = 'factory-models/petrochemical.json';
const text = readFileSync(file, 'utf8');
const json = JSON.parse(text) as { tuning: Record<'L1' | 'L2' | 'L3', TuningProvenance> };
const model = runnable(parseModel(text, file));

describe('petrochemical tuning as shipped', () => {
  it('holds the time past the alarm or the flooding limit at the confidence limit of the training mean', () => {
    const declaration = model.tuning!;
    checkDeclaration(model, declaration);
    expect(declaration.objective.constraints).toEqual([{ kpi: 'violations', max: 1, confident: true }]);
  });

  it('ships every level tuned with the same budget, run length and seeds, values at their paths; L1 meets the constraint on the evaluation seeds', () => {
    const levels = (['L1', 'L2', 'L3'] as const).map((level) => json.tuning[level]);
    for (const [i, p] of levels.entries()) {
      const where = `L${i + 1}`;
      expect(p, where).toBeDefined();
      for (const [path, value] of Object.entries(p.values)) expect(readParameter(json, path), `${where} ${path}`).toBe(value);
      expect({ budget: p.budget, days: p.days, seeds: p.trainingSeeds, eval: p.evaluationSeeds, algorithm: p.algorithm }, where).toEqual({
        budget: levels[0]!.budget,
        days: levels[0]!.days,
        seeds: levels[0]!.trainingSeeds,
        eval: levels[0]!.evaluationSeeds,
        algorithm: levels[0]!.algorithm,
      });
    }
    // L2 and L3 were tuned before the constraint was held at its confidence limit (their provenance says so); L1 after.
    const l1 = json.tuning.L1;
    expect(l1.objective).toMatch(/violations <= 1 \(at the 95 % confidence limit/);
    const check = l1.evaluation.constraints?.[0];
    expect(check?.constraint).toBe('violations <= 1');
    expect(check?.met).toBe(true);
    expect(check!.tuned.mean).toBeLessThanOrEqual(1);
  });

  it('the tuned L1 floods the separator or passes the alarm at most 1 % of the time on the evaluation seeds, as recorded', () => {
    const provenance = json.tuning.L1;
    const violations = provenance.evaluationSeeds.map((seed, index) => {
      const run = executeRun(model, {
        index,
        key: 'L1',
        capabilities: presetLevels(model.capabilities, 'L1'),
        seed,
        until: provenance.days * model.unitsPerDay,
        slices: 1,
        curves: false,
      });
      return run.kpis.violations!;
    });
    const e = estimate(violations);
    expect(e.mean).toBeLessThanOrEqual(1);
    // The recorded figure is this run's (the file's values are the tuned ones): a stale provenance fails here.
    expect(Number(e.mean.toPrecision(6))).toBe(provenance.evaluation.constraints![0]!.tuned.mean);
  }, 300_000);
});
