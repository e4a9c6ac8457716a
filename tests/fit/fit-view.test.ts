import { describe, expect, it } from 'vitest';
import { fitDistributions, weibullDistribution, exponentialDistribution } from '../../src/core/fit/index.ts';
import { createStream } from '../../src/core/random/stream.ts';
import { applyFit, densityCurve, familiesFor, histogram, qqPoints } from '../../src/app/editor/fit/fit-view.ts';
import { gamma } from '../../src/core/model/distribution.ts';
import type { StationParams } from '../../src/app/editor/document.ts';

const station: StationParams = { servers: 1, serviceTime: { dist: 'constant', value: 1 }, bufferCapacity: null };

function sample(dist: { sample: (rng: ReturnType<typeof createStream>) => number }, n: number, name: string): number[] {
  const rng = createStream(2, name);
  return Array.from({ length: n }, () => dist.sample(rng));
}

describe('fitting dialog model', () => {
  it('the histogram is a density: bar areas sum to one and every value is counted', () => {
    const values = sample(exponentialDistribution(3), 500, 'hist').sort((a, b) => a - b);
    const h = histogram(values);
    expect(h.counts.reduce((a, b) => a + b)).toBe(500);
    const area = h.densities.reduce((a, d, i) => a + d * (h.edges[i + 1]! - h.edges[i]!), 0);
    expect(area).toBeCloseTo(1, 12);
    expect(h.counts.length).toBeGreaterThanOrEqual(5);
    expect(h.counts.length).toBeLessThanOrEqual(60);
  });

  it('Q-Q points of the true family lie near the diagonal, and a wrong family bends away', () => {
    const values = sample(weibullDistribution(3, 10), 1000, 'qq').sort((a, b) => a - b);
    const report = fitDistributions(values);
    const near = (family: string) => {
      const points = qqPoints(values, report.fits.find((f) => f.family === family)!.distribution);
      return Math.max(...points.slice(5, -5).map(([q, o]) => Math.abs(q - o)));
    };
    expect(qqPoints(values, report.fits[0]!.distribution).length).toBeLessThanOrEqual(201);
    expect(near('weibull')).toBeLessThan(0.5);
    expect(near('exponential')).toBeGreaterThan(3);
    const curve = densityCurve(report.fits[0]!.distribution, 0, 20);
    expect(curve).toHaveLength(121);
  });

  it('writes a cycle-time fit of any family, and the failure and repair fits the station model can hold', () => {
    const cycle = fitDistributions(sample(weibullDistribution(2, 5), 300, 'cycle'));
    const written = applyFit(station, 'serviceTime', 'gamma', cycle, 'cnc-1');
    expect('params' in written && written.params.serviceTime.dist).toBe('gamma');
    const empirical = applyFit(station, 'serviceTime', 'empirical', cycle, 'cnc-1');
    expect('params' in empirical && empirical.params.serviceTime.dist).toBe('empirical');

    const lives = fitDistributions(sample(weibullDistribution(2.5, 400), 300, 'lives'), { families: familiesFor('failures') });
    expect(applyFit(station, 'failures', 'weibull', lives, 'cnc-1')).toEqual({ reason: expect.stringMatching(/needs a repair time with failures/) });
    const withRepair = { ...station, mtbf: 100, mttr: 5 };
    const failures = applyFit(withRepair, 'failures', 'weibull', lives, 'cnc-1');
    if (!('params' in failures)) throw new Error(failures.reason);
    const weibull = lives.fits.find((f) => f.family === 'weibull')!;
    expect(failures.params.wearShape).toBe(weibull.parameters.shape);
    // mtbf is the fitted mean: scale * Gamma(1 + 1 / shape)
    expect(failures.params.mtbf).toBeCloseTo(weibull.parameters.scale * gamma(1 + 1 / weibull.parameters.shape), 10);
    expect(failures.params.mtbf).toBeGreaterThan(300);
    expect(failures.params.mtbf).toBeLessThan(400);
    expect(applyFit(withRepair, 'failures', 'lognormal', lives, 'cnc-1')).toEqual({ reason: 'failures are exponential or Weibull in the model' });

    const repairs = fitDistributions(sample(exponentialDistribution(4), 200, 'repairs'), { families: familiesFor('repair') });
    const repaired = applyFit(withRepair, 'repair', 'exponential', repairs, 'cnc-1');
    expect('params' in repaired && repaired.params.mttr).toBe(repairs.fits.find((f) => f.family === 'exponential')!.parameters.mean);
    expect(applyFit(station, 'repair', 'exponential', repairs, 'cnc-1')).toEqual({ reason: expect.stringMatching(/needs failures with a repair time/) });
    expect(applyFit(withRepair, 'repair', 'gamma', repairs, 'cnc-1')).toEqual({ reason: 'repair times are exponential in the model' });
  });
});
