import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FlowSimulation } from '../../src/core/flow/flow-simulation.ts';
import { flowModelSchema, type FlowModel, type FlowModelInput } from '../../src/core/model/flow-model.ts';
import { parseModel } from '../../src/core/model/load.ts';

const root = join(import.meta.dirname, '../..');
const load = (file: string) => parseModel(readFileSync(join(root, file), 'utf8'), file) as FlowModel;
const model = (input: Omit<FlowModelInput, 'kind' | 'name'>) => flowModelSchema.parse({ kind: 'flow', name: 'test', ...input });

/** FNV-1a over the event log: time bits and channel of every event, and the job id where there is one. */
function eventLogHash(run: FlowSimulation, until: number): string {
  let hash = 0x811c9dc5;
  const bits = new Float64Array(1);
  const words = new Uint32Array(bits.buffer);
  const mix = (word: number) => {
    for (let shift = 0; shift < 32; shift += 8) hash = Math.imul(hash ^ ((word >>> shift) & 0xff), 16777619);
  };
  run.sim.trace$.subscribe((record) => {
    bits[0] = record.time;
    mix(words[0]!);
    mix(words[1]!);
    mix(record.channel.id);
    const job = (record.data as { job?: { id: number } } | null)?.job;
    if (job) mix(job.id);
  });
  run.sim.runUntil(until);
  return (hash >>> 0).toString(16);
}

describe('flow engine against queueing theory', () => {
  it("M/M/1 at rho = 0.9: mean time in system within 2 % of 1/(mu - lambda) = 9, and Little's law holds", () => {
    const run = new FlowSimulation(load('factory-models/teaching/mm1.json'), 1);
    run.sim.runUntil(10_000_000); // about 10 million customers
    const { timeInSystem, wip, throughput, utilization } = run.kpis();
    expect(Math.abs(timeInSystem! - 9) / 9).toBeLessThan(0.02);
    expect(Math.abs(wip! - 9) / 9).toBeLessThan(0.02);
    expect(Math.abs(utilization! - 90) / 90).toBeLessThan(0.005);
    expect(Math.abs(throughput! - 60) / 60).toBeLessThan(0.005);
    // Little: L = lambda W, with lambda the observed departure rate per minute.
    const lambda = throughput! / 60;
    expect(Math.abs(wip! - lambda * timeInSystem!) / wip!).toBeLessThan(0.001);
  });

  it('five-station tandem (Jackson) line: time in system within 2 % of the sum of M/M/1 sojourns, per-station utilisation', () => {
    const m = load('factory-models/teaching/tandem5.json');
    const run = new FlowSimulation(m, 1);
    run.sim.runUntil(2_000_000);
    const theory = m.stations.reduce((sum, s) => {
      const mean = (s.serviceTime as { mean: number }).mean;
      return sum + 1 / (1 / mean - 1);
    }, 0);
    expect(theory).toBeCloseTo(10.3333, 3);
    const { timeInSystem, wip, throughput } = run.kpis();
    expect(Math.abs(timeInSystem! - theory) / theory).toBeLessThan(0.02);
    expect(Math.abs(wip! - (throughput! / 60) * timeInSystem!) / wip!).toBeLessThan(0.001);
    run.stationStatistics().forEach((s, i) => {
      const rho = (m.stations[i]!.serviceTime as { mean: number }).mean;
      expect(Math.abs(s.utilization - rho)).toBeLessThan(0.01);
    });
  });

  it('is deterministic: same model and seed give an identical event log; another seed differs', () => {
    const m = load('factory-models/teaching/tandem5.json');
    const a = eventLogHash(new FlowSimulation(m, 11), 20_000);
    const b = eventLogHash(new FlowSimulation(m, 11), 20_000);
    const c = eventLogHash(new FlowSimulation(m, 12), 20_000);
    expect(a).toBe(b);
    expect(c).not.toBe(a);
  });

  it('blocks after service when the next buffer is full (deterministic two-station line)', () => {
    // Station a takes 1, station b takes 2, no buffer in front of b: a finishes a job every 1 but must hold it until b
    // is free, so the line runs at b's pace and a is blocked half of the time.
    const m = model({
      timeUnit: 'minute',
      sources: [{ id: 'in', interarrival: { dist: 'constant', value: 0.5 }, routing: 'r' }],
      stations: [
        { id: 'a', serviceTime: { dist: 'constant', value: 1 } },
        { id: 'b', serviceTime: { dist: 'constant', value: 2 }, bufferCapacity: 0 },
      ],
      routings: [{ id: 'r', steps: ['a', 'b'], sink: 'out' }],
      sinks: [{ id: 'out' }],
    });
    const run = new FlowSimulation(m, 1);
    run.sim.runUntil(10_000);
    const [a, b] = run.stationStatistics();
    expect(run.kpis().throughput).toBeCloseTo(30, 1); // one job per 2 minutes
    expect(b!.utilization).toBeCloseTo(1, 3);
    expect(a!.utilization).toBeCloseTo(0.5, 3);
    expect(a!.blocked).toBeCloseTo(0.5, 3);
  });

  it('a full first buffer holds the arrival (wait) or turns it away (drop)', () => {
    const line = (onBlocked: 'wait' | 'drop') =>
      model({
        sources: [{ id: 'in', interarrival: { dist: 'constant', value: 1 }, routing: 'r', onBlocked }],
        stations: [{ id: 'slow', serviceTime: { dist: 'constant', value: 4 }, bufferCapacity: 2 }],
        routings: [{ id: 'r', steps: ['slow'], sink: 'out' }],
        sinks: [{ id: 'out' }],
      });
    const waiting = new FlowSimulation(line('wait'), 1);
    waiting.sim.runUntil(1000);
    expect(waiting.sources[0]!.dropped).toBe(0);
    expect(waiting.wipNow).toBeLessThanOrEqual(3);
    const dropping = new FlowSimulation(line('drop'), 1);
    dropping.sim.runUntil(1000);
    expect(dropping.sources[0]!.dropped).toBeGreaterThan(700);
    expect(dropping.kpis().throughput).toBeCloseTo(15, 0);
  });

  it('breakdowns: availability approaches mtbf / (mtbf + mttr) and interrupted jobs resume', () => {
    const m = model({
      sources: [{ id: 'in', interarrival: { dist: 'exponential', mean: 2 }, routing: 'r' }],
      stations: [{ id: 'm', serviceTime: { dist: 'exponential', mean: 1 }, mtbf: 90, mttr: 10 }],
      routings: [{ id: 'r', steps: ['m'], sink: 'out' }],
      sinks: [{ id: 'out' }],
    });
    const run = new FlowSimulation(m, 5);
    run.sim.runUntil(2_000_000);
    const [station] = run.stationStatistics();
    expect(station!.availability).toBeCloseTo(0.9, 2);
    // Every job's work is done exactly once: busy fraction = arrival rate x mean service = 0.5.
    expect(station!.utilization).toBeCloseTo(0.5, 2);
    expect(run.kpis().throughput).toBeCloseTo(30, 0);
  });

  it('product mix: jobs split between routings by weight', () => {
    const m = model({
      sources: [
        {
          id: 'in',
          interarrival: { dist: 'exponential', mean: 1 },
          mix: [
            { routing: 'x', weight: 3 },
            { routing: 'y', weight: 1 },
          ],
        },
      ],
      stations: [
        { id: 'sx', serviceTime: { dist: 'exponential', mean: 0.5 } },
        { id: 'sy', serviceTime: { dist: 'exponential', mean: 0.5 } },
      ],
      routings: [
        { id: 'x', steps: ['sx'], sink: 'out' },
        { id: 'y', steps: ['sy'], sink: 'out' },
      ],
      sinks: [{ id: 'out' }],
    });
    const run = new FlowSimulation(m, 2);
    run.sim.runUntil(200_000);
    const [sx, sy] = run.stationStatistics();
    expect(sx!.completed / (sx!.completed + sy!.completed)).toBeCloseTo(0.75, 2);
  });

  it('warm-up: statistics start at the warm-up time', () => {
    const m = model({
      warmup: 500,
      sources: [{ id: 'in', interarrival: { dist: 'constant', value: 1 }, routing: 'r' }],
      stations: [{ id: 's', serviceTime: { dist: 'constant', value: 0.5 } }],
      routings: [{ id: 'r', steps: ['s'], sink: 'out' }],
      sinks: [{ id: 'out' }],
    });
    const run = new FlowSimulation(m, 1);
    run.sim.runUntil(1500);
    expect(run.measuredFrom).toBe(500);
    expect(run.exits).toBe(1000);
    expect(run.kpis().utilization).toBeCloseTo(50, 6);
  });
});

describe('flow view', () => {
  it('reports each station as a unit with its live state, queue and utilisation', async () => {
    const { UnitState } = await import('../../src/core/runtime/view.ts');
    const m = model({
      sources: [{ id: 'in', interarrival: { dist: 'constant', value: 0.5 }, routing: 'r' }],
      stations: [
        { id: 'a', name: 'Saw', serviceTime: { dist: 'constant', value: 1 } },
        { id: 'b', serviceTime: { dist: 'constant', value: 2 }, bufferCapacity: 0 },
      ],
      routings: [{ id: 'r', steps: ['a', 'b'], sink: 'out' }],
      sinks: [{ id: 'out' }],
    });
    const run = new FlowSimulation(m, 1);
    const view = run.view();
    expect(view.units).toMatchObject([
      { id: 'a', name: 'Saw', kind: 'station' },
      { id: 'b', name: 'b', kind: 'station' },
    ]);
    run.sim.runUntil(101); // a finishes a job every 2 minutes at 2.5 + 2k and waits a minute for b: blocked now
    const states = new Uint8Array(2);
    const queues = new Float32Array(2);
    const utilization = new Float32Array(2);
    view.read(states, queues, utilization);
    expect([...states]).toEqual([UnitState.blocked, UnitState.running]);
    expect(queues[0]).toBeGreaterThan(10); // arrivals twice as fast as the line
    expect(utilization[1]).toBeCloseTo(1, 1);
  });
});
