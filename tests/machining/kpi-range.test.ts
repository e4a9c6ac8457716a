import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { presetLevels, type Level } from '../../src/core/experiment/levels.ts';
import { MACHINING_CAPABILITIES, startMachining } from '../../src/core/machining/index.ts';
import { parseModel } from '../../src/core/model/load.ts';
import type { MachiningModel } from '../../src/core/model/machining-model.ts';

const file = 'factory-models/3c-machining.json';
const model = parseModel(readFileSync(file, 'utf8'), file) as MachiningModel;

describe('3C plant OEE factors', () => {
  it('stay within 0-100 % at every hour, while long segments are still cutting (a lot is booked as it is cut)', () => {
    const oeeKeys = (k: string) => /^(oee|availability|performance|quality)(Cnc\d+)?$/.test(k);
    for (const level of ['L1', 'L2', 'L3'] as Level[]) {
      for (const seed of [1, 2, 3, 4, 5]) {
        const run = startMachining(model, seed, presetLevels(MACHINING_CAPABILITIES, level));
        let highest = 0;
        for (let hour = 1; hour <= 48; hour++) {
          run.sim.runUntil(hour);
          for (const [key, value] of Object.entries(run.kpis())) {
            if (!oeeKeys(key)) continue;
            expect(value, `${level} seed ${seed} hour ${hour} ${key}`).toBeGreaterThanOrEqual(0);
            expect(value, `${level} seed ${seed} hour ${hour} ${key}`).toBeLessThanOrEqual(100 + 1e-9);
            if (/^availabilityCnc/.test(key)) highest = Math.max(highest, value);
          }
        }
        // The cells do cut: the bound is not met by reporting nothing.
        expect(highest).toBeGreaterThan(50);
        run.sim.dispose();
      }
    }
  });
});
