import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { presetLevels } from '../../src/core/experiment/levels.ts';
import { MACHINING_CAPABILITIES, startMachining } from '../../src/core/machining/index.ts';
import { parseModel } from '../../src/core/model/load.ts';
import type { MachiningModel } from '../../src/core/model/machining-model.ts';

const file = 'factory-models/3c-machining.json';
const model = parseModel(readFileSync(file, 'utf8'), file) as MachiningModel;

describe('3C plant measures', () => {
  it('delete the warm-up: KPIs count only what happened after it', () => {
    const m: MachiningModel = { ...model, warmupDays: 3 };
    const run = startMachining(m, 1, presetLevels(MACHINING_CAPABILITIES, 'L2'));
    run.sim.runUntil(3 * 24);
    const good = run.plant.goodOut;
    const failures = run.plant.cells.reduce((s, c) => s + c.failures, 0);
    run.sim.runUntil(10 * 24);
    const kpis = run.kpis();
    expect(good).toBeGreaterThan(0);
    expect(kpis.throughput).toBeCloseTo(((run.plant.goodOut - good) / (7 * 24)) * 24, 9);
    expect(kpis.failures).toBe(run.plant.cells.reduce((s, c) => s + c.failures, 0) - failures);
    // Labour is paid by shift: 7 days of the two 12-hour shifts (3 then 2 operators) are 7 x 60 operator-hours.
    expect(kpis.efficiencyPerLabourHour).toBeCloseTo((run.plant.goodOut - good) / (7 * 60), 9);
  });

  it('at the shipped load every level delivers the demand, and the machine-hours used per good housing are measured', () => {
    const days = 40;
    const demandPerDay = (24 / model.orders.meanInterarrivalHours) * ((model.orders.quantity.min + model.orders.quantity.max) / 2);
    for (const level of ['L1', 'L2', 'L3'] as const) {
      let throughput = 0;
      for (const seed of [1, 2, 3]) {
        const run = startMachining(model, seed, presetLevels(MACHINING_CAPABILITIES, level));
        run.sim.runUntil(days * 24);
        const kpis = run.kpis();
        throughput += kpis.throughput! / 3;
        expect(kpis.efficiencyPerMachineHour).toBeGreaterThan(0);
        // Machine-hours used are at most the hours the cells exist, and at least the cutting hours.
        expect(kpis.efficiency! / kpis.efficiencyPerMachineHour!).toBeLessThanOrEqual(model.cnc.cells);
        expect(kpis.efficiency! / kpis.efficiencyPerMachineHour!).toBeGreaterThanOrEqual((model.cnc.cells * kpis.utilization!) / 100);
      }
      // Below capacity, output follows demand (within the noise of 3 seeds), not how fast a level clears a backlog.
      expect(Math.abs(throughput / demandPerDay - 1), level).toBeLessThan(0.08);
    }
  });
});
