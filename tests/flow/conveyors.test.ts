import { describe, expect, it } from 'vitest';
import { FlowSimulation } from '../../src/core/flow/flow-simulation.ts';
import { flowModelSchema, type FlowModelInput } from '../../src/core/model/flow-model.ts';
import { ModelFileError } from '../../src/core/model/errors.ts';
import { validateModel } from '../../src/core/model/load.ts';

const model = (input: Omit<FlowModelInput, 'kind' | 'name'>) => flowModelSchema.parse({ kind: 'flow', name: 'test', ...input });
const constant = (value: number) => ({ dist: 'constant' as const, value });

/** A deterministic two-station line: arrivals every 5, service 2 then 3, optionally a belt of `length` m at 2 m per unit. */
function deterministicLine(length?: number) {
  return model({
    sources: [{ id: 'in', interarrival: constant(5), routing: 'r' }],
    stations: [
      { id: 'a', serviceTime: constant(2) },
      { id: 'b', serviceTime: constant(3) },
    ],
    routings: [{ id: 'r', steps: ['a', 'b'], sink: 'out' }],
    sinks: [{ id: 'out' }],
    conveyors: length === undefined ? [] : [{ id: 'belt', from: 'a', to: 'b', length, speed: 2 }],
  });
}

describe('conveyors between stations', () => {
  it('a deterministic line: time in system grows by exactly the transport time length / speed', () => {
    const without = new FlowSimulation(deterministicLine(), 1);
    without.sim.runUntil(10_000);
    expect(without.kpis().timeInSystem).toBe(5);
    const withBelt = new FlowSimulation(deterministicLine(6), 1);
    withBelt.sim.runUntil(10_000);
    expect(withBelt.transports[0]!.time).toBe(3);
    expect(withBelt.kpis().timeInSystem).toBe(8);
    // Same throughput: the belt delays parts, it does not slow the line.
    expect(withBelt.exits).toBeGreaterThanOrEqual(without.exits - 1);
  });

  it('Jackson tandem line with belts: time in system near the sum of M/M/1 sojourns plus the transport times, Little holds', () => {
    const stations = [0.5, 0.6, 0.7, 0.8, 0.6].map((mean, i) => ({ id: `s${i + 1}`, serviceTime: { dist: 'exponential' as const, mean } }));
    const belts = [1, 2, 0.5, 3].map((time, k) => ({ id: `c${k}`, from: `s${k + 1}`, to: `s${k + 2}`, length: 4 * time, speed: 4 }));
    const m = model({
      warmup: 1000,
      sources: [{ id: 'in', interarrival: { dist: 'exponential', mean: 1 }, routing: 'r' }],
      stations,
      routings: [{ id: 'r', steps: stations.map((s) => s.id), sink: 'out' }],
      sinks: [{ id: 'out' }],
      conveyors: belts,
    });
    const run = new FlowSimulation(m, 1);
    run.sim.runUntil(2_000_000);
    const { timeInSystem, wip, throughput } = run.kpis();
    const theory = 1 + 1.5 + 7 / 3 + 4 + 1.5 + (1 + 2 + 0.5 + 3);
    expect(Math.abs(timeInSystem! - theory) / theory).toBeLessThan(0.02);
    const lambda = throughput! / 60; // jobs per minute
    expect(Math.abs(wip! - lambda * timeInSystem!) / wip!).toBeLessThan(0.001);
    // Unlimited buffers: a belt never has to hold a part at its end, so its load is lambda * transport time.
    expect(Math.abs(run.transports[3]!.onBoard.mean(run.sim.now) - 3) / 3).toBeLessThan(0.03);
  });

  it('when the next station is full the part waits at the belt end, in arrival order, and the station before never blocks', () => {
    const m = model({
      sources: [{ id: 'in', interarrival: constant(1), routing: 'r', limit: 10 }],
      stations: [
        { id: 'a', serviceTime: constant(1) },
        { id: 'b', serviceTime: constant(3), bufferCapacity: 0 },
      ],
      routings: [{ id: 'r', steps: ['a', 'b'], sink: 'out' }],
      sinks: [{ id: 'out' }],
      conveyors: [{ id: 'belt', from: 'a', to: 'b', length: 2, speed: 1 }],
    });
    const run = new FlowSimulation(m, 1);
    const exits: { id: number; time: number }[] = [];
    run.exited.events$.subscribe((job) => exits.push({ id: job.id, time: run.sim.now }));
    let mostWaiting = 0;
    run.delivery.events$.subscribe(() => (mostWaiting = Math.max(mostWaiting, run.transports[0]!.waiting.length)));
    run.sim.runUntil(1000);
    // Job i arrives at 1 + i, leaves a at 2 + i, reaches the belt end at 4 + i; b serves one every 3 from time 4.
    expect(exits.map((e) => e.id)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(exits.map((e) => e.time)).toEqual(Array.from({ length: 10 }, (_, i) => 7 + 3 * i));
    expect(mostWaiting).toBeGreaterThan(3);
    expect(run.stationStatistics()[0]!.blocked).toBe(0);
    expect(run.transports[0]!.waiting.length).toBe(0);
  });

  it('without the belt the same line blocks the first station instead', () => {
    const m = model({
      sources: [{ id: 'in', interarrival: constant(1), routing: 'r', limit: 10 }],
      stations: [
        { id: 'a', serviceTime: constant(1) },
        { id: 'b', serviceTime: constant(3), bufferCapacity: 0 },
      ],
      routings: [{ id: 'r', steps: ['a', 'b'], sink: 'out' }],
      sinks: [{ id: 'out' }],
    });
    const run = new FlowSimulation(m, 1);
    run.sim.runUntil(1000);
    expect(run.stationStatistics()[0]!.blocked).toBeGreaterThan(0);
  });

  it('same model and seed give bit-identical results with belts', () => {
    const runOnce = () => {
      const run = new FlowSimulation(
        model({
          sources: [{ id: 'in', interarrival: { dist: 'exponential', mean: 1 }, routing: 'r' }],
          stations: [
            { id: 'a', serviceTime: { dist: 'exponential', mean: 0.8 } },
            { id: 'b', serviceTime: { dist: 'exponential', mean: 0.9 }, bufferCapacity: 2 },
          ],
          routings: [{ id: 'r', steps: ['a', 'b'], sink: 'out' }],
          sinks: [{ id: 'out' }],
          conveyors: [{ id: 'belt', from: 'a', to: 'b', length: 3, speed: 2 }],
        }),
        7,
      );
      run.sim.runUntil(50_000);
      return run.kpis();
    };
    expect(runOnce()).toEqual(runOnce());
  });

  it('refuses conveyors naming unknown stations, duplicates, and pairs no routing visits, naming the path', () => {
    const base = {
      kind: 'flow',
      name: 'x',
      sources: [{ id: 'in', interarrival: constant(1), routing: 'r' }],
      stations: [
        { id: 'a', serviceTime: constant(1) },
        { id: 'b', serviceTime: constant(1) },
      ],
      routings: [{ id: 'r', steps: ['a', 'b'], sink: 'out' }],
      sinks: [{ id: 'out' }],
    };
    const problems = (conveyors: unknown[]) => {
      try {
        validateModel({ ...base, conveyors }, 'line.json');
      } catch (error) {
        if (error instanceof ModelFileError) return error.message;
        throw error;
      }
      return 'accepted';
    };
    expect(problems([{ id: 'c', from: 'a', to: 'nowhere', length: 1, speed: 1 }])).toMatch(
      /line\.json: conveyors\[0\]\.to: unknown station "nowhere"; expected one of "a", "b"/,
    );
    expect(problems([{ id: 'c', from: 'b', to: 'a', length: 1, speed: 1 }])).toMatch(/conveyors\[0\].*no routing goes from "b" straight to "a"/);
    expect(problems([{ id: 'c', from: 'a', to: 'b', length: 0, speed: 1 }])).toMatch(/conveyors\[0\]\.length/);
    expect(
      problems([
        { id: 'c', from: 'a', to: 'b', length: 1, speed: 1 },
        { id: 'd', from: 'a', to: 'b', length: 1, speed: 1 },
      ]),
    ).toMatch(/conveyors\[1\].*second conveyor/);
    expect(problems([{ id: 'a', from: 'a', to: 'b', length: 1, speed: 1 }])).toMatch(/conveyors\[0\]\.id: duplicate id "a"/);
    expect(problems([{ id: 'c', from: 'a', to: 'b', length: 1, speed: 1 }])).toBe('accepted');
  });
});
