import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FlowSimulation } from '../../src/core/flow/flow-simulation.ts';
import type { FlowModel } from '../../src/core/model/flow-model.ts';
import { validateModel } from '../../src/core/model/load.ts';
import { VEHICLE_FIELDS, VehicleState } from '../../src/core/runtime/view.ts';

const read = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
const AGV_FILE = 'factory-models/teaching/agv-line.json';
const agvLine = (change: (m: Record<string, unknown>) => void = () => {}) => {
  const data = read(AGV_FILE);
  change(data);
  return validateModel(data, AGV_FILE) as FlowModel;
};
/** The AGV line with a small battery charged at cell B, so vehicles go to charge every few jobs. */
const withBattery = () =>
  agvLine((m) => {
    (m.fleets as Record<string, unknown>[])[0]!.battery = { capacity: 30, chargeTime: 20, threshold: 0.3, charger: 'cell-b' };
  });

/** Runs to `until`, reading the view every `every` time units when asked; returns the KPIs and every vehicle reading. */
function run(model: FlowModel, until: number, every?: number) {
  const sim = new FlowSimulation(model, 7);
  const readings: Float64Array[] = [];
  if (every !== undefined) {
    const view = sim.view();
    const n = view.units.length;
    const states = new Uint8Array(n);
    for (let t = every; t <= until; t += every) {
      sim.sim.runUntil(t);
      view.read(states, new Float32Array(n), new Float32Array(n), new Float64Array(n));
      if (view.vehicles) {
        const out = new Float64Array(view.vehicles * VEHICLE_FIELDS);
        view.readVehicles!(out);
        readings.push(out);
      }
    }
  }
  sim.sim.runUntil(until);
  return { kpis: sim.kpis(), readings, view: sim.view() };
}

describe('AGVs in the plant view', () => {
  it("reports each vehicle of the AGV line: legs between the line's units, consistent times, empty and loaded states", () => {
    const { readings, view } = run(agvLine(), 600, 0.25);
    expect(view.vehicles).toBe(2);
    const units = view.units.length;
    const seen = new Set<number>();
    let moving = 0;
    const previousEnd = new Float64Array(2);
    readings.forEach((legs, r) => {
      const time = 0.25 * (r + 1);
      for (let k = 0; k < 2; k++) {
        const [from, to, start, end, state] = legs.subarray(k * VEHICLE_FIELDS, (k + 1) * VEHICLE_FIELDS);
        expect(from).toBeGreaterThanOrEqual(0);
        expect(to).toBeLessThan(units);
        expect(start).toBeLessThanOrEqual(end!);
        // The current leg began no later than now; legs only move forward in time.
        expect(start).toBeLessThanOrEqual(time);
        expect(end).toBeGreaterThanOrEqual(previousEnd[k]!);
        previousEnd[k] = end!;
        seen.add(state!);
        if (from !== to && start! < time && time < end!) moving++;
      }
    });
    expect(seen.has(VehicleState.empty)).toBe(true);
    expect(seen.has(VehicleState.loaded)).toBe(true);
    expect(seen.has(VehicleState.charging)).toBe(false);
    expect(moving).toBeGreaterThan(100);
  });

  it('shows vehicles charging when the fleet has a battery', () => {
    const { readings } = run(withBattery(), 600, 0.25);
    const charging = readings.filter((legs) => legs[4] === VehicleState.charging || legs[4 + VEHICLE_FIELDS] === VehicleState.charging);
    expect(charging.length).toBeGreaterThan(0);
  });

  it('reading the vehicles changes nothing: KPIs are bit-identical with and without a view read every step', () => {
    for (const model of [agvLine(), withBattery()]) {
      expect(run(model, 2000, 0.1).kpis).toEqual(run(model, 2000).kpis);
    }
  });

  it('a line without a fleet has no vehicles in its view', () => {
    const mm1 = validateModel(read('factory-models/teaching/mm1.json'), 'mm1') as FlowModel;
    const view = new FlowSimulation(mm1, 1).view();
    expect(view.vehicles).toBeUndefined();
    expect(view.readVehicles).toBeUndefined();
  });
});
