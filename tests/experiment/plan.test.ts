import { describe, expect, it } from 'vitest';
import { executeRun, planExperiment, runExperiment, summarizeExperiment, type ExperimentOptions } from '../../src/core/experiment/experiment.ts';
import { runnable } from '../../src/core/models.ts';
import { loadModelFile } from '../../src/node/model-file.ts';

const plant = runnable(loadModelFile('factory-models/3c-machining.json'));

describe('an experiment split into independent runs', () => {
  const options: ExperimentOptions = { levels: ['L1', 'L3'], seeds: [3, 4], until: 48, attribution: true, curves: true };

  it('plans one run per configuration and seed: the presets, then one per capability raised alone', () => {
    const plan = planExperiment(plant, options);
    expect(plan).toHaveLength((2 + plant.capabilities.length) * 2);
    expect(plan.map((s) => s.index)).toEqual(plan.map((_, i) => i));
    expect(plan.slice(0, 4).map((s) => `${s.key}/${s.seed}`)).toEqual(['L1/3', 'L1/4', 'L3/3', 'L3/4']);
    const first = plant.capabilities[0]!;
    const raised = plan.find((s) => s.key === first)!;
    expect(raised.capabilities[first]).toBe('L3');
    expect(Object.values(raised.capabilities).filter((l) => l === 'L3')).toHaveLength(1);
    expect(() => planExperiment(plant, { ...options, seeds: [] })).toThrow(/at least one seed/);
  });

  it('gives the serial report bit for bit whatever order the runs finish in, and crosses a structured clone intact', () => {
    const serial = runExperiment(plant, options);
    const plan = planExperiment(plant, options);
    const results = plan.map((spec) => structuredClone(executeRun(plant, spec))).reverse();
    const pooled = summarizeExperiment(plant, options, results);
    expect(JSON.stringify(pooled)).toBe(JSON.stringify(serial));
    expect(serial.levels.L3!.curves).toBeDefined();
  });

  it('refuses to summarise with a run missing', () => {
    const small: ExperimentOptions = { levels: ['L1'], seeds: [1, 2], until: 24 };
    const [first] = planExperiment(plant, small).map((spec) => executeRun(plant, spec));
    expect(() => summarizeExperiment(plant, small, [first!])).toThrow(/result missing for run 1 \(L1, seed 2\)/);
  });

  it('reports progress within a run after each slice', () => {
    const fractions: number[] = [];
    const [spec] = planExperiment(plant, { levels: ['L1'], seeds: [1], until: 24, slices: 4 });
    executeRun(plant, spec!, (f) => fractions.push(f));
    expect(fractions).toEqual([0.25, 0.5, 0.75, 1]);
  });
});
