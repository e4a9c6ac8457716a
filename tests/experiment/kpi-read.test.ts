/**
 * Reading a run's KPIs is an observation: the app reads them every frame, the CLI once at the end, and both must see
 * the same numbers bit for bit. Open integrals (energy meters, stock, stock-outs) are read, never closed early.
 */
import { describe, expect, it } from 'vitest';
import { presetLevels } from '../../src/core/experiment/levels.ts';
import { runnable } from '../../src/core/models.ts';
import { loadModelFile } from '../../src/node/model-file.ts';

const cases = [
  { file: 'factory-models/3c-machining.json', days: 3 },
  { file: 'factory-models/petrochemical.json', days: 1 },
  { file: 'factory-models/teaching/tandem5.json', days: 1 },
];

describe('reading KPIs during a run', () => {
  for (const { file, days } of cases) {
    it(`${file}: KPIs read every simulated hour leave the final KPIs bit-identical`, () => {
      const model = runnable(loadModelFile(file));
      const until = days * model.unitsPerDay;
      const level = model.levels.at(-1)!;
      const capabilities = presetLevels(model.capabilities, level);

      const quiet = model.start({ seed: 3, capabilities });
      quiet.sim.runUntil(until);

      const watched = model.start({ seed: 3, capabilities });
      const hour = model.unitsPerDay / 24;
      let reads = 0;
      for (let t = hour; t < until; t += hour) {
        watched.sim.runUntil(t);
        watched.kpis();
        reads++;
      }
      watched.sim.runUntil(until);

      expect(reads).toBeGreaterThan(20);
      expect(watched.kpis()).toEqual(quiet.kpis());
    });
  }
});
