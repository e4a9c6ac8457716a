/**
 * Domain validation of model files (issue 13): schema-valid but physically impossible models are refused where they are
 * loaded, with the path and the limit named, instead of crashing or hanging the engine.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeSampler, type DistributionSpec } from '../../src/core/model/distribution.ts';
import { ModelFileError } from '../../src/core/model/errors.ts';
import { validateModel } from '../../src/core/model/load.ts';
import { applyParameters } from '../../src/core/experiment/parameters.ts';
import { createStream } from '../../src/core/random/stream.ts';

const root = join(import.meta.dirname, '../..');
const read = (file: string) => JSON.parse(readFileSync(join(root, file), 'utf8')) as Record<string, any>;

function problems(base: string, edit: (m: Record<string, any>) => void): string[] {
  const model = read(base);
  edit(model);
  try {
    validateModel(model, 'm.json');
  } catch (error) {
    expect(error).toBeInstanceOf(ModelFileError);
    return (error as Error).message.split('\n');
  }
  return [];
}
const flow = (edit: (m: Record<string, any>) => void) => problems('factory-models/teaching/mm1.json', edit);
const machining = (edit: (m: Record<string, any>) => void) => problems('factory-models/3c-machining.json', edit);
const petro = (edit: (m: Record<string, any>) => void) => problems('factory-models/petrochemical.json', edit);

describe('flow models: durations and distributions', () => {
  it('the shipped models pass unchanged', () => {
    for (const base of ['factory-models/teaching/mm1.json', 'factory-models/teaching/tandem5.json', 'factory-models/teaching/wearing-cell.json']) {
      expect(problems(base, () => {})).toEqual([]);
    }
    expect(machining(() => {})).toEqual([]);
    expect(petro(() => {})).toEqual([]);
  });

  it('a normal time with a negative mean is refused, and the message says draws below 0 are truncated', () => {
    expect(flow((m) => (m.stations[0].serviceTime = { dist: 'normal', mean: -5, sd: 1 }))).toEqual([
      'm.json: stations[0].serviceTime.mean: expected a positive mean: a time cannot be negative (draws below 0 of a normal time are truncated to 0), got -5',
    ]);
  });

  it('a normal time with a positive mean and a wide sd is accepted and truncated at 0', () => {
    const spec: DistributionSpec = { dist: 'normal', mean: 1, sd: 10 };
    const draw = makeSampler(spec, createStream(1, 't'));
    const draws = Array.from({ length: 2000 }, draw);
    expect(Math.min(...draws)).toBe(0);
    expect(draws.filter((x) => x === 0).length).toBeGreaterThan(500);
  });

  it('empirical times below 0 are refused', () => {
    expect(flow((m) => (m.stations[0].serviceTime = { dist: 'empirical', values: [1, -3, 2] }))).toEqual([
      'm.json: stations[0].serviceTime.values[1]: expected a time >= 0 (an empirical time cannot be negative), got -3',
    ]);
  });

  it('a lognormal with sd 1e308 is refused (its log-space sigma would overflow)', () => {
    const found = flow((m) => (m.stations[0].serviceTime = { dist: 'lognormal', mean: 1, sd: 1e308 }));
    expect(found).toContain(
      "m.json: stations[0].serviceTime.sd: expected sd at most 1000 times the mean (the limit on a lognormal's coefficient of variation)",
    );
    expect(found).toContain(
      'm.json: stations[0].serviceTime.sd: expected a number of magnitude at most 1e9 (the limit on any number in a model file), got 1e308',
    );
  });

  it('a Weibull shape whose draws overflow is refused', () => {
    expect(flow((m) => (m.stations[0].serviceTime = { dist: 'weibull', shape: 0.001, scale: 1 }))).toEqual([
      'm.json: stations[0].serviceTime.shape: expected at least 0.1 (the limit on a Weibull shape), got 0.001',
    ]);
  });

  it('a zero-time arrival loop is refused unless the source has a limit', () => {
    expect(flow((m) => (m.sources[0].interarrival = { dist: 'constant', value: 0 }))).toEqual([
      'm.json: sources[0].interarrival: expected a positive mean time between arrivals: with a mean of 0 and no limit the source would create jobs forever at one instant (give a limit for a batch at time 0)',
    ]);
    expect(flow((m) => (m.sources[0].interarrival = { dist: 'empirical', values: [0, 0] }))).toHaveLength(1);
    expect(flow((m) => ((m.sources[0].interarrival = { dist: 'constant', value: 0 }), (m.sources[0].limit = 50)))).toEqual([]);
  });

  it('huge counts name their limit', () => {
    expect(flow((m) => (m.stations[0].servers = 1e9))).toEqual([
      'm.json: stations[0].servers: expected at most 1000 (the limit on servers of a station), got 1000000000',
    ]);
    expect(flow((m) => (m.stations[0].servers = 2 ** 53 - 1))[0]).toMatch(/stations\[0\]\.servers: expected at most 1000 \(the limit on servers/);
    expect(flow((m) => (m.stations[0].bufferCapacity = 1e12))[0]).toMatch(/bufferCapacity: expected at most 1e6 \(the limit on a finite buffer/);
  });

  it('1e308 anywhere is refused with its path; run length is bounded', () => {
    expect(flow((m) => ((m.stations[0].mtbf = 1e308), (m.stations[0].mttr = 1)))).toEqual([
      'm.json: stations[0].mtbf: expected a number of magnitude at most 1e9 (the limit on any number in a model file), got 1e308',
    ]);
    expect(flow((m) => (m.defaultDays = 1e6))).toEqual(['m.json: defaultDays: expected at most 36525 (the limit on run length in days), got 1e6']);
  });

  it('--set goes through the same limits', () => {
    const mm1 = validateModel(read('factory-models/teaching/mm1.json'), 'mm1.json');
    expect(() => applyParameters(mm1, { 'stations[0].servers': 1e9 }, 'mm1.json')).toThrow(/the limit on servers of a station/);
  });
});

describe('3C machining models: cross-field rules and limits', () => {
  it('duplicate product id', () => {
    expect(machining((m) => (m.products[1].id = m.products[0].id))).toContain(
      'm.json: products[1].id: expected a unique product id; "phone-a" is already used at products[0].id',
    );
  });

  it('unknown parent, own parent and a cycle of parents', () => {
    expect(machining((m) => (m.products[3].parent = 'nothing'))[0]).toMatch(
      /^m\.json: products\[3\]\.parent: unknown product "nothing"; expected one of "phone-a", /,
    );
    expect(machining((m) => (m.products[3].parent = m.products[3].id))).toEqual([
      'm.json: products[3].parent: expected another product as parent, got "phone-b" itself',
    ]);
    expect(
      machining((m) => {
        m.products[0].parent = 'phone-b';
      }),
    ).toEqual(['m.json: products[0].parent: expected no cycle of parents, got "phone-a" -> "phone-b" -> "phone-a"']);
  });

  it('min above max for quantity and due time', () => {
    expect(machining((m) => (m.orders.quantity = { min: 300, max: 10 }))).toEqual(['m.json: orders.quantity.max: expected max >= min (300), got 10']);
    expect(machining((m) => (m.orders.dueHours = { min: 100, max: 10 }))).toEqual(['m.json: orders.dueHours.max: expected max >= min (100), got 10']);
  });

  it('every mix weight 0', () => {
    expect(machining((m) => m.products.forEach((p: any) => (p.mixWeight = 0)))).toEqual([
      'm.json: products: expected a product on sale from day 0 (releaseDay 0) with a positive mixWeight: orders have nothing to choose from',
    ]);
  });

  it('vibrationNew above vibrationFailed', () => {
    expect(machining((m) => (m.cnc.health.vibrationNew = 9))).toEqual([
      'm.json: cnc.health.vibrationFailed: expected vibrationFailed above vibrationNew (9), got 7.1',
    ]);
  });

  it('huge counts, a near-zero shift and 1e308 prices name their limit', () => {
    expect(machining((m) => (m.cnc.cells = 1e6))).toEqual(['m.json: cnc.cells: expected at most 200 (the limit on CNC cells), got 1e6']);
    expect(machining((m) => (m.orders.quantity.max = 1e9))).toEqual([
      'm.json: orders.quantity.max: expected at most 100000 (the limit on units of an order), got 1e9',
    ]);
    expect(machining((m) => (m.shifts.hoursPerShift = 1e-9))).toEqual([
      'm.json: shifts.hoursPerShift: expected a value from 1 to 24 (the limit on hours of a shift), got 1e-9',
    ]);
    expect(machining((m) => (m.products[0].materialCost = 1e308))).toEqual([
      'm.json: products[0].materialCost: expected a number of magnitude at most 1e9 (the limit on any number in a model file), got 1e308',
    ]);
  });
});

describe('petrochemical models', () => {
  it('1e308 prices and hours are refused with their path', () => {
    expect(petro((m) => (m.economics.feedPrice.value = 1e308))).toEqual([
      'm.json: economics.feedPrice.value: expected a number of magnitude at most 1e9 (the limit on any number in a model file), got 1e308',
    ]);
    expect(petro((m) => (m.defaultDays = 1e308))[0]).toMatch(/^m\.json: defaultDays: expected a number of magnitude at most 1e9/);
  });

  it('feed concentration range and temperatures', () => {
    expect(petro((m) => Object.assign(m.disturbances.feedConcentration, { min: 6, max: 5 }))).toContain(
      'm.json: disturbances.feedConcentration.max: expected max >= min (6), got 5',
    );
    expect(petro((m) => (m.disturbances.ambient.mean = 5000))).toEqual([
      'm.json: disturbances.ambient.mean: expected a value from -273.15 to 2000 (the limit on temperatures in deg C), got 5000',
    ]);
  });
});
