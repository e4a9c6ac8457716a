import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readParameter } from '../../src/core/experiment/parameters.ts';
import { presetLevels } from '../../src/core/experiment/levels.ts';
import { levelSystemsCostPerHour, MACHINING_CAPABILITIES } from '../../src/core/machining/index.ts';
import { parseModel } from '../../src/core/model/load.ts';
import type { MachiningModel } from '../../src/core/model/machining-model.ts';

const file = 'factory-models/3c-machining.json';
const json = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
const model = parseModel(readFileSync(file, 'utf8'), file) as MachiningModel;

/** Every path to a number under `value`, in the `--set` syntax. */
function numberPaths(value: unknown, prefix: string): string[] {
  if (typeof value === 'number') return [prefix];
  if (Array.isArray(value)) return value.flatMap((v, i) => numberPaths(v, `${prefix}[${i}]`));
  if (value !== null && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => numberPaths(v, prefix ? `${prefix}.${k}` : k));
  return [];
}

describe('3C plant model file: values against their cited ranges', () => {
  const ranges = model.provenance!.ranges;

  it('every value with a cited range lies inside it, and the range names a source', () => {
    const outside: string[] = [];
    for (const [path, { min, max, source }] of Object.entries(ranges)) {
      const value = readParameter(json, path);
      if (value === undefined) outside.push(`${path}: no number at this path`);
      else if (!(min <= value && value <= max)) outside.push(`${path} = ${value}, outside ${min}-${max} (${source})`);
      if (!model.provenance!.sources[source]) outside.push(`${path}: source "${source}" is not in provenance.sources`);
    }
    expect(outside).toEqual([]);
  });

  it('covers the anodizing line, the probing time and every price of what a level installs', () => {
    for (const path of ['anodize.tankCapacityUnits', 'anodize.busyKw', 'anodize.idleKw', 'quality.probeHoursPerUnit']) expect(ranges[path], path).toBeDefined();
    const levelCostPaths = numberPaths(json.levelCosts, 'levelCosts');
    expect(levelCostPaths.length).toBeGreaterThan(20);
    expect(levelCostPaths.filter((p) => !ranges[p])).toEqual([]);
  });
});

describe('3C plant: a price for each level', () => {
  it('charges nothing at L1 and more at L3 than at L2, per capability and in total', () => {
    const at = (levels: Record<string, 'L1' | 'L2' | 'L3'>) =>
      levelSystemsCostPerHour(model, { ...presetLevels(MACHINING_CAPABILITIES, 'L1'), ...levels } as never);
    expect(at({})).toBe(0);
    for (const capability of MACHINING_CAPABILITIES) {
      expect(at({ [capability]: 'L2' }), capability).toBeGreaterThan(0);
      expect(at({ [capability]: 'L3' }), capability).toBeGreaterThan(at({ [capability]: 'L2' }));
    }
    // Capital amortised plus running cost, per cell: the L2 preset by hand.
    const l2 = Object.values(model.levelCosts!.L2).reduce((s, c) => s + c!.capitalPerCell / model.levelCosts!.lifeYears + c!.runningPerCellYear, 0);
    expect(at(presetLevels(MACHINING_CAPABILITIES, 'L2'))).toBeCloseTo((l2 * model.cnc.cells) / 8760, 9);
  });
});

describe('3C plant: operating cost includes what the level installs', () => {
  it('by exactly the systems cost per good housing, and in-machine probing adds cycle time', async () => {
    const { startMachining } = await import('../../src/core/machining/index.ts');
    const run = (m: MachiningModel, level: 'L1' | 'L2') => {
      const r = startMachining(m, 4, presetLevels(MACHINING_CAPABILITIES, level));
      r.sim.runUntil(4 * 24);
      return r;
    };
    const free: MachiningModel = { ...model, levelCosts: undefined };
    const priced = run(model, 'L2').kpis();
    const unpriced = run(free, 'L2').kpis();
    expect(priced.systemsCost).toBeGreaterThan(0);
    expect(priced.operatingCost! - unpriced.operatingCost!).toBeCloseTo(priced.systemsCost!, 9);
    expect(run(model, 'L1').kpis().systemsCost).toBe(0);
    const noProbeTime: MachiningModel = { ...model, quality: { ...model.quality, probeHoursPerUnit: 0 } };
    expect(run(model, 'L2').kpis().performance).toBeLessThan(run(noProbeTime, 'L2').kpis().performance!);
  });
});
