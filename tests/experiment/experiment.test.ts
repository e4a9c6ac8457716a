import { describe, expect, it } from 'vitest';
import { pairedDeltas, runExperiment } from '../../src/core/experiment/experiment.ts';
import type { Level } from '../../src/core/experiment/levels.ts';
import type { RunnableModel } from '../../src/core/experiment/runnable.ts';
import { Simulation } from '../../src/core/kernel/simulation.ts';
import { exponential } from '../../src/core/random/distributions.ts';
import { RandomStreams } from '../../src/core/random/stream.ts';
import { Tally } from '../../src/core/stats/tally.ts';

/**
 * A toy plant: one machine, jobs of random size. The plant and its random streams are the same at every level; only the
 * decision changes: with `sequencing` at L1 the machine serves in arrival order, at L2 and L3 shortest-job-first (which
 * minimises mean flow time). `monitoring` is a capability that changes nothing here, to check attribution.
 */
function toyPlant(): RunnableModel {
  return {
    name: 'toy single machine',
    timeUnit: 'minute',
    unitsPerDay: 1440,
    defaultDays: 1,
    levels: ['L1', 'L2', 'L3'],
    capabilities: ['sequencing', 'monitoring'],
    kpis: [
      { key: 'timeInSystem', label: 'Time in system', unit: 'min', better: 'lower' },
      { key: 'efficiency', label: 'Jobs per hour', unit: 'jobs/h', better: 'higher' },
    ],
    start({ seed, capabilities }) {
      const sim = new Simulation();
      const streams = new RandomStreams(seed);
      const arrivals = streams.stream('arrivals');
      const sizes = streams.stream('sizes');
      const waiting: { size: number; arrived: number }[] = [];
      const flow = new Tally();
      let busy = false;
      const startNext = () => {
        if (busy || waiting.length === 0) return;
        const index = capabilities.sequencing === 'L1' ? 0 : waiting.reduce((best, job, i) => (job.size < waiting[best]!.size ? i : best), 0);
        const [job] = waiting.splice(index, 1);
        busy = true;
        sim.schedule(job!.size, done, job!);
      };
      const done = sim.channel<{ size: number; arrived: number }>('done', (job) => {
        flow.add(sim.now - job.arrived);
        busy = false;
        startNext();
      });
      const arrive = sim.channel<null>('arrive', () => {
        waiting.push({ size: exponential(sizes, 0.8), arrived: sim.now });
        startNext();
        sim.schedule(exponential(arrivals, 1), arrive, null);
      });
      sim.schedule(exponential(arrivals, 1), arrive, null);
      return { sim, kpis: () => ({ timeInSystem: flow.mean, efficiency: (flow.count / sim.now) * 60 }) };
    },
  };
}

describe('experiment runner', () => {
  it('summarises each KPI per level over seeds and compares levels paired by seed', () => {
    const report = runExperiment(toyPlant(), { levels: ['L1', 'L2'], seeds: [1, 2, 3, 4, 5], until: 20_000 });
    const l1 = report.levels.L1!.kpis.timeInSystem!;
    const l2 = report.levels.L2!.kpis.timeInSystem!;
    expect(l1.n).toBe(5);
    expect(l1.ci95).toBeGreaterThan(0);
    expect(l2.mean).toBeLessThan(l1.mean); // SPT beats FIFO on mean flow time
    const delta = report.deltas!['L1->L2']!.timeInSystem!;
    expect(delta.percent).toBeLessThan(-10);
    expect(delta.reference).toBeUndefined();
    // Same arrivals at both levels (common random numbers): the same jobs finish, so efficiency hardly moves,
    // and the survey reference is attached to it for display.
    const efficiency = report.deltas!['L1->L2']!.efficiency!;
    expect(Math.abs(efficiency.percent)).toBeLessThan(1);
    expect(efficiency.reference).toBe(34);
  });

  it('reports progress between slices and refuses levels the model lacks', () => {
    const fractions: number[] = [];
    runExperiment(toyPlant(), { levels: ['L1'], seeds: [1, 2], until: 100, slices: 4, onProgress: (f) => fractions.push(f) });
    expect(fractions).toEqual([0.125, 0.25, 0.375, 0.5, 0.625, 0.75, 0.875, 1]);
    const flowOnly = { ...toyPlant(), levels: ['L1'] as Level[] };
    expect(() => runExperiment(flowOnly, { levels: ['L3'], seeds: [1], until: 10 })).toThrow(/does not implement level L3/);
  });

  it('attributes each KPI delta to the capability that causes it', () => {
    const report = runExperiment(toyPlant(), { levels: ['L1', 'L3'], seeds: [1, 2, 3], until: 5000, attribution: true });
    expect(report.attributionLevel).toBe('L3');
    const sequencing = report.attribution!.sequencing!.timeInSystem!;
    const monitoring = report.attribution!.monitoring!.timeInSystem!;
    expect(sequencing.percent).toBeLessThan(-10);
    expect(sequencing.share).toBeCloseTo(1, 12); // raising sequencing alone reproduces the whole L1 -> L3 change
    expect(monitoring.percent).toBe(0);
    expect(monitoring.share).toBeCloseTo(0, 12);
    expect(() => runExperiment({ ...toyPlant(), capabilities: [] }, { levels: ['L1'], seeds: [1], until: 10, attribution: true })).toThrow(
      /no capabilities above L1/,
    );
  });

  it('pairs deltas by seed: a constant per-seed improvement has a zero-width interval', () => {
    const kpis = [{ key: 'defectRate', label: 'Defect rate', unit: '%', better: 'lower' as const }];
    const deltas = pairedDeltas(kpis, { defectRate: [2, 4, 8] }, { defectRate: [1.5, 3, 6] });
    expect(deltas.defectRate!.percent).toBeCloseTo(-25, 12);
    expect(deltas.defectRate!.ci95).toBeCloseTo(0, 12);
    expect(deltas.defectRate!.reference).toBe(-29.4);
  });
});
