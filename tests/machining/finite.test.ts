import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { presetLevels } from '../../src/core/experiment/levels.ts';
import { applyParameters } from '../../src/core/experiment/parameters.ts';
import { MACHINING_CAPABILITIES, startMachining } from '../../src/core/machining/index.ts';
import type { MachiningModel } from '../../src/core/model/machining-model.ts';

const file = 'factory-models/3c-machining.json';
const json = JSON.parse(readFileSync(file, 'utf8')) as unknown;

/** KPIs that have no data in some runs by definition (no order completed or due yet, no variant developed yet). */
const MAY_HAVE_NO_DATA = new Set(['leadTime', 'onTimeDelivery', 'npiTrialsFirstVariant', 'npiTrialsLastVariant', 'learnDispatchLastWeek']);

/** Factors on parameters that decide how the plant and the levels behave, each within a physically sensible range. */
const scenario = fc.record({
  level: fc.constantFrom('L1' as const, 'L2' as const, 'L3' as const),
  seed: fc.integer({ min: 1, max: 10_000 }),
  interarrival: fc.double({ min: 3, max: 20, noNaN: true }),
  weibullScale: fc.double({ min: 40, max: 400, noNaN: true }),
  pmInterval: fc.double({ min: 10, max: 400, noNaN: true }),
  toolChange: fc.double({ min: 0.2, max: 1.5, noNaN: true }),
  probe: fc.double({ min: 0, max: 0.02, noNaN: true }),
  cells: fc.integer({ min: 6, max: 9 }),
  warmupDays: fc.double({ min: 0, max: 4, noNaN: true }),
});

describe('3C plant KPIs over random valid parameter sets', () => {
  it('are finite numbers (or, for the few KPIs that can lack data, not a number) at every level', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const model = applyParameters(
          json,
          {
            'orders.meanInterarrivalHours': s.interarrival,
            'cnc.health.weibullScaleHours': s.weibullScale,
            'maintenance.pmIntervalHours': s.pmInterval,
            'quality.toolChangeIntervalUnits': s.toolChange,
            'quality.probeHoursPerUnit': s.probe,
            'cnc.cells': s.cells,
            warmupDays: s.warmupDays,
          },
          file,
        ) as MachiningModel;
        const run = startMachining(model, s.seed, presetLevels(MACHINING_CAPABILITIES, s.level));
        run.sim.runUntil(6 * 24);
        const kpis = run.kpis();
        run.sim.dispose();
        for (const [key, value] of Object.entries(kpis)) {
          if (Number.isNaN(value) && MAY_HAVE_NO_DATA.has(key)) continue;
          expect(Number.isFinite(value), `${key} = ${value} in ${JSON.stringify(s)}`).toBe(true);
        }
      }),
      { numRuns: 25, seed: 12 },
    );
  });
});
