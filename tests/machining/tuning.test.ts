import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readParameter } from '../../src/core/experiment/parameters.ts';
import { checkDeclaration } from '../../src/core/experiment/tune.ts';
import { sameFamilyFirst } from '../../src/core/machining/controllers.ts';
import type { Cell, Lot } from '../../src/core/machining/plant.ts';
import { runnable } from '../../src/core/models.ts';
import { parseModel } from '../../src/core/model/load.ts';

const file = 'factory-models/3c-machining.json';
const json = JSON.parse(readFileSync(file, 'utf8')) as {
  tuning?: Record<string, { values: Record<string, number>; trainingSeeds: number[]; evaluationSeeds: number[]; budget: number; days: number }>;
};
const model = runnable(parseModel(readFileSync(file, 'utf8'), file));

describe('3C plant tuning', () => {
  it('declares decision parameters for every level, each path read by one level, each value within its bounds', () => {
    const declaration = model.tuning!;
    checkDeclaration(model, declaration);
    for (const level of ['L1', 'L2', 'L3'] as const) expect(declaration.parameters[level]!.length, level).toBeGreaterThanOrEqual(4);
    for (const parameters of Object.values(declaration.parameters)) {
      for (const p of parameters) {
        const value = readParameter(json, p.path);
        expect(value, p.path).toBeGreaterThanOrEqual(p.min);
        expect(value, p.path).toBeLessThanOrEqual(p.max);
      }
    }
  });

  it('ships every level tuned by the same procedure and budget, with the tuned values at their paths', () => {
    const tuning = json.tuning!;
    const levels = ['L1', 'L2', 'L3'].map((level) => tuning[level]!);
    for (const [i, provenance] of levels.entries()) {
      expect(provenance, `L${i + 1}`).toBeDefined();
      for (const [path, value] of Object.entries(provenance.values)) expect(readParameter(json, path), path).toBe(value);
      expect(provenance.trainingSeeds.filter((s) => provenance.evaluationSeeds.includes(s))).toEqual([]);
      expect({ budget: provenance.budget, days: provenance.days, seeds: provenance.trainingSeeds }).toEqual({
        budget: levels[0]!.budget,
        days: levels[0]!.days,
        seeds: levels[0]!.trainingSeeds,
      });
    }
  });
});

describe('L1 dispatching: a shared queue per family', () => {
  const cell = { family: 'phone', product: 0 } as Cell;
  const lot = (queuedAt: number, product: number) => ({ queuedAt, product }) as Lot;
  const familyOf = (l: Lot) => (l.product < 2 ? 'phone' : 'tablet');
  const waiting = [lot(5, 2), lot(3, 2), lot(6, 1), lot(4, 0)];

  it('takes the oldest lot without a preference', () => {
    expect(sameFamilyFirst(cell, waiting, 0, familyOf)).toBe(1);
  });

  it('takes the oldest lot of the family on the fixture when it waited at most the preference less', () => {
    expect(sameFamilyFirst(cell, waiting, 1, familyOf)).toBe(3);
    expect(sameFamilyFirst(cell, waiting, 0.5, familyOf)).toBe(1);
    expect(sameFamilyFirst({ family: '', product: -1 } as Cell, waiting, 10, familyOf)).toBe(1);
  });
});
