import { mkdtempSync, readFileSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/optimize.ts';
import { executeRun } from '../../src/core/experiment/experiment.ts';
import { applyParameters } from '../../src/core/experiment/parameters.ts';
import { runnable } from '../../src/core/models.ts';
import { optimizationSteps, optimize, parseStudy } from '../../src/core/optimize/index.ts';
import { optimizeInPool } from '../../src/node/pool/optimize.ts';

const fixtures = join(import.meta.dirname, 'fixtures');
const modelJson = JSON.parse(readFileSync(join(fixtures, 'buffer-line.json'), 'utf8'));
const studyText = readFileSync(join(fixtures, 'buffer-study.json'), 'utf8');
const study = parseStudy(studyText, 'buffer-study.json');
const COST = 1.5;

/**
 * The known optimum, simulated exhaustively: every buffer pair with 40 replications of the same length on seeds the
 * optimiser never uses (5001..5040, common to all points).
 */
function exhaustiveTruth(): Map<string, number> {
  const truth = new Map<string, number>();
  for (let b1 = 0; b1 <= 5; b1++) {
    for (let b2 = 0; b2 <= 5; b2++) {
      const model = runnable(applyParameters(modelJson, { 'stations[1].bufferCapacity': b1, 'stations[2].bufferCapacity': b2 }));
      let total = 0;
      for (let seed = 5001; seed <= 5040; seed++) {
        total += executeRun(model, { index: 0, key: 'L1', capabilities: {}, seed, until: 2000, slices: 1, curves: false }).kpis.throughput!;
      }
      truth.set(`${b1},${b2}`, total / 40 - COST * (b1 + b2));
    }
  }
  return truth;
}

describe('optimising a line', () => {
  it('finds the exhaustively simulated optimum buffer allocation within the budget in most seeds', () => {
    const truth = exhaustiveTruth();
    const bestTrue = Math.max(...truth.values());
    const optimum = [...truth].find(([, v]) => v === bestTrue)![0];
    const delta = study.selection.indifferenceZone;
    let withinZone = 0;
    let exact = 0;
    const seeds = 10;
    const picks: string[] = [];
    for (let seed = 1; seed <= seeds; seed++) {
      const result = optimize(modelJson, { ...study, search: { ...study.search, seed } }, 'buffer-line.json');
      expect(result.evaluations).toHaveLength(15); // the stated budget: 15 of the 36 points, 5 replications each
      const pick = result.best.point.join(',');
      picks.push(pick);
      if (truth.get(pick)! >= bestTrue - delta) withinZone++;
      if (pick === optimum) exact++;
    }
    console.info(
      `buffer allocation: true optimum ${optimum} (${bestTrue.toFixed(3)}); picks ${picks.join(' ')}; within the indifference zone ${withinZone}/${seeds}, exactly the optimum ${exact}/${seeds}`,
    );
    expect(withinZone / seeds).toBeGreaterThanOrEqual(0.8);
  });

  it('is reproducible: the same study gives the same result', () => {
    const a = optimize(modelJson, study, 'm');
    const b = optimize(modelJson, study, 'm');
    expect(a.best).toEqual(b.best);
    expect(a.evaluations.map((e) => e.objective.mean)).toEqual(b.evaluations.map((e) => e.objective.mean));
    expect(a.bestSoFar.length).toBeGreaterThan(0);
    expect(a.selection.statement).toMatch(/probability at least 0.95/);
  });

  it('the step-by-step procedure gives the same result when a batch runs in another order (as in a worker pool)', () => {
    const serial = optimize(modelJson, study, 'm');
    const steps = optimizationSteps(modelJson, study, 'm');
    const model = (overrides: Record<string, number>) => runnable(applyParameters(modelJson, overrides, 'm'));
    let next = steps.next();
    let batches = 0;
    while (!next.done) {
      const requests = next.value.requests;
      const results = new Array(requests.length);
      // Last request first, as workers finishing out of order would.
      for (let i = requests.length - 1; i >= 0; i--) {
        const m = model(requests[i]!.overrides);
        results[i] = requests[i]!.seeds.map(
          (seed) => executeRun(m, { index: 0, key: 'L1', capabilities: {}, seed, until: 2000, slices: 1, curves: false }).kpis,
        );
      }
      batches++;
      next = steps.next(results);
    }
    expect(next.value.best).toEqual(serial.best);
    expect(next.value.replications).toBe(serial.replications);
    expect(batches).toBeLessThan(serial.replications);
  });

  it('shows the trade-off of two criteria as the Pareto front of the explored points', () => {
    const twoCriteria = parseStudy(
      JSON.stringify({
        ...JSON.parse(studyText),
        pareto: [
          { kpi: 'throughput', direction: 'maximize' },
          { kpi: 'wip', direction: 'minimize' },
        ],
      }),
      'pareto.json',
    );
    const result = optimize(modelJson, twoCriteria, 'm');
    const { points, front } = result.pareto!;
    expect(points).toHaveLength(result.evaluations.filter((e) => e.feasible).length);
    const at = (order: number) => points.find((p) => p.order === order)!.values;
    const beats = (a: [number, number], b: [number, number]) => a[0] >= b[0] && a[1] <= b[1] && (a[0] > b[0] || a[1] < b[1]);
    // Nothing on the front is beaten; everything off it is beaten by a point on it.
    for (const f of front) expect(points.some((p) => beats(p.values, at(f)))).toBe(false);
    for (const p of points) if (!front.includes(p.order)) expect(front.some((f) => beats(at(f), p.values))).toBe(true);
    // The extremes are on it: the highest throughput and the lowest WIP.
    expect(front).toContain(points.reduce((a, b) => (b.values[0] > a.values[0] ? b : a)).order);
    expect(front).toContain(points.reduce((a, b) => (b.values[1] < a.values[1] ? b : a)).order);
    expect(front.length).toBeGreaterThan(1);
  });

  it('respects constraints: a point breaking them is never selected', () => {
    const constrained = { ...study, constraints: [{ kpi: 'wip', max: 6 }] };
    const result = optimize(modelJson, constrained, 'm');
    expect(result.candidates.every((c) => c.kpis.wip!.mean <= 6)).toBe(true);
    expect(result.evaluations.some((e) => !e.feasible)).toBe(true);
  });
});

const dir = mkdtempSync(join(tmpdir(), 'fabtwin-optimize-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(...argv: string[]) {
  let out = '';
  let err = '';
  const code = await main(argv, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

describe('optimising on the local thread pool', () => {
  it('gives the serial result, every field, on 3 threads; progress before each batch', async () => {
    const small = { ...study, until: 500, search: { ...study.search, evaluations: 8, replications: 3 } };
    const progress: number[] = [];
    const pooled = await optimizeInPool(modelJson, small, 'buffer-line.json', { workers: 3, onProgress: (p) => progress.push(p.evaluations) });
    expect(pooled).toEqual(optimize(modelJson, small, 'buffer-line.json'));
    expect(progress[0]).toBe(0);
    expect(progress.at(-1)).toBe(8);
  });

  it('names the run that failed, with its overrides and seed', async () => {
    // A batch at one instant that never ends: the run budget stops it in the thread, and the error says which run.
    const { bufferCapacity: _unlimited, ...first } = modelJson.stations[0];
    const looping = {
      ...modelJson,
      sources: [{ ...modelJson.sources[0], interarrival: { dist: 'constant', value: 0 }, limit: 1e9 }],
      stations: [first, ...modelJson.stations.slice(1)],
    };
    await expect(optimizeInPool(looping, { ...study, until: 10 }, 'loop.json', { workers: 2 })).rejects.toThrow(
      /^run loop\.json \(.*\) \{"stations\[1\]\.bufferCapacity":\d+,"stations\[2\]\.bufferCapacity":\d+\} seed \d+ failed: run stopped: no progress in simulated time/,
    );
  });
});

describe('optimize CLI', () => {
  it('prints the explored points, the selection and its statement; JSON carries the study to re-run it', async () => {
    const table = await run(join(fixtures, 'buffer-study.json'));
    expect(table.code).toBe(0);
    expect(table.out).toMatch(/explored points \(15\)/);
    expect(table.out).toMatch(/Kim-Nelson KN: among these 5 candidates/);
    expect(table.err).toMatch(/evaluations 15\/15: best so far/);
    const json = JSON.parse((await run(join(fixtures, 'buffer-study.json'), '--format', 'json')).out);
    expect(json.study.selection.indifferenceZone).toBe(0.5);
    expect(json.result.best.point).toHaveLength(2);
  });

  it('exits 2 naming the path for a bad study, an unknown KPI or a missing model', async () => {
    copyFileSync(join(fixtures, 'buffer-line.json'), join(dir, 'buffer-line.json'));
    const write = (name: string, edit: (s: Record<string, any>) => void) => {
      const s = JSON.parse(studyText);
      edit(s);
      writeFileSync(join(dir, name), JSON.stringify(s));
      return join(dir, name);
    };
    const badStep = await run(write('a.json', (s) => (s.variables[0].step = 2)));
    expect(badStep.code).toBe(2);
    expect(badStep.err).toMatch(/a\.json: variables\[0\]\.step: expected \(max - min\) to be a whole number of steps/);
    const badKpi = await run(write('b.json', (s) => (s.constraints[0].kpi = 'profit')));
    expect(badKpi.code).toBe(2);
    expect(badKpi.err).toMatch(/constraints\[0\]\.kpi: unknown KPI "profit"; the model reports throughput, wip/);
    const badPath = await run(write('c.json', (s) => (s.variables[1].path = 'stations[7].bufferCapacity')));
    expect(badPath.code).toBe(2);
    expect(badPath.err).toMatch(/stations\[7\]\.bufferCapacity/);
    expect((await run(write('d.json', (s) => (s.model = 'nowhere.json')))).code).toBe(2);
    expect((await run(write('e.json', (s) => delete s.selection))).err).toMatch(/selection: missing/);
  });

  it('gives the same output, byte for byte, on 1 and 2 worker threads (exhaustive and neighbourhood search)', async () => {
    const small = JSON.parse(studyText);
    small.search = { ...small.search, replications: 3 };
    small.selection = { ...small.selection, firstStage: 5, maxReplications: 20 };
    for (const evaluations of [36, 7]) {
      copyFileSync(join(fixtures, 'buffer-line.json'), join(dir, 'buffer-line.json'));
      const file = join(dir, `workers-${evaluations}.json`);
      writeFileSync(file, JSON.stringify({ ...small, until: 500, search: { ...small.search, evaluations } }));
      const one = await run(file, '--format', 'json', '--workers', '1');
      const two = await run(file, '--format', 'json', '--workers', '2');
      expect(one.code).toBe(0);
      expect(two.code).toBe(0);
      expect(JSON.parse(one.out).result.evaluations).toHaveLength(evaluations);
      expect(two.out).toBe(one.out);
    }
  });

  it('a model that loops at one instant: exit 2 naming the study and why the run stopped, in this thread or a pool thread', async () => {
    const model = JSON.parse(readFileSync(join(fixtures, 'buffer-line.json'), 'utf8'));
    delete model.stations[0].bufferCapacity;
    model.sources[0] = { ...model.sources[0], interarrival: { dist: 'constant', value: 0 }, limit: 1e9 };
    writeFileSync(join(dir, 'loop-line.json'), JSON.stringify(model));
    const file = join(dir, 'loop-study.json');
    writeFileSync(file, JSON.stringify({ ...JSON.parse(studyText), model: 'loop-line.json', until: 10 }));
    for (const workers of ['1', '2']) {
      const looped = await run(file, '--workers', workers);
      expect(looped.code, workers).toBe(2);
      expect(looped.out).toBe('');
      expect(looped.err).toContain(`${file}: run stopped: no progress in simulated time`);
    }
  });

  it('refuses a bad --workers naming the option (exit 2)', async () => {
    const bad = await run(join(fixtures, 'buffer-study.json'), '--workers', '0');
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/--workers.*expected a positive integer for --workers/);
  });
});
