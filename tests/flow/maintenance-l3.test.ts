import { describe, expect, it } from 'vitest';
import { runnable } from '../../src/core/models.ts';
import { AgeReplacementLearner } from '../../src/core/flow/age-replacement.ts';
import { FlowSimulation } from '../../src/core/flow/flow-simulation.ts';
import { flowModelSchema, type FlowModelInput } from '../../src/core/model/flow-model.ts';
import { gamma } from '../../src/core/model/distribution.ts';
import { exponential, weibull } from '../../src/core/random/distributions.ts';
import { RandomStreams } from '../../src/core/random/stream.ts';
import type { PlantEvent } from '../../src/core/runtime/view.ts';

const model = (input: Omit<FlowModelInput, 'kind' | 'name'>) => flowModelSchema.parse({ kind: 'flow', name: 'test', ...input });

/** One CNC cell: mean life 480 min, repair 60 min, preventive maintenance 15 min; operators walk the line hourly. */
const cell = (wearShape: number, pmTime: number | null = 15) =>
  model({
    maintenance: { patrolInterval: 60 },
    sources: [{ id: 'in', interarrival: { dist: 'exponential', mean: 6 }, routing: 'r' }],
    stations: [{ id: 'cnc', serviceTime: { dist: 'exponential', mean: 4 }, mtbf: 480, mttr: 60, wearShape, ...(pmTime === null ? {} : { pmTime }) }],
    routings: [{ id: 'r', steps: ['cnc'], sink: 'out' }],
    sinks: [{ id: 'out' }],
  });

/** Long-run share of time down with maintenance at age T, from the true Weibull model (trapezoid integral). */
function downShare(T: number, shape: number, scale: number, r: number, p: number): number {
  const steps = 20_000;
  const h = T / steps;
  let area = 0;
  let previous = 1;
  let s = 1;
  for (let i = 1; i <= steps; i++) {
    s = Math.exp(-Math.pow((i * h) / scale, shape));
    area += ((previous + s) / 2) * h;
    previous = s;
  }
  return (r * (1 - s) + p * s) / (area + r * (1 - s) + p * s);
}

describe('the L3 maintenance planner (age replacement learned from the lives seen)', () => {
  it('fits wear-out lives and plans maintenance near the true optimum age; with memoryless lives it never maintains', () => {
    const rng = new RandomStreams(5).stream('lives');
    const shape = 3;
    const scale = 480 / gamma(1 + 1 / shape);
    const wearing = new AgeReplacementLearner(15);
    const memoryless = new AgeReplacementLearner(15);
    expect(wearing.replacementAge()).toBe(Infinity); // nothing seen yet: run to failure, as L2
    for (let i = 0; i < 300; i++) {
      wearing.observeFailure(weibull(rng, shape, scale), exponential(rng, 60));
      memoryless.observeFailure(exponential(rng, 480), exponential(rng, 60));
    }
    const age = wearing.replacementAge();
    expect(Math.abs(wearing.shape - shape) / shape).toBeLessThan(0.15);
    // The true optimum over a fine grid of ages.
    let best = Infinity;
    let bestAge = NaN;
    for (let T = 10; T <= 1500; T += 5) {
      const d = downShare(T, shape, scale, 60, 15);
      if (d < best) [best, bestAge] = [d, T];
    }
    expect(Math.abs(age - bestAge) / bestAge).toBeLessThan(0.2);
    // What matters is the time down: the learned age gives it within 2 % of the best possible.
    expect(downShare(age, shape, scale, 60, 15)).toBeLessThan(best * 1.02);
    expect(memoryless.replacementAge()).toBe(Infinity);
    expect(memoryless.shape).toBeLessThan(1.15);
  });

  it('treats maintained lives as censored: lives cut short by maintenance still teach the wear model', () => {
    const rng = new RandomStreams(8).stream('lives');
    const shape = 2.5;
    const scale = 500;
    const learner = new AgeReplacementLearner(15);
    for (let i = 0; i < 400; i++) {
      const life = weibull(rng, shape, scale);
      // Every other life is maintained at age 350 if it would have lasted longer.
      if (i % 2 === 0 && life > 350) learner.observeMaintenance(350);
      else learner.observeFailure(life, 60);
    }
    learner.replacementAge();
    expect(Math.abs(learner.shape - shape) / shape).toBeLessThan(0.15);
    expect(Math.abs(learner.scale - scale) / scale).toBeLessThan(0.1);
  });
});

describe('flow lines at L3: the learned planner in the running line', () => {
  it('a line with a maintainable station offers L1, L2 and L3; without pmTime it stops at L2', () => {
    expect(runnable(cell(3)).levels).toEqual(['L1', 'L2', 'L3']);
    expect(runnable(cell(3, null)).levels).toEqual(['L1', 'L2']);
    const bad = flowModelSchema.safeParse({ ...cell(3), stations: [{ id: 'x', serviceTime: { dist: 'constant', value: 1 }, wearShape: 2 }] });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.path).toEqual(['stations', 0, 'mtbf']);
  });

  it('with wear-out failures L3 keeps the station up longer than L2 on the same seeds; with memoryless ones it matches L2', () => {
    const until = 30 * 24 * 60;
    const availability = (shape: number, level: 'L2' | 'L3', seed: number) => {
      const run = runnable(cell(shape)).start({ seed, capabilities: { maintenance: level } }) as FlowSimulation;
      run.sim.runUntil(until);
      return { availability: run.kpis().availability!, maintenances: run.stations[0]!.maintenances };
    };
    const seeds = [1, 2, 3, 4, 5, 6];
    const wearGain = seeds.map((s) => availability(3, 'L3', s).availability - availability(3, 'L2', s).availability);
    const memorylessGain = seeds.map((s) => availability(1, 'L3', s).availability - availability(1, 'L2', s).availability);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(mean(wearGain)).toBeGreaterThan(2); // percentage points
    expect(Math.min(...wearGain)).toBeGreaterThan(0);
    expect(Math.abs(mean(memorylessGain))).toBeLessThan(0.5);
    expect(availability(3, 'L3', 1).maintenances).toBeGreaterThan(10);
    expect(availability(1, 'L3', 1).maintenances).toBeLessThan(3);
  });

  it('common random numbers: until the planner has learned, L2 and L3 see the same failures at the same times', () => {
    const failures = (level: 'L2' | 'L3') => {
      const run = runnable(cell(3)).start({ seed: 4, capabilities: { maintenance: level } }) as FlowSimulation;
      const seen: number[] = [];
      run.notable.events$.subscribe((e: PlantEvent) => {
        if (e.kind === 'failure') seen.push(e.time);
      });
      run.sim.runUntil(30 * 24 * 60);
      return seen;
    };
    const l2 = failures('L2');
    const l3 = failures('L3');
    // The planner needs four failures before it plans anything.
    expect(l3.slice(0, 4)).toEqual(l2.slice(0, 4));
    expect(l3.length).toBeLessThan(l2.length);
  });
});
