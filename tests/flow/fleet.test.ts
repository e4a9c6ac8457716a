import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runExperiment } from '../../src/core/experiment/experiment.ts';
import { runnable } from '../../src/core/models.ts';
import { applyParameters } from '../../src/core/experiment/parameters.ts';
import { curatedParameters, sweepValues } from '../../src/app/experiments/sweep.ts';
import { FlowSimulation } from '../../src/core/flow/flow-simulation.ts';
import { flowModelSchema, type FlowModelInput } from '../../src/core/model/flow-model.ts';
import { ModelFileError } from '../../src/core/model/errors.ts';
import { validateModel } from '../../src/core/model/load.ts';
import { estimate } from '../../src/core/stats/summary.ts';

const model = (input: Omit<FlowModelInput, 'kind' | 'name'>) => flowModelSchema.parse({ kind: 'flow', name: 'fleet test', ...input });
const constant = (value: number) => ({ dist: 'constant' as const, value });
const exponential = (mean: number) => ({ dist: 'exponential' as const, mean });

/**
 * One vehicle shuttling between A and B; A and B have so many servers that nothing else queues, so calls arrive as a
 * Poisson process. Every call costs the vehicle exactly D = L/v empty (it is always at B when freed) + load + L/v loaded +
 * unload, so the calls form an M/D/1 queue: Wq = rho D / (2 (1 - rho)), and the transport wait (call to vehicle
 * arrival) is Wq + L/v.
 */
function shuttle(rate: number) {
  return model({
    warmup: 2000,
    sources: [{ id: 'in', interarrival: exponential(1 / rate), routing: 'r' }],
    stations: [
      { id: 'a', servers: 500, serviceTime: constant(0) },
      { id: 'b', servers: 500, serviceTime: constant(0) },
    ],
    routings: [{ id: 'r', steps: ['a', 'b'], sink: 'out' }],
    sinks: [{ id: 'out' }],
    conveyors: [{ id: 'agv-1', kind: 'agv', from: 'a', to: 'b', length: 30, speed: 60, fleet: 'f' }],
    fleets: [{ id: 'f', vehicles: 1, speed: 60, loadTime: 0.2, unloadTime: 0.2, home: 'a' }],
  });
}

describe('AGV fleets', () => {
  it('a single vehicle matches the M/D/1 closed form (transport wait, utilisation, empty travel)', () => {
    const rate = 0.5;
    const oneWay = 30 / 60;
    const d = 2 * oneWay + 0.4;
    const rho = rate * d;
    const expectedWait = (rho * d) / (2 * (1 - rho)) + oneWay;
    const waits: number[] = [];
    const utilisations: number[] = [];
    for (let seed = 1; seed <= 6; seed++) {
      const run = new FlowSimulation(shuttle(rate), seed);
      run.sim.runUntil(60_000);
      const stats = run.fleets[0]!.statistics(run.sim.now);
      waits.push(stats.meanWait);
      utilisations.push(stats.utilization);
      expect(stats.emptyTravel).toBeCloseTo(0.5, 3);
      // Little's law on calls: time-average number waiting = call rate x mean wait (boundary effects only).
      const span = run.sim.now - 2000;
      expect(stats.meanWaitingCalls).toBeCloseTo((stats.calls / span) * stats.meanWait, 1);
      expect(Math.abs(stats.meanWaitingCalls - (stats.calls / span) * stats.meanWait) / stats.meanWaitingCalls).toBeLessThan(0.01);
    }
    const wait = estimate(waits);
    const utilisation = estimate(utilisations);
    console.info(
      `single AGV vs M/D/1: wait ${wait.mean.toFixed(4)} ± ${wait.ci95.toFixed(4)} (theory ${expectedWait.toFixed(4)}), utilisation ${utilisation.mean.toFixed(4)} (theory ${rho})`,
    );
    expect(Math.abs(wait.mean - expectedWait)).toBeLessThan(Math.max(2 * wait.ci95, 0.03 * expectedWait));
    expect(Math.abs(utilisation.mean - rho)).toBeLessThan(0.01);
  });

  /** A line where transport limits throughput with few vehicles: arrivals 1/min, A 0.8 min, AGV 1 min each way, B 0.7 min. */
  function knee(vehicles: number, extra: Partial<FlowModelInput> = {}) {
    return model({
      warmup: 500,
      sources: [{ id: 'in', interarrival: exponential(1), routing: 'r' }],
      stations: [
        { id: 'a', serviceTime: exponential(0.8), bufferCapacity: 5 },
        { id: 'b', serviceTime: exponential(0.7), bufferCapacity: 5 },
      ],
      routings: [{ id: 'r', steps: ['a', 'b'], sink: 'out' }],
      sinks: [{ id: 'out' }],
      conveyors: [{ id: 'agv-1', kind: 'agv', from: 'a', to: 'b', length: 60, speed: 60, fleet: 'f' }],
      fleets: [{ id: 'f', vehicles, speed: 60, loadTime: 0.3, unloadTime: 0.3 }],
      ...extra,
    });
  }

  function throughput(m: ReturnType<typeof model>, lookAhead = false): { throughput: number; wait: number; utilisation: number } {
    const values = [1, 2, 3].map((seed) => {
      const run = new FlowSimulation(m, seed, { lookAhead });
      run.sim.runUntil(20_000);
      return run.kpis();
    });
    return {
      throughput: estimate(values.map((k) => k.throughput!)).mean,
      wait: estimate(values.map((k) => k.transportWait!)).mean,
      utilisation: estimate(values.map((k) => k.vehicleUtilization!)).mean,
    };
  }

  it('fleet sizing shows the knee: throughput rises with vehicles until the stations limit it', () => {
    const curve = [1, 2, 3, 4, 5].map((k) => throughput(knee(k)));
    console.info(
      `fleet sizing (jobs/h by vehicles 1..5): ${curve.map((c) => c.throughput.toFixed(1)).join(', ')}; utilisation % ${curve.map((c) => c.utilisation.toFixed(1)).join(', ')}`,
    );
    // One vehicle carries at most 1 / 2.6 jobs per minute (23 jobs/h).
    expect(curve[0]!.throughput).toBeLessThan(23.1);
    expect(curve[1]!.throughput).toBeGreaterThan(1.2 * curve[0]!.throughput);
    // Beyond the knee a vehicle more changes throughput by under 1 %, while utilisation keeps falling: station A, blocked
    // for the empty trip and the loading of each job, is the bottleneck at 60 / (0.8 + 1 + 0.3) = 28.6 jobs/h.
    for (const k of [2, 3, 4]) expect(Math.abs(curve[k]!.throughput - curve[k - 1]!.throughput) / curve[k - 1]!.throughput).toBeLessThan(0.01);
    expect(curve[4]!.throughput).toBeCloseTo(60 / 2.1, 0);
    expect(curve[4]!.utilisation).toBeLessThan(curve[3]!.utilisation);
  });

  it('the Experiments view offers fleet sizing, and its sweep over vehicles shows the same knee', () => {
    const line = knee(1);
    const parameter = curatedParameters(line)[0]!;
    expect(parameter).toMatchObject({ path: 'fleets[0].vehicles', integer: true });
    const values = sweepValues(1, 4, 4, true);
    const throughputs = values.map((vehicles) => {
      const swept = runnable(applyParameters(JSON.parse(JSON.stringify(line)), { [parameter.path]: vehicles }));
      return runExperiment(swept, { levels: ['L1'], seeds: [1, 2], until: 10_000 }).levels.L1!.kpis.throughput!.mean;
    });
    expect(throughputs[1]! / throughputs[0]!).toBeGreaterThan(1.2);
    expect(Math.abs(throughputs[3]! - throughputs[2]!) / throughputs[2]!).toBeLessThan(0.01);
  });

  it('stations block while their job waits for a vehicle', () => {
    const run = new FlowSimulation(knee(1), 1);
    run.sim.runUntil(20_000);
    expect(run.stationStatistics()[0]!.blocked).toBeGreaterThan(0.65);
    // With vehicles to spare every job at A waits exactly the empty trip from B (1) and the loading (0.3) on its server,
    // and A is always busy (arrivals outpace it), so A is blocked 1.3 / 2.1 of the time.
    const many = new FlowSimulation(knee(5), 1);
    many.sim.runUntil(20_000);
    expect(many.stationStatistics()[0]!.blocked).toBeCloseTo(1.3 / 2.1, 2);
  });

  it('FCFS and nearest-vehicle rules both run, and look-ahead (L3) cuts the transport wait', () => {
    const fcfs = throughput(knee(2, { fleets: [{ id: 'f', vehicles: 2, speed: 60, loadTime: 0.3, unloadTime: 0.3, dispatching: 'fcfs' }] }));
    const nearest = throughput(knee(2));
    const ahead = throughput(knee(2), true);
    console.info(`two vehicles, transport wait: fcfs ${fcfs.wait.toFixed(3)}, nearest ${nearest.wait.toFixed(3)}, look-ahead ${ahead.wait.toFixed(3)} min`);
    expect(ahead.wait).toBeLessThan(nearest.wait);
    // Sent ahead to A, vehicles are there when the job finishes, so A is blocked for less and the line carries more.
    expect(ahead.throughput).toBeGreaterThan(1.1 * nearest.throughput);
    expect(fcfs.throughput).toBeGreaterThan(0);
  });

  it('vehicles with batteries go to charge, which costs capacity', () => {
    const battery = { capacity: 60, chargeTime: 30, threshold: 0.3, charger: 'a' };
    const withBattery = knee(3, { fleets: [{ id: 'f', vehicles: 3, speed: 60, loadTime: 0.3, unloadTime: 0.3, battery }] });
    const run = new FlowSimulation(withBattery, 1);
    run.sim.runUntil(20_000);
    const stats = run.fleets[0]!.statistics(run.sim.now);
    expect(stats.charging).toBeGreaterThan(0.1);
    expect(stats.minBattery).toBeGreaterThan(0);
    expect(throughput(withBattery).throughput).toBeLessThan(throughput(knee(3)).throughput);
  });

  it('does not deadlock when every vehicle could end up holding a job for a full station', () => {
    // Two fleet routes in series, buffers of one, two vehicles: without reserving a place at the destination before a
    // call is served, both vehicles come to hold jobs for a full s2 whose own job waits for a vehicle, and the line stops.
    const line = model({
      sources: [{ id: 'in', interarrival: exponential(1.3), routing: 'r' }],
      stations: ['s1', 's2', 's3'].map((id, i) => ({ id, serviceTime: exponential(i === 1 ? 1.2 : 1), bufferCapacity: 1 })),
      routings: [{ id: 'r', steps: ['s1', 's2', 's3'], sink: 'out' }],
      sinks: [{ id: 'out' }],
      conveyors: [
        { id: 'agv-12', kind: 'agv', from: 's1', to: 's2', length: 40, speed: 60, fleet: 'f' },
        { id: 'agv-23', kind: 'agv', from: 's2', to: 's3', length: 40, speed: 60, fleet: 'f' },
      ],
      fleets: [{ id: 'f', vehicles: 2, speed: 60, loadTime: 0.2, unloadTime: 0.2 }],
    });
    for (const lookAhead of [false, true]) {
      const run = new FlowSimulation(line, 1, { lookAhead });
      run.sim.runUntil(2000);
      const half = run.exits;
      run.sim.runUntil(4000);
      expect(half).toBeGreaterThan(500);
      expect(run.exits - half).toBeGreaterThan(500);
    }
  });

  it('a line with a fleet offers L1..L3 (transport capability) and reports the fleet KPIs', () => {
    const r = runnable(knee(2));
    expect(r.levels).toEqual(['L1', 'L2', 'L3']);
    expect(r.capabilities).toEqual(['transport']);
    expect(r.kpis.map((k) => k.key)).toEqual(['throughput', 'wip', 'timeInSystem', 'utilization', 'vehicleUtilization', 'emptyTravel', 'transportWait']);
    const report = runExperiment(r, { levels: ['L1', 'L3'], seeds: [1, 2], until: 5000 });
    expect(report.levels.L1!.kpis.vehicleUtilization!.mean).toBeGreaterThan(0);
  });

  it('the same seed gives the same numbers', () => {
    const a = new FlowSimulation(knee(2), 7);
    a.sim.runUntil(5000);
    const b = new FlowSimulation(knee(2), 7);
    b.sim.runUntil(5000);
    expect(a.kpis()).toEqual(b.kpis());
  });

  it('refuses fleets that do not fit the model, naming the path', () => {
    const base = JSON.parse(JSON.stringify(knee(1)));
    const problems = (edit: (m: Record<string, any>) => void) => {
      const m = JSON.parse(JSON.stringify(base));
      edit(m);
      try {
        validateModel(m, 'line.json');
      } catch (e) {
        expect(e).toBeInstanceOf(ModelFileError);
        return (e as Error).message;
      }
      return 'valid';
    };
    expect(problems(() => {})).toBe('valid');
    expect(problems((m) => (m.conveyors[0].fleet = 'g'))).toMatch(/conveyors\[0\]\.fleet: unknown fleet "g"; expected one of "f"/);
    expect(problems((m) => (m.conveyors[0].kind = 'belt'))).toMatch(/conveyors\[0\]\.kind: expected "agv"/);
    expect(problems((m) => (m.fleets[0].vehicles = 0))).toMatch(/fleets\[0\]\.vehicles/);
    expect(problems((m) => (m.fleets[0].battery = { capacity: 10, chargeTime: 5, charger: 'zz' }))).toMatch(
      /fleets\[0\]\.battery\.charger: unknown station "zz"/,
    );
    expect(problems((m) => m.fleets.push({ id: 'h', vehicles: 1, speed: 1 }))).toMatch(/fleets\[1\]: no AGV route uses fleet "h"/);
  });
});

describe('models without a fleet are unchanged', () => {
  it('teaching models give the KPIs they gave before fleets existed (recorded from the parent commit)', () => {
    const recorded = JSON.parse(readFileSync(new URL('./fixtures/teaching-kpis-before-fleets.json', import.meta.url), 'utf8')) as Record<
      string,
      Record<string, Record<string, number>>
    >;
    for (const [file, levels] of Object.entries(recorded)) {
      const r = runnable(validateModel(JSON.parse(readFileSync(file, 'utf8')), file));
      for (const [level, kpis] of Object.entries(levels)) {
        const report = runExperiment(r, { levels: [level as 'L1'], seeds: [1, 2], until: 3 * r.unitsPerDay });
        for (const [key, mean] of Object.entries(kpis)) expect(report.levels[level as 'L1']!.kpis[key]!.mean, `${file} ${level} ${key}`).toBe(mean);
      }
    }
  });
});
