/**
 * The price of each level: every cost in the petrochemical model file that has a cited range lies inside it; the
 * operating cost includes what the capabilities at their levels install and run, amortised.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { presetLevels } from '../../src/core/experiment/levels.ts';
import { parseModel } from '../../src/core/model/load.ts';
import type { PetrochemicalModel } from '../../src/core/model/petrochemical-model.ts';
import { capitalRecoveryFactor, levelCostLines, levelCostPerHour } from '../../src/core/process/level-costs.ts';
import { PROCESS_CAPABILITIES, PetrochemicalSimulation } from '../../src/core/process/petrochemical-simulation.ts';
import { MOLAR_MASS } from '../../src/core/process/plant.ts';

const file = 'factory-models/petrochemical.json';
const text = readFileSync(join(import.meta.dirname, '../..', file), 'utf8');
const model = parseModel(text, file) as PetrochemicalModel;

/** Every `{ value, range }` in a JSON tree, with its path. */
function cited(node: unknown, path = ''): { path: string; value: number; range: [number, number] }[] {
  if (Array.isArray(node)) return node.flatMap((child, i) => cited(child, `${path}[${i}]`));
  if (node === null || typeof node !== 'object') return [];
  const record = node as Record<string, unknown>;
  const here = Array.isArray(record.range) && typeof record.value === 'number' ? [{ path, value: record.value, range: record.range as [number, number] }] : [];
  return [...here, ...Object.entries(record).flatMap(([key, child]) => cited(child, path ? `${path}.${key}` : key))];
}

describe('petrochemical level costs', () => {
  it('every value with a cited range lies inside it, and every cost item says where it comes from', () => {
    const values = cited(JSON.parse(text));
    expect(values.length).toBeGreaterThanOrEqual(3 * model.levelCosts!.items.length);
    for (const { path, value, range } of values) {
      expect(range[0], path).toBeLessThanOrEqual(range[1]);
      expect(value, path).toBeGreaterThanOrEqual(range[0]);
      expect(value, path).toBeLessThanOrEqual(range[1]);
    }
    for (const item of model.levelCosts!.items) for (const part of [item.capital, item.lifeYears, item.annual]) expect(part.source.length).toBeGreaterThan(10);
  });

  it('L1 installs nothing beyond the common DCS; each level above pays for more, by capability', () => {
    const at = (level: 'L1' | 'L2' | 'L3') => levelCostPerHour(model, presetLevels(PROCESS_CAPABILITIES, level));
    expect(at('L1')).toBe(0);
    expect(at('L2')).toBeGreaterThan(0);
    expect(at('L3')).toBeGreaterThan(at('L2'));
    // Raising only quality to L2 charges the analyzer (and the training it needs), not the RTO.
    const qualityOnly = levelCostLines(model, { ...presetLevels(PROCESS_CAPABILITIES, 'L1'), quality: 'L2' }).map((l) => l.id);
    expect(qualityOnly).toContain('online-analyzer');
    expect(qualityOnly).not.toContain('rto');
  });

  it('amortises capital with the capital recovery factor', () => {
    expect(capitalRecoveryFactor(0.08, 10)).toBeCloseTo(0.149029, 6);
    expect(capitalRecoveryFactor(0, 4)).toBe(0.25);
    const analyzer = model.levelCosts!.items.find((i) => i.id === 'online-analyzer')!;
    const line = levelCostLines(model, presetLevels(PROCESS_CAPABILITIES, 'L2')).find((l) => l.id === 'online-analyzer')!;
    const expected = (analyzer.capital.value * capitalRecoveryFactor(0.08, analyzer.lifeYears.value) + analyzer.annual.value) / model.levelCosts!.hoursPerYear;
    expect(line.perHour).toBeCloseTo(expected, 9);
  });

  it('the operating cost includes the level costs, per tonne of on-spec product', () => {
    const run = (m: PetrochemicalModel) => {
      const s = new PetrochemicalSimulation(m, 2, presetLevels(PROCESS_CAPABILITIES, 'L3'));
      s.runUntil(3 * 24);
      return s;
    };
    const priced = run(model);
    const free = run({ ...model, levelCosts: undefined });
    const tonnes = (priced.acc.onSpecB * MOLAR_MASS.B) / 1000;
    const hours = priced.acc.hours + priced.cleaningOwed() * model.economics.cleaningHours;
    expect((priced.kpis().operatingCost! - free.kpis().operatingCost!) * tonnes).toBeCloseTo(priced.levelCost * hours, 4);
  });
});
