/**
 * The run budget of the kernel's hosts (issue 13): zero-time loops, event storms and runaway queues stop with a message
 * naming the channel (model part) that loops; a run within budget gives the same numbers as an unbudgeted one.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runExperiment } from '../../src/core/experiment/experiment.ts';
import { runnable } from '../../src/core/models.ts';
import { FlowSimulation } from '../../src/core/flow/flow-simulation.ts';
import { Simulation } from '../../src/core/kernel/simulation.ts';
import { validateModel } from '../../src/core/model/load.ts';
import type { FlowModel } from '../../src/core/model/flow-model.ts';
import { DEFAULT_RUN_BUDGET, RunBudget, RunBudgetError } from '../../src/core/runtime/run-budget.ts';

const small = { ...DEFAULT_RUN_BUDGET, stallEvents: 20_000, sliceEvents: 1_000, projectAfterEvents: 20_000, maxEvents: 1_000_000, maxPending: 10_000 };
const root = join(import.meta.dirname, '../..');
const mm1 = () => JSON.parse(readFileSync(join(root, 'factory-models/teaching/mm1.json'), 'utf8')) as Record<string, any>;

function caught(work: () => unknown): RunBudgetError {
  try {
    work();
  } catch (error) {
    expect(error).toBeInstanceOf(RunBudgetError);
    return error as RunBudgetError;
  }
  throw new Error('expected the run budget to stop the run');
}

describe('run budget', () => {
  it('the kernel: runUntil with maxEvents stops after that many events with the clock at the last one', () => {
    const sim = new Simulation();
    const tick: ReturnType<typeof sim.channel<null>> = sim.channel<null>('tick', () => sim.schedule(1, tick, null));
    sim.schedule(1, tick, null);
    expect(sim.runUntil(100, 10)).toBe(10);
    expect(sim.now).toBe(10);
    expect(sim.stopped).toBe(false);
    expect(sim.runUntil(100)).toBe(90);
    expect(sim.now).toBe(100);
    const stopper = sim.channel<null>('stop', () => sim.stop());
    sim.schedule(5, stopper, null);
    sim.runUntil(200);
    expect(sim.stopped).toBe(true);
    expect(sim.now).toBe(105);
  });

  it('a zero-time loop stops with the channel that loops', () => {
    const sim = new Simulation();
    sim.scheduleAt(
      1,
      sim.channel('tick', () => sim.schedule(1, tick, null)),
      null,
    );
    const tick = sim.channel<null>('again', () => sim.schedule(0, tick, null));
    sim.schedule(2, tick, null);
    const error = caught(() => new RunBudget(sim, 100, small).advance(100));
    expect(error.reason).toBe('stalled');
    expect(error.time).toBe(2);
    expect(error.message).toBe(
      "run stopped: no progress in simulated time, 20000 events at t=2 without the clock moving; a zero-time loop on channel 'again' (1000 of the last 1000 events)",
    );
  });

  it('a flow source that creates a huge batch at one instant is named with its id', () => {
    const model = mm1();
    model.sources[0].interarrival = { dist: 'constant', value: 0 };
    model.sources[0].limit = 1e9;
    const run = new FlowSimulation(validateModel(model, 'mm1.json') as FlowModel, 1);
    const error = caught(() => new RunBudget(run.sim, 1000, small).advance(1000));
    expect(error.reason).toBe('stalled');
    expect(error.part).toMatch(/^channel 'arrival' \("arrivals"\) \(\d+ of the last 1000 events\)$/);
  });

  it('an event rate that implies more events than the limit stops early, naming the channel', () => {
    const model = mm1();
    model.sources[0].interarrival = { dist: 'exponential', mean: 1e-6 };
    model.stations[0].serviceTime = { dist: 'exponential', mean: 1e-7 };
    const run = new FlowSimulation(validateModel(model, 'mm1.json') as FlowModel, 1);
    const error = caught(() => new RunBudget(run.sim, 30 * 1440, small).advance(30 * 1440));
    expect(error.reason).toBe('too-many-events');
    expect(error.message).toMatch(
      /events by t=\S+ imply about \S+ events to t=43200, above the limit of 1\.0e6 per run; most events are on channel '(arrival|service-end)'/,
    );
    expect(run.sim.eventCount).toBeLessThan(30_000);
  });

  it('breakdowns every 1e-6 minutes (mtbf = mttr = 1e-6) stop early, naming the station', () => {
    const model = mm1();
    Object.assign(model.stations[0], { mtbf: 1e-6, mttr: 1e-6 });
    const run = new FlowSimulation(validateModel(model, 'mm1.json') as FlowModel, 1);
    const error = caught(() => new RunBudget(run.sim, 30 * 1440, small).advance(30 * 1440));
    expect(error.reason).toBe('too-many-events');
    expect(error.part).toMatch(/^channel '(failure|repair):server'/);
  });

  it('a queue that grows without bound stops', () => {
    const sim = new Simulation();
    const split: ReturnType<typeof sim.channel<null>> = sim.channel<null>('split', () => {
      sim.schedule(1, split, null);
      sim.schedule(1, split, null);
    });
    sim.schedule(0, split, null);
    const error = caught(() => new RunBudget(sim, Infinity, small).advance(1e6));
    expect(error.reason).toBe('queue-growth');
    expect(error.message).toMatch(/events pending at t=\d+, above the limit of 10000; the queue grows on channel 'split'/);
  });

  it('a run within budget gives the same numbers, and stops on sim.stop()', () => {
    const model = validateModel(mm1(), 'mm1.json') as FlowModel;
    const plain = new FlowSimulation(model, 7);
    plain.sim.runUntil(2000);
    const budgeted = new FlowSimulation(model, 7);
    const budget = new RunBudget(budgeted.sim, 2000, small);
    for (let t = 100; t <= 2000; t += 100) expect(budget.advance(t)).toEqual({ stopped: false, reached: true });
    expect(budgeted.kpis()).toEqual(plain.kpis());
    expect(budgeted.sim.eventCount).toBe(plain.sim.eventCount);

    const stopping = new FlowSimulation(model, 7);
    let exits = 0;
    stopping.exited.events$.subscribe(() => (exits++, stopping.sim.stop()));
    expect(new RunBudget(stopping.sim, 2000, small).advance(2000)).toEqual({ stopped: true, reached: false });
    expect(exits).toBe(1);
    expect(stopping.sim.now).toBeLessThan(2000);
  });

  it('a per-call event cap returns short of the target so that a worker can answer Pause', () => {
    const model = validateModel(mm1(), 'mm1.json') as FlowModel;
    const run = new FlowSimulation(model, 3);
    const budget = new RunBudget(run.sim, Infinity, small);
    expect(budget.advance(1e5, 2_000)).toEqual({ stopped: false, reached: false });
    expect(run.sim.eventCount).toBe(2_000);
    expect(run.sim.now).toBeLessThan(1e5);
  });

  it('the experiment runner applies the budget with its defaults (the shipped model runs as before)', () => {
    const report = runExperiment(runnable(validateModel(mm1(), 'mm1.json')), { levels: ['L1'], seeds: [1], until: 500 });
    expect(report.levels.L1!.kpis.throughput!.mean).toBeGreaterThan(0);
  });
});
