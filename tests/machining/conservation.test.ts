import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { presetLevels, type Level } from '../../src/core/experiment/levels.ts';
import { MACHINING_CAPABILITIES, startMachining } from '../../src/core/machining/index.ts';
import type { Lot } from '../../src/core/machining/plant.ts';
import { parseModel } from '../../src/core/model/load.ts';
import type { MachiningModel } from '../../src/core/model/machining-model.ts';

const file = join(import.meta.dirname, '../../factory-models/3c-machining.json');
const model = parseModel(readFileSync(file, 'utf8'), file) as MachiningModel;
const SEEDS = Array.from({ length: 30 }, (_, i) => i + 1);
/** L1 keeps defects hidden until the CMM, where double removal showed; L2/L3 measure in-line and cost more per day. */
const DAYS: Record<Level, number> = { L1: 30, L2: 8, L3: 8 };
/** The same plant with defects made common (worn tools drift fast, one housing in four marked at anodizing). */
const stressed: MachiningModel = {
  ...model,
  cnc: { ...model.cnc, drift: { ...model.cnc.drift, onsetWear: 0.2, cosmeticDefectProbability: 0.25, cosmeticReworkShare: 0.3 } },
};

/**
 * Housings are conserved lot by lot: every lot released holds, at any time, its size = housings still in it + housings
 * scrapped from it (+ the housings it shipped, once closed); no lot ever holds fewer than 0; and the plant's counters
 * agree with the sum over lots. Short runs, but 30 seeds at every level: a housing removed twice (a hidden dimensional
 * scrap also scrapped for looks at anodizing) shows up within days at L1, where defects stay hidden until the CMM.
 */
describe('3C plant conservation, lot by lot', () => {
  const cases = (['L1', 'L2', 'L3'] as Level[]).flatMap((level) => [
    { level, name: 'the shipped plant', plant: model, days: DAYS[level] },
    { level, name: 'a plant with common defects', plant: stressed, days: 4 },
  ]);
  for (const { level, name, plant: plantModel, days } of cases) {
    it(`holds at ${level} over 30 seeds, ${name}, ${days} days`, () => {
      const failures: string[] = [];
      for (const seed of SEEDS) {
        const run = startMachining(plantModel, seed, presetLevels(MACHINING_CAPABILITIES, level));
        const plant = run.plant;
        const closed: { lot: Lot; units: number; scrapped: number }[] = [];
        plant.lotClosed.events$.subscribe((lot) => closed.push({ lot, units: lot.units, scrapped: lot.scrappedUnits }));
        try {
          run.sim.runUntil(days * 24);
        } catch (error) {
          failures.push(`seed ${seed}: ${(error as Error).message}`);
          continue;
        }
        let released = 0;
        let shipped = 0;
        let scrapped = 0;
        let wip = 0;
        for (const { lot, units, scrapped: s } of closed) {
          released += lot.size;
          scrapped += s;
          shipped += units;
          if (units < 0 || (units === 0) !== (s === lot.size)) failures.push(`seed ${seed}: lot ${lot.id} closed with ${units} of ${lot.size} (${s} scrapped)`);
        }
        for (const lot of plant.floor) {
          released += lot.size;
          scrapped += lot.scrappedUnits;
          wip += lot.units;
          if (lot.units < 0 || lot.units + lot.scrappedUnits !== lot.size)
            failures.push(`seed ${seed}: lot ${lot.id} holds ${lot.units} of ${lot.size} (${lot.scrappedUnits} scrapped)`);
        }
        if (released !== plant.blanksIn || shipped !== plant.goodOut || scrapped !== plant.scrapped || released !== shipped + scrapped + wip) {
          failures.push(
            `seed ${seed}: released ${released}/${plant.blanksIn}, shipped ${shipped}/${plant.goodOut}, scrapped ${scrapped}/${plant.scrapped}, WIP ${wip}`,
          );
        }
        if (plant.blanksIn === 0 || plant.goodOut === 0) failures.push(`seed ${seed}: nothing made`);
        run.sim.dispose();
      }
      expect(failures).toEqual([]);
    });
  }
});
