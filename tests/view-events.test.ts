import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { presetLevels } from '../src/core/experiment/levels.ts';
import { FlowSimulation } from '../src/core/flow/flow-simulation.ts';
import { MACHINING_CAPABILITIES, startMachining } from '../src/core/machining/index.ts';
import { flowModelSchema } from '../src/core/model/flow-model.ts';
import { parseModel } from '../src/core/model/load.ts';
import type { MachiningModel } from '../src/core/model/machining-model.ts';
import type { PetrochemicalModel } from '../src/core/model/petrochemical-model.ts';
import { PROCESS_CAPABILITIES, PetrochemicalSimulation } from '../src/core/process/petrochemical-simulation.ts';
import type { PlantEvent } from '../src/core/runtime/view.ts';

const root = join(import.meta.dirname, '..');
const load = <T>(file: string) => parseModel(readFileSync(join(root, file), 'utf8'), file) as T;

describe('notable events for the event log', () => {
  it('flow: breakdowns and repairs alternate per station, and observing them changes nothing', () => {
    const model = flowModelSchema.parse({
      kind: 'flow',
      name: 'breakdowns',
      sources: [{ id: 'in', interarrival: { dist: 'exponential', mean: 2 }, routing: 'r' }],
      stations: [{ id: 'm', serviceTime: { dist: 'exponential', mean: 1 }, mtbf: 50, mttr: 5 }],
      routings: [{ id: 'r', steps: ['m'], sink: 'out' }],
      sinks: [{ id: 'out' }],
    });
    const watched = new FlowSimulation(model, 3);
    const log: PlantEvent[] = [];
    watched.view().events$!.subscribe((e) => log.push(e));
    watched.sim.runUntil(5000);
    expect(log.length).toBeGreaterThan(50);
    log.forEach((e, i) => expect(e.kind).toBe(i % 2 === 0 ? 'failure' : 'repair'));
    const unwatched = new FlowSimulation(model, 3);
    unwatched.sim.runUntil(5000);
    expect(unwatched.kpis()).toEqual(watched.kpis());
  });

  it('3C machining: failures, repairs and maintenance are logged against CNC cells, without perturbing the run', () => {
    const model = load<MachiningModel>('factory-models/3c-machining.json');
    const levels = presetLevels(MACHINING_CAPABILITIES, 'L1');
    const watched = startMachining(model, 2, levels);
    const log: PlantEvent[] = [];
    watched.plant.view().events$!.subscribe((e) => log.push(e));
    watched.sim.runUntil(20 * 24);
    const failures = log.filter((e) => e.kind === 'failure');
    expect(failures.length).toBe(watched.plant.cells.reduce((n, c) => n + c.failures, 0));
    expect(log.every((e) => e.unit >= 0 && e.unit < watched.plant.cells.length)).toBe(true);
    const unwatched = startMachining(model, 2, levels);
    unwatched.sim.runUntil(20 * 24);
    expect(unwatched.kpis()).toEqual(watched.kpis());
  });

  it('petrochemical: grade changes and cleanings are logged on the reactor', () => {
    const model = load<PetrochemicalModel>('factory-models/petrochemical.json');
    const run = new PetrochemicalSimulation(model, 1, presetLevels(PROCESS_CAPABILITIES, 'L1'));
    const log: PlantEvent[] = [];
    run.view().events$!.subscribe((e) => log.push(e));
    run.runUntil(30 * 24);
    expect(log.some((e) => e.kind === 'grade-change' && e.unit === 2)).toBe(true);
    expect(log.filter((e) => e.kind === 'cleaning-start').length).toBe(run.cleanings);
  });
});

describe('measured signals for overlays', () => {
  it('3C machining: each cell shows its last vibration reading, healthy machines near the ISO good zone', () => {
    const model = load<MachiningModel>('factory-models/3c-machining.json');
    const run = startMachining(model, 5, presetLevels(MACHINING_CAPABILITIES, 'L2'));
    const view = run.plant.view();
    expect(view.signal).toEqual({ name: 'vibration', unit: 'mm/s' });
    const out = new Float32Array(view.units.length);
    view.readSignals!(out);
    expect(Number.isNaN(out[0])).toBe(true); // no reading before the first hourly sample
    run.sim.runUntil(3);
    view.readSignals!(out);
    for (let i = 0; i < run.plant.cells.length; i++) {
      expect(out[i]).toBeGreaterThan(0.5);
      expect(out[i]).toBeLessThan(model.cnc.health.vibrationFailed + 3 * model.cnc.health.vibrationNoise);
    }
    expect(Number.isNaN(out[view.units.length - 1])).toBe(true); // packing has no vibration sensor
  });

  it('petrochemical: the reactor and preheater show their temperatures', () => {
    const model = load<PetrochemicalModel>('factory-models/petrochemical.json');
    const run = new PetrochemicalSimulation(model, 1, presetLevels(PROCESS_CAPABILITIES, 'L2'));
    const view = run.view();
    run.runUntil(24);
    const out = new Float32Array(view.units.length);
    view.readSignals!(out);
    expect(out[2]).toBeGreaterThan(100);
    expect(out[2]).toBeLessThan(130);
    expect(out[1]).toBeGreaterThan(80);
    expect(Number.isNaN(out[0])).toBe(true);
  });
});

describe('learning controllers\' predictions for the overlay', () => {
  it('3C machining at L3: remaining-life estimates appear once the model has learned, and never at L2', () => {
    const model = load<MachiningModel>('factory-models/3c-machining.json');
    const predictionsAt = (level: 'L2' | 'L3') => {
      const run = startMachining(model, 3, presetLevels(MACHINING_CAPABILITIES, level));
      const view = run.plant.view();
      run.sim.runUntil(30 * 24);
      const out = new Float32Array(view.units.length);
      view.readPredictions!(out);
      return [...out].slice(0, run.plant.cells.length);
    };
    const l3 = predictionsAt('L3');
    expect(l3.some((x) => Number.isFinite(x))).toBe(true);
    expect(l3.filter(Number.isFinite).every((x) => x > -50 && x < 200)).toBe(true);
    expect(predictionsAt('L2').every((x) => Number.isNaN(x))).toBe(true);
  });
});

describe('energy per unit for the inspector', () => {
  it('3C machining: each cell\'s metered energy grows with time, and reading it leaves the results unchanged', () => {
    const model = load<MachiningModel>('factory-models/3c-machining.json');
    const levels = presetLevels(MACHINING_CAPABILITIES, 'L2');
    const watched = startMachining(model, 6, levels);
    const view = watched.plant.view();
    const out = new Float64Array(view.units.length);
    watched.sim.runUntil(48);
    view.readEnergy!(out);
    const early = [...out];
    watched.sim.runUntil(96);
    view.readEnergy!(out);
    for (let i = 0; i < watched.plant.cells.length; i++) expect(out[i]).toBeGreaterThan(early[i]!);
    expect(out.every((x) => Number.isFinite(x) && x >= 0)).toBe(true);
    const unwatched = startMachining(model, 6, levels);
    unwatched.sim.runUntil(96);
    expect(unwatched.kpis()).toEqual(watched.kpis());
  });
});
