/**
 * Property (issue 13): any flow model within the schema's bounds, run at every level it implements, reports KPIs that
 * are finite and in range, or null with a reason; never NaN or Infinity. The plants' own property tests live with
 * their engines.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runExperiment } from '../../src/core/experiment/experiment.ts';
import { reportJson } from '../../src/core/experiment/report-json.ts';
import { runnable } from '../../src/core/models.ts';
import { validateModel } from '../../src/core/model/load.ts';

const time = fc.double({ min: 0.05, max: 5, noNaN: true });
const distribution = fc.oneof(
  fc.record({ dist: fc.constant('constant'), value: time }),
  fc.record({ dist: fc.constant('exponential'), mean: time }),
  fc.tuple(time, time).map(([a, b]) => ({ dist: 'uniform', min: Math.min(a, b), max: Math.max(a, b) })),
  fc.record({ dist: fc.constant('normal'), mean: time, sd: fc.double({ min: 0, max: 5, noNaN: true }) }),
  fc.record({ dist: fc.constant('lognormal'), mean: time, sd: fc.double({ min: 0, max: 10, noNaN: true }) }),
  fc.record({ dist: fc.constant('weibull'), shape: fc.double({ min: 0.3, max: 5, noNaN: true }), scale: time }),
  fc.array(fc.double({ min: 0, max: 5, noNaN: true }), { minLength: 1, maxLength: 4 }).map((values) => ({ dist: 'empirical', values })),
);

const station = fc.record({
  servers: fc.integer({ min: 1, max: 3 }),
  serviceTime: distribution,
  bufferCapacity: fc.option(fc.integer({ min: 0, max: 5 }), { nil: null }),
  breakdowns: fc.option(
    fc.record({ mtbf: fc.double({ min: 1, max: 200, noNaN: true }), mttr: time, pm: fc.boolean(), wearShape: fc.double({ min: 1, max: 4, noNaN: true }) }),
    { nil: undefined },
  ),
});

const flowModel = fc
  .record({
    stations: fc.array(station, { minLength: 1, maxLength: 3 }),
    interarrival: distribution,
    limit: fc.option(fc.integer({ min: 1, max: 200 }), { nil: undefined }),
    warmup: fc.double({ min: 0, max: 50, noNaN: true }),
    patrol: fc.option(fc.double({ min: 1, max: 60, noNaN: true }), { nil: undefined }),
    until: fc.double({ min: 5, max: 400, noNaN: true }),
  })
  .map((g) => ({
    until: g.until,
    model: {
      kind: 'flow',
      name: 'random line',
      warmup: g.warmup,
      // A zero-mean interarrival needs a limit (the schema says so); give one then.
      sources: [
        { id: 'in', interarrival: g.interarrival, routing: 'r', ...(g.limit !== undefined || isZeroMean(g.interarrival) ? { limit: g.limit ?? 50 } : {}) },
      ],
      stations: g.stations.map((s, i) => ({
        id: `s${i}`,
        servers: s.servers,
        serviceTime: s.serviceTime,
        bufferCapacity: s.bufferCapacity,
        ...(s.breakdowns
          ? {
              mtbf: s.breakdowns.mtbf,
              mttr: s.breakdowns.mttr,
              wearShape: s.breakdowns.wearShape,
              ...(s.breakdowns.pm ? { pmTime: s.breakdowns.mttr / 2 } : {}),
            }
          : {}),
      })),
      routings: [{ id: 'r', steps: g.stations.map((_, i) => `s${i}`), sink: 'out' }],
      sinks: [{ id: 'out' }],
      ...(g.patrol !== undefined ? { maintenance: { patrolInterval: g.patrol } } : {}),
    },
  }));

function isZeroMean(d: Record<string, unknown>): boolean {
  if (d.dist === 'constant') return d.value === 0;
  if (d.dist === 'uniform') return d.max === 0;
  if (d.dist === 'empirical') return (d.values as number[]).every((v) => v === 0);
  return false;
}

const ranges: Record<string, [number, number]> = {
  throughput: [0, Infinity],
  wip: [0, Infinity],
  timeInSystem: [0, Infinity],
  utilization: [0, 100 + 1e-9],
  availability: [0, 100 + 1e-9],
};

describe('flow KPIs over random valid models', () => {
  it('are finite and in range, or null with a reason, at every level', () => {
    fc.assert(
      fc.property(flowModel, ({ model, until }) => {
        const runnableModel = runnable(validateModel(model, 'random.json'));
        const report = runExperiment(runnableModel, { levels: runnableModel.levels, seeds: [1, 2], until });
        const json = reportJson(report, { unitsPerDay: runnableModel.unitsPerDay, timeUnit: runnableModel.timeUnit }) as {
          levels: Record<string, { kpis: Record<string, { mean: number | null; ci95: number | null; reason?: string }> }>;
          deltas?: Record<string, Record<string, { percent: number; reason?: string }>>;
        };
        for (const [level, { kpis }] of Object.entries(json.levels)) {
          for (const [key, kpi] of Object.entries(kpis)) {
            const where = `${level} ${key}`;
            if (kpi.mean === null) {
              expect(kpi.reason, where).toMatch(/\S/);
              expect(kpi.ci95, where).toBeNull();
            } else {
              expect(Number.isFinite(kpi.mean), where).toBe(true);
              expect(kpi.mean, where).toBeGreaterThanOrEqual(ranges[key]![0]);
              expect(kpi.mean, where).toBeLessThanOrEqual(ranges[key]![1]);
              expect(kpi.reason, where).toBeUndefined();
            }
          }
        }
        for (const deltas of Object.values(json.deltas ?? {})) {
          for (const delta of Object.values(deltas)) expect(Number.isFinite(delta.percent) || typeof delta.reason === 'string').toBe(true);
        }
      }),
      { numRuns: 60, seed: 13 },
    );
  });
});
