import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runExperiment } from '../../src/core/experiment/experiment.ts';
import { applyParameters, readParameter } from '../../src/core/experiment/parameters.ts';
import { runnable } from '../../src/core/models.ts';
import { parseModel } from '../../src/core/model/load.ts';
import { curatedParameters, defaultRange, sweepCsv, sweepSeries, sweepValues } from '../../src/app/experiments/sweep.ts';
import { experimentTexts } from '../../src/app/experiments/texts.ts';

const shipped = [
  'factory-models/3c-machining.json',
  'factory-models/petrochemical.json',
  'factory-models/teaching/mm1.json',
  'factory-models/teaching/tandem5.json',
];

describe('sweep values', () => {
  it('spaces points evenly with both ends included; counts are rounded and not repeated', () => {
    expect(sweepValues(1, 3, 3, true)).toEqual([1, 2, 3]);
    expect(sweepValues(100, 400, 4, false)).toEqual([100, 200, 300, 400]);
    expect(sweepValues(0.1, 0.3, 3, false)).toEqual([0.1, 0.2, 0.3]);
    expect(sweepValues(1, 2, 5, true)).toEqual([1, 2]);
    expect(sweepValues(5, 5, 1, false)).toEqual([5]);
    expect(sweepValues(3, 1, 3, true)).toEqual([3, 2, 1]);
    expect(sweepValues(1, 2, 0, false)).toEqual([]);
    expect(sweepValues(Number.NaN, 2, 3, false)).toEqual([]);
  });
});

describe('curated parameters', () => {
  for (const file of shipped) {
    it(`are numeric paths of ${file} that the model accepts across their default range, each with a label in both languages`, () => {
      const model = parseModel(readFileSync(file, 'utf8'), file);
      const parameters = curatedParameters(model);
      expect(parameters.length).toBeGreaterThanOrEqual(2);
      for (const parameter of parameters) {
        expect(experimentTexts.en).toHaveProperty([parameter.label.key]);
        expect(experimentTexts.zh).toHaveProperty([parameter.label.key]);
        const { from, to } = defaultRange(model, parameter);
        for (const value of sweepValues(from, to, 3, parameter.integer)) {
          const changed = applyParameters(model, { [parameter.path]: value }, file);
          expect(readParameter(changed, parameter.path), parameter.path).toBe(value);
        }
      }
    });
  }
});

describe('sweep results', () => {
  it('lay out one series per level and one CSV row per value, level and KPI', () => {
    const file = 'factory-models/teaching/mm1.json';
    const json = JSON.parse(readFileSync(file, 'utf8'));
    const options = { levels: ['L1' as const], seeds: [1, 2], until: 3000 }; // past the model's warm-up of 1000 min
    const points = [1, 2].map((value) => ({
      value,
      report: runExperiment(runnable(applyParameters(json, { 'stations[0].servers': value }, file)), options),
    }));
    const series = sweepSeries(points, 'wip');
    expect(series.x).toEqual([1, 2]);
    expect(series.levels.map((s) => s.level)).toEqual(['L1']);
    const wip = points.map((p) => p.report.levels.L1!.kpis.wip!);
    expect(series.levels[0]!.mean).toEqual(wip.map((e) => e.mean));
    expect(series.levels[0]!.low).toEqual(wip.map((e) => e.mean - e.ci95));
    const csv = sweepCsv('stations[0].servers', points).trim().split('\n');
    expect(csv[0]).toBe('parameter,value,level,kpi,unit,mean,ci95,n');
    expect(csv).toHaveLength(1 + 2 * 4);
    expect(csv[1]).toBe(
      `stations[0].servers,1,L1,throughput,jobs/h,${points[0]!.report.levels.L1!.kpis.throughput!.mean},${points[0]!.report.levels.L1!.kpis.throughput!.ci95},2`,
    );
  });
});
