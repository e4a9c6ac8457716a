import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runnable } from '../../src/core/models.ts';
import type { RunnableModel, TuningDeclaration } from '../../src/core/experiment/runnable.ts';
import { applyTuning, checkDeclaration, tuneLevel, type ToRunnable } from '../../src/core/experiment/tune.ts';
import { Simulation } from '../../src/core/kernel/simulation.ts';
import { validateModel, type AnyModel } from '../../src/core/model/load.ts';
import { RandomStreams } from '../../src/core/random/stream.ts';
import { formatModelJson } from '../../src/cli/json-layout.ts';
import { estimate } from '../../src/core/stats/summary.ts';
import { main as tuneCli } from '../../src/cli/tune.ts';

const mm1 = JSON.parse(readFileSync('factory-models/teaching/mm1.json', 'utf8')) as Record<string, unknown>;

/**
 * A plant whose cost is a known function of one decision value x (the M/M/1 file's mean service time stands in as the
 * parameter's path): cost (x - 0.3)^2 plus seed noise that common random numbers cancel, output x.
 */
function synthetic(declaration: TuningDeclaration): ToRunnable {
  return (model: AnyModel): RunnableModel => {
    if (model.kind !== 'flow') throw new Error('flow model expected');
    const service = model.stations[0]!.serviceTime;
    const x = 'mean' in service ? service.mean : NaN;
    return {
      name: 'synthetic',
      timeUnit: 'hour',
      unitsPerDay: 24,
      defaultDays: 1,
      levels: ['L1', 'L2'],
      capabilities: ['sequencing'],
      kpis: [
        { key: 'cost', label: 'Cost', unit: 'CNY', better: 'lower' },
        { key: 'output', label: 'Output', unit: 'units/h', better: 'higher' },
        { key: 'noisyOutput', label: 'Output with seed noise', unit: 'units/h', better: 'higher' },
      ],
      tuning: declaration,
      start({ seed }) {
        const noise = new RandomStreams(seed).stream('noise').next();
        return { sim: new Simulation(), kpis: () => ({ cost: (x - 0.3) ** 2 + noise, output: x, noisyOutput: x + 0.2 * (noise - 0.5) }) };
      },
    };
  };
}

const parameter = { path: 'stations[0].serviceTime.mean', capability: 'sequencing', min: 0.05, max: 0.95, step: 0.05, description: 'x' };
const plain: TuningDeclaration = { objective: { kpi: 'cost', statement: 'cost' }, parameters: { L1: [parameter] } };
const options = { level: 'L1' as const, budget: 25, days: 1, trainingSeeds: [11, 12, 13], evaluationSeeds: [1, 2, 3], file: 'mm1.json', command: 'test' };

describe('tuning procedure', () => {
  it('finds the optimum of a known objective within the budget, deterministically, without touching the input', () => {
    const before = JSON.stringify(mm1);
    const first = tuneLevel(mm1, synthetic(plain), options);
    expect(first.start[parameter.path]).toBe(0.9);
    expect(first.values[parameter.path]).toBeCloseTo(0.3, 10);
    expect(first.history.length).toBeLessThanOrEqual(options.budget);
    expect(first.provenance.evaluation.tuned.mean).toBeLessThan(first.provenance.evaluation.start.mean);
    expect(tuneLevel(mm1, synthetic(plain), options)).toEqual(first);
    expect(JSON.stringify(mm1)).toBe(before);
  });

  it('stops at the budget', () => {
    const result = tuneLevel(mm1, synthetic(plain), { ...options, budget: 2 });
    expect(result.history).toHaveLength(2);
    expect(result.provenance.evaluations).toBe(2);
  });

  it('respects a constraint on another KPI (here output no more than 50 % below the start)', () => {
    const constrained: TuningDeclaration = { ...plain, objective: { kpi: 'cost', statement: 'cost', constraints: [{ kpi: 'output', maxLossPercent: 50 }] } };
    const result = tuneLevel(mm1, synthetic(constrained), options);
    // Start x = 0.9: output may fall to 0.45, so the best feasible x is 0.45, not the unconstrained 0.3.
    expect(result.values[parameter.path]).toBeCloseTo(0.45, 10);
  });

  it('holds a confident constraint at the 95 % confidence limit of the training mean, and records it on the evaluation seeds', () => {
    const fine = { ...parameter, step: 0.01 };
    const declare = (confident: boolean): TuningDeclaration => ({
      parameters: { L1: [fine] },
      objective: { kpi: 'cost', statement: 'cost', constraints: [{ kpi: 'noisyOutput', min: 0.45, confident }] },
    });
    const atMean = tuneLevel(mm1, synthetic(declare(false)), { ...options, budget: 80 });
    const atLimit = tuneLevel(mm1, synthetic(declare(true)), { ...options, budget: 80 });
    const outputs = (x: number, seeds: readonly number[]) => seeds.map((seed) => x + 0.2 * (new RandomStreams(seed).stream('noise').next() - 0.5));
    const x = (r: typeof atMean) => r.values[parameter.path]!;
    // Each is the lowest x on the grid (nearest the unconstrained 0.3) that meets the bound its own way.
    expect(estimate(outputs(x(atMean), options.trainingSeeds)).mean).toBeGreaterThanOrEqual(0.45);
    expect(estimate(outputs(x(atMean) - fine.step, options.trainingSeeds)).mean).toBeLessThan(0.45);
    const limit = (xs: number[]) => estimate(xs).mean - estimate(xs).ci95;
    expect(limit(outputs(x(atLimit), options.trainingSeeds))).toBeGreaterThanOrEqual(0.45);
    expect(limit(outputs(x(atLimit) - fine.step, options.trainingSeeds))).toBeLessThan(0.45);
    expect(x(atLimit)).toBeGreaterThan(x(atMean));
    expect(atLimit.provenance.objective).toMatch(/noisyOutput >= 0.45 \(at the 95 % confidence limit of the mean over the training seeds\)/);
    const check = atLimit.provenance.evaluation.constraints![0]!;
    expect(check.constraint).toBe('noisyOutput >= 0.45');
    expect(check.tuned.mean).toBeCloseTo(estimate(outputs(x(atLimit), options.evaluationSeeds)).mean, 4);
    expect(check.met).toBe(check.tuned.mean >= 0.45);
    expect(() => tuneLevel(mm1, synthetic(declare(true)), { ...options, trainingSeeds: [11] })).toThrow(/at least two seeds/);
  });

  it('refuses shared training and evaluation seeds, a path tuned by two levels, and an undeclared level', () => {
    expect(() => tuneLevel(mm1, synthetic(plain), { ...options, evaluationSeeds: [13, 14] })).toThrow(/distinct; both have 13/);
    const twice: TuningDeclaration = { ...plain, parameters: { L1: [parameter], L2: [parameter] } };
    expect(() => checkDeclaration(synthetic(twice)(validateModel(mm1, 'mm1.json')), twice)).toThrow(/already tuned by L1/);
    expect(() => tuneLevel(mm1, synthetic(plain), { ...options, level: 'L2' })).toThrow(/no decision parameter to tune/);
  });

  it('writes the values at their paths and the provenance under tuning.<level>, and a rerun from the file gives the same values', () => {
    const declaration = { ...plain };
    const result = tuneLevel(mm1, synthetic(declaration), options);
    // The flow schema has no tuning section: write provenance into a copy through the machining file instead, below.
    expect(() => applyTuning(mm1, result, 'mm1.json')).toThrow(/tuning/);
    const machining = JSON.parse(readFileSync('factory-models/3c-machining.json', 'utf8')) as Record<string, unknown>;
    const tuned = tuneLevel(machining, runnable, { ...options, budget: 2, days: 2, trainingSeeds: [1001], evaluationSeeds: [1] });
    const written = applyTuning(machining, tuned, '3c.json') as { tuning: Record<string, unknown>; maintenance: { pmIntervalHours: number } };
    expect(written.maintenance.pmIntervalHours).toBe(tuned.values['maintenance.pmIntervalHours']);
    expect(written.tuning.L1).toEqual(tuned.provenance);
    expect(JSON.parse(formatModelJson(written))).toEqual(written);
    // Running again on the written file starts from the recorded start values and reproduces the recorded values.
    const again = tuneLevel(written, runnable, { ...options, budget: 2, days: 2, trainingSeeds: [1001], evaluationSeeds: [1] });
    expect(again.start).toEqual(tuned.start);
    expect(again.values).toEqual(tuned.values);
  });

  it('the CLI refuses bad input with exit code 2 and a message naming the problem', () => {
    const err: string[] = [];
    const io = { out: () => {}, err: (t: string) => err.push(t) };
    expect(tuneCli(['missing.json', '--level', 'L1'], io)).toBe(2);
    expect(err.join('')).toMatch(/missing.json: file not found/);
    expect(tuneCli(['factory-models/3c-machining.json', '--level', 'L4'], io)).toBe(2);
    expect(tuneCli(['factory-models/3c-machining.json', '--level', 'L1', '--train-seeds', '1-3', '--eval-seeds', '3-4', '--dry-run'], io)).toBe(2);
    expect(err.join('')).toMatch(/distinct; both have 3/);
  });
});
