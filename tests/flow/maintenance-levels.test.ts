import { describe, expect, it } from 'vitest';
import { runnable } from '../../src/core/models.ts';
import { FlowSimulation } from '../../src/core/flow/flow-simulation.ts';
import { flowModelSchema, type FlowModelInput } from '../../src/core/model/flow-model.ts';

const model = (input: Omit<FlowModelInput, 'kind' | 'name'>) => flowModelSchema.parse({ kind: 'flow', name: 'test', ...input });

/** One station that breaks down (mtbf 1000, mttr 30 min) under light load; operators walk the line every hour. */
const line = (patrolInterval?: number) =>
  model({
    sources: [{ id: 'in', interarrival: { dist: 'constant', value: 10 }, routing: 'r' }],
    stations: [{ id: 'a', serviceTime: { dist: 'constant', value: 5 }, mtbf: 1000, mttr: 30 }],
    routings: [{ id: 'r', steps: ['a'], sink: 'out' }],
    sinks: [{ id: 'out' }],
    ...(patrolInterval === undefined ? {} : { maintenance: { patrolInterval } }),
  });

describe('flow lines: maintenance at L1 (operator patrol) and L2 (alarm to the MES)', () => {
  it('a line with a patrol interval offers L1 and L2 and a maintenance capability; one without stays L1 only', () => {
    expect(runnable(line(60))).toMatchObject({ levels: ['L1', 'L2'], capabilities: ['maintenance'] });
    expect(runnable(line())).toMatchObject({ levels: ['L1'], capabilities: [] });
    expect(runnable(line()).kpis.map((k) => k.key)).toContain('availability');
    expect(() => new FlowSimulation(line(), 1, { detection: 'patrol' })).toThrow(/maintenance\.patrolInterval/);
  });

  it('availability: mtbf / (mtbf + mttr) with an alarm, and the wait for the next patrol (about half an interval) added at L1', () => {
    const m = runnable(line(60));
    const until = 5_000_000;
    const l2 = m.start({ seed: 3, capabilities: { maintenance: 'L2' } }) as FlowSimulation;
    l2.sim.runUntil(until);
    const l1 = m.start({ seed: 3, capabilities: { maintenance: 'L1' } }) as FlowSimulation;
    l1.sim.runUntil(until);
    expect(l2.detectionDelay.mean).toBe(0);
    expect(l1.detectionDelay.min).toBeGreaterThanOrEqual(0);
    expect(l1.detectionDelay.max).toBeLessThan(60);
    expect(Math.abs(l1.detectionDelay.mean - 30)).toBeLessThan(1.5);
    expect(Math.abs(l2.kpis().availability! - (100 * 1000) / 1030)).toBeLessThan(0.5);
    expect(Math.abs(l1.kpis().availability! - (100 * 1000) / (1030 + l1.detectionDelay.mean))).toBeLessThan(0.5);
    expect(l1.kpis().availability!).toBeLessThan(l2.kpis().availability! - 2);
    // Parts wait behind the broken station longer when nobody notices: time in system rises at L1.
    expect(l1.kpis().timeInSystem!).toBeGreaterThan(l2.kpis().timeInSystem!);
  });

  it('the plant is the same at both levels: the i-th failure and repair times are the same draws', () => {
    const m = runnable(line(60));
    const outages = (level: 'L1' | 'L2') => {
      const run = m.start({ seed: 11, capabilities: { maintenance: level } }) as FlowSimulation;
      const times: { failure: number; repair: number }[] = [];
      let failedAt = NaN;
      run.notable.events$.subscribe((e) => {
        if (e.kind === 'failure') failedAt = e.time;
        else if (e.kind === 'repair') times.push({ failure: failedAt, repair: e.time });
      });
      run.sim.runUntil(100_000);
      return { times, run };
    };
    const l1 = outages('L1');
    const l2 = outages('L2');
    const n = Math.min(l1.times.length, l2.times.length);
    expect(n).toBeGreaterThan(50);
    // Up times between a repair and the next failure are the same draws at both levels.
    for (let i = 1; i < n; i++) {
      const up1 = l1.times[i]!.failure - l1.times[i - 1]!.repair;
      const up2 = l2.times[i]!.failure - l2.times[i - 1]!.repair;
      expect(Math.abs(up1 - up2)).toBeLessThan(1e-6);
      // At L1 the outage is the L2 repair time plus the wait for the patrol, which ends on a multiple of the interval.
      const wait = l1.times[i]!.repair - l1.times[i]!.failure - (l2.times[i]!.repair - l2.times[i]!.failure);
      expect(wait).toBeGreaterThanOrEqual(-1e-6);
      expect(wait).toBeLessThan(60);
      const patrol = (l1.times[i]!.failure + wait) / 60;
      expect(Math.abs(patrol - Math.round(patrol))).toBeLessThan(1e-6);
    }
  });
});
