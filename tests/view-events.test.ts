import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { presetLevels } from '../src/core/experiment/levels.ts';
import { FlowSimulation } from '../src/core/flow/flow-simulation.ts';
import { MACHINING_CAPABILITIES, startMachining } from '../src/core/machining/index.ts';
import { flowModelSchema } from '../src/core/model/flow-model.ts';
import { parseModel } from '../src/core/model/load.ts';
import type { MachiningModel } from '../src/core/model/machining-model.ts';
import { toEngine, type PetrochemicalModel } from '../src/core/model/petrochemical-model.ts';
import { PROCESS_CAPABILITIES, PetrochemicalSimulation } from '../src/core/process/petrochemical-simulation.ts';
import type { PlantEvent, PlantView } from '../src/core/runtime/view.ts';
import { predictionName } from '../src/app/i18n.ts';

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

describe("learning controllers' predictions for the overlay", () => {
  /** Reading `k` of every unit (the view's layout: reading k of unit i at k * units + i). */
  const readingOf = (view: PlantView, k: number): number[] => {
    const n = view.units.length;
    const out = new Float32Array(n * view.predictions!.length);
    view.readPredictions!(out);
    return [...out.subarray(k * n, (k + 1) * n)];
  };

  it('3C machining at L3: remaining life and predicted defect rate per cell once the models have learned, never at L2', () => {
    const model = load<MachiningModel>('factory-models/3c-machining.json');
    const predictionsAt = (level: 'L2' | 'L3') => {
      const run = startMachining(model, 3, presetLevels(MACHINING_CAPABILITIES, level));
      const view = run.plant.view();
      expect(view.predictions!.map((p) => p.name)).toEqual(['remaining-life', 'defect-rate']);
      run.sim.runUntil(30 * 24);
      const cells = run.plant.cells.length;
      return { life: readingOf(view, 0).slice(0, cells), defect: readingOf(view, 1), cells };
    };
    const l3 = predictionsAt('L3');
    expect(l3.life.some((x) => Number.isFinite(x))).toBe(true);
    expect(l3.life.filter(Number.isFinite).every((x) => x > -50 && x < 200)).toBe(true);
    // The quality model predicts for every cell (it is shared across cells), as a probability in per cent.
    const cellDefects = l3.defect.slice(0, l3.cells);
    expect(cellDefects.every((x) => Number.isFinite(x) && x >= 0 && x <= 100)).toBe(true);
    // It changes tools when the next housing's predicted defect probability passes 1 %: below that, or about it.
    expect(Math.min(...cellDefects)).toBeLessThan(5);
    expect(l3.defect.slice(l3.cells).every((x) => Number.isNaN(x))).toBe(true); // stations have no prediction
    const l2 = predictionsAt('L2');
    expect([...l2.life, ...l2.defect].every((x) => Number.isNaN(x))).toBe(true);
  });

  it("petrochemical with L3 setpoints: the RTO's learned temperature and feed setpoints, on the units they steer", () => {
    const model = load<PetrochemicalModel>('factory-models/petrochemical.json');
    const at = (level: 'L2' | 'L3') => {
      const run = new PetrochemicalSimulation(model, 2, presetLevels(PROCESS_CAPABILITIES, level));
      const view = run.view();
      expect(view.predictions!.map((p) => p.name)).toEqual(['temperature-setpoint', 'feed-setpoint']);
      run.runUntil(48);
      return { temperature: readingOf(view, 0), feed: readingOf(view, 1), run };
    };
    const l3 = at('L3');
    // Reactor (2) and preheater outlet (1) setpoints in deg C, as the controller targets them.
    expect(l3.temperature[2]).toBeGreaterThan(95);
    expect(l3.temperature[2]).toBeLessThan(toEngine('temperature', model.reactor.highAlarm));
    expect(l3.temperature[2]).toBeCloseTo(l3.run.setpoint.T, 0);
    expect(l3.temperature[1]).toBeGreaterThan(40);
    // The feed pump's flow setpoint in m3/h, within the pump's capacity.
    expect(l3.feed[0]).toBeGreaterThan(0.4 * 141.9);
    expect(l3.feed[0]).toBeLessThanOrEqual(toEngine('flow', model.feedPump.maxFlow) / 1000);
    expect([0, 3, 4, 5].every((i) => Number.isNaN(l3.temperature[i]!))).toBe(true);
    const l2 = at('L2');
    expect([...l2.temperature, ...l2.feed].every((x) => Number.isNaN(x))).toBe(true);
  });

  it('every shipped prediction has a name in English and Chinese', () => {
    const machining = startMachining(load<MachiningModel>('factory-models/3c-machining.json'), 1, presetLevels(MACHINING_CAPABILITIES, 'L3'));
    const process = new PetrochemicalSimulation(load<PetrochemicalModel>('factory-models/petrochemical.json'), 1, presetLevels(PROCESS_CAPABILITIES, 'L3'));
    for (const p of [...machining.plant.view().predictions!, ...process.view().predictions!]) {
      expect(predictionName('en', p.name)).not.toBe(p.name);
      expect(predictionName('zh', p.name)).not.toBe(predictionName('en', p.name));
    }
  });
});

describe('tool wear and tank levels', () => {
  it("3C machining: each cell's tool-life counter rises as it cuts and falls back at a tool change", () => {
    const model = load<MachiningModel>('factory-models/3c-machining.json');
    const run = startMachining(model, 4, presetLevels(MACHINING_CAPABILITIES, 'L1'));
    const view = run.plant.view();
    const cells = run.plant.cells.length;
    const wear = new Float32Array(view.units.length);
    let rises = 0;
    let resets = 0;
    let previous = new Float32Array(cells);
    for (let hour = 1; hour <= 10 * 24; hour++) {
      run.sim.runUntil(hour);
      view.readWear!(wear);
      for (let i = 0; i < cells; i++) {
        expect(wear[i]).toBeCloseTo(100 * run.plant.cells[i]!.nominalWear, 3);
        if (wear[i]! > previous[i]!) rises++;
        if (wear[i]! < previous[i]!) resets++;
      }
      previous = wear.slice(0, cells);
    }
    expect(rises).toBeGreaterThan(cells * 10);
    expect(resets).toBeGreaterThan(0);
    expect([...wear.subarray(cells)].every((x) => Number.isNaN(x))).toBe(true); // stations have no tool
  });

  it('petrochemical: the product tanks fill at the rate the plant routes to them, other units have no level', () => {
    const model = load<PetrochemicalModel>('factory-models/petrochemical.json');
    const run = new PetrochemicalSimulation(model, 1, presetLevels(PROCESS_CAPABILITIES, 'L2'));
    const view = run.view();
    const levels = new Float32Array(view.units.length);
    run.runUntil(30);
    view.readLevels!(levels);
    const first = levels[4]!;
    run.runUntil(32);
    view.readLevels!(levels);
    expect(first).toBeGreaterThanOrEqual(0);
    expect(levels[4]).toBeLessThan(1);
    expect(levels[4]).not.toBe(first); // two hours of production moved the product tank's level
    expect([0, 1, 2, 3].every((i) => Number.isNaN(levels[i]!))).toBe(true);
  });
});

describe('views only observe', () => {
  /** Reads every reading a view offers once per simulated hour, as the app's worker does per frame. */
  const readEverything = (view: PlantView) => {
    const n = view.units.length;
    const states = new Uint8Array(n);
    const queues = new Float32Array(n);
    const utilization = new Float32Array(n);
    const completed = new Float64Array(n);
    const per = new Float32Array(n);
    const predictions = new Float32Array(n * (view.predictions?.length ?? 0));
    const energy = new Float64Array(n);
    return () => {
      view.read(states, queues, utilization, completed);
      view.readSignals?.(per);
      view.readPredictions?.(predictions);
      view.readWear?.(per);
      view.readLevels?.(per);
      view.readEnergy?.(energy);
    };
  };

  it('3C machining at L3: reading predictions, wear and energy every hour leaves the KPIs bit-identical', () => {
    const model = load<MachiningModel>('factory-models/3c-machining.json');
    const levels = presetLevels(MACHINING_CAPABILITIES, 'L3');
    const watched = startMachining(model, 7, levels);
    const read = readEverything(watched.plant.view());
    for (let hour = 1; hour <= 20 * 24; hour++) {
      watched.sim.runUntil(hour);
      read();
    }
    const unwatched = startMachining(model, 7, levels);
    unwatched.sim.runUntil(20 * 24);
    expect(unwatched.kpis()).toEqual(watched.kpis());
  });

  it('petrochemical at L3: reading setpoints, levels and signals every hour leaves the KPIs bit-identical', () => {
    const model = load<PetrochemicalModel>('factory-models/petrochemical.json');
    const levels = presetLevels(PROCESS_CAPABILITIES, 'L3');
    const watched = new PetrochemicalSimulation(model, 3, levels);
    const read = readEverything(watched.view());
    for (let hour = 1; hour <= 5 * 24; hour++) {
      watched.runUntil(hour);
      read();
    }
    const unwatched = new PetrochemicalSimulation(model, 3, levels);
    unwatched.runUntil(5 * 24);
    expect(unwatched.kpis()).toEqual(watched.kpis());
  });
});

describe('energy per unit for the inspector', () => {
  it("3C machining: each cell's metered energy grows with time, and reading it leaves the results unchanged", () => {
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
