import { describe, expect, it } from 'vitest';
import type { RunResult, RunSpec } from '../../src/core/experiment/experiment.ts';
import { contentHash } from '../../src/node/content-hash.ts';
import { loadModelFile } from '../../src/node/model-file.ts';
import { decodeResult, encodeResult, FABTWIN_VERSION, jobSpec, runJob } from '../../src/node/queue/jobs.ts';

const model = loadModelFile('factory-models/teaching/mm1.json');
const spec: RunSpec = { index: 4, key: 'L1', capabilities: {}, seed: 3, until: 100, slices: 50, curves: false };

describe('queue jobs', () => {
  it('name a run by its content: same run, same id, whatever the plan position, label or key order', () => {
    const a = runJob(model, contentHash(model), spec, 'a label');
    const b = runJob(model, contentHash(model), { ...spec, index: 9, key: 'maintenance' }, 'another label');
    expect(b.id).toBe(a.id);
    const reordered = Object.fromEntries(Object.entries(model).reverse()) as typeof model;
    expect(contentHash(reordered)).toBe(contentHash(model));
    expect(a.data.fabtwin).toBe(FABTWIN_VERSION);
  });

  it('give a different id to a different seed, run length, level configuration or model', () => {
    const base = runJob(model, contentHash(model), spec, '').id;
    expect(runJob(model, contentHash(model), { ...spec, seed: 4 }, '').id).not.toBe(base);
    expect(runJob(model, contentHash(model), { ...spec, until: 101 }, '').id).not.toBe(base);
    expect(runJob(model, contentHash(model), { ...spec, capabilities: { maintenance: 'L2' } }, '').id).not.toBe(base);
    const other = { ...model, name: 'other' } as typeof model;
    expect(runJob(other, contentHash(other), spec, '').id).not.toBe(base);
  });

  it('carry results through JSON bit for bit, NaN, infinities and -0 included', () => {
    const result: RunResult = {
      index: 0,
      key: 'L1',
      seed: 3,
      kpis: { a: 0.1 + 0.2, b: Number.NaN, c: -0, d: Infinity, e: -Infinity, f: 5e-324 },
      curves: {
        learning: [
          { time: 1, value: Number.NaN },
          { time: 2, value: -0 },
        ],
      },
      events: 123,
    };
    const back = decodeResult(JSON.parse(JSON.stringify(encodeResult(result))), { ...spec, index: 7, key: 'L2', seed: 3 });
    expect(back.index).toBe(7);
    expect(back.key).toBe('L2');
    expect(Object.keys(back.kpis)).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
    expect(Object.is(back.kpis.a, 0.1 + 0.2)).toBe(true);
    expect(Object.is(back.kpis.b, Number.NaN)).toBe(true);
    expect(Object.is(back.kpis.c, -0)).toBe(true);
    expect(back.kpis.d).toBe(Infinity);
    expect(back.kpis.e).toBe(-Infinity);
    expect(back.kpis.f).toBe(5e-324);
    expect(Object.is(back.curves!.learning![1]!.value, -0)).toBe(true);
    expect(back.events).toBe(123);
  });

  it('hand the worker the spec it was planned with', () => {
    const { data } = runJob(model, contentHash(model), spec, '');
    expect(jobSpec(data)).toEqual({ ...spec, index: 0 });
  });
});
