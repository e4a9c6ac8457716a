import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { presetLevels, type Level } from '../../src/core/experiment/levels.ts';
import { applyParameters } from '../../src/core/experiment/parameters.ts';
import { MACHINING_CAPABILITIES, startMachining } from '../../src/core/machining/index.ts';
import type { MachiningModel } from '../../src/core/model/machining-model.ts';

const file = 'factory-models/3c-machining.json';
const json = JSON.parse(readFileSync(file, 'utf8')) as unknown;
const withCells = (cells: number) => applyParameters(json, { 'cnc.cells': cells }, file) as MachiningModel;

function goodOut(model: MachiningModel, level: Level, seed: number, days: number) {
  const run = startMachining(model, seed, presetLevels(MACHINING_CAPABILITIES, level));
  run.sim.runUntil(days * 24);
  const kpis = run.kpis();
  run.sim.dispose();
  return { good: run.plant.goodOut, kpis, made: run.plant.cells.map((c) => c.unitsMade) };
}

describe('3C plant: cells added with cnc.cells', () => {
  it('take work (cells no product lists take any family) and add capacity at every level', () => {
    for (const level of ['L1', 'L2', 'L3'] as Level[]) {
      for (const seed of [1, 2]) {
        const six = goodOut(withCells(6), level, seed, 8);
        const eight = goodOut(withCells(8), level, seed, 8);
        expect(eight.made[6]).toBeGreaterThan(0);
        expect(eight.made[7]).toBeGreaterThan(0);
        expect(eight.kpis.availabilityCnc7).toBeGreaterThan(0);
        expect(eight.good).toBeGreaterThan(six.good);
      }
    }
  });

  it('refuses fewer cells than a product lists, naming the path', () => {
    expect(() => withCells(4)).toThrow(/products\[2\]\.cells\[2\]: expected a CNC cell index below cnc\.cells \(4\), got 5/);
  });
});
