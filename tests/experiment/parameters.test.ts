import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runExperiment } from '../../src/core/experiment/experiment.ts';
import { applyParameters, parseParameterPath, readParameter, setParameter } from '../../src/core/experiment/parameters.ts';
import { runnable } from '../../src/core/models.ts';
import { ModelFileError } from '../../src/core/model/errors.ts';

const json = (file: string): unknown => JSON.parse(readFileSync(file, 'utf8'));
const machining = json('factory-models/3c-machining.json');
const tandem = json('factory-models/teaching/tandem5.json');
const petro = json('factory-models/petrochemical.json');

function errorOf(action: () => unknown): ModelFileError {
  try {
    action();
  } catch (error) {
    if (error instanceof ModelFileError) return error;
    throw error;
  }
  throw new Error('expected a ModelFileError');
}

describe('parameter paths', () => {
  it('parses dotted names and [i] indices, and refuses anything else', () => {
    expect(parseParameterPath('cnc.cells')).toEqual(['cnc', 'cells']);
    expect(parseParameterPath('stations[2].servers')).toEqual(['stations', 2, 'servers']);
    expect(parseParameterPath('grades[0].operatorSetpoints.reactorTemperature.value')).toEqual([
      'grades',
      0,
      'operatorSetpoints',
      'reactorTemperature',
      'value',
    ]);
    for (const bad of ['', 'cnc.', '.cells', 'cnc..cells', 'stations[x]', 'stations[1', 'a b', '[0]']) {
      expect(() => parseParameterPath(bad, 'm.json'), bad).toThrow(/expected a parameter path such as cnc\.cells/);
    }
  });

  it('reads the number at a path', () => {
    expect(readParameter(machining, 'cnc.cells')).toBe(6);
    expect(readParameter(tandem, 'stations[1].serviceTime.mean')).toBe(0.6);
    expect(readParameter(tandem, 'stations[0].servers')).toBeUndefined(); // left out of the file
    expect(readParameter(applyParameters(tandem, {}, 't.json'), 'stations[0].servers')).toBe(1); // the schema's default
    expect(readParameter(machining, 'cnc')).toBeUndefined();
    expect(readParameter(machining, 'nope.cells')).toBeUndefined();
  });
});

describe('setParameter / applyParameters', () => {
  it('sets a value in a copy, leaving the input untouched, and the model validates', () => {
    const changed = setParameter(machining, 'cnc.cells', 8);
    expect(readParameter(changed, 'cnc.cells')).toBe(8);
    expect(readParameter(machining, 'cnc.cells')).toBe(6);
    const model = applyParameters(machining, { 'cnc.cells': 8, 'maintenance.pmIntervalHours': 300 }, '3c.json');
    expect(model.kind === 'machining' && model.cnc.cells).toBe(8);
    expect(model.kind === 'machining' && model.maintenance.pmIntervalHours).toBe(300);
    const reactor = applyParameters(petro, { 'grades[0].operatorSetpoints.reactorTemperature.value': 112 }, 'p.json');
    expect(readParameter(reactor, 'grades[0].operatorSetpoints.reactorTemperature.value')).toBe(112);
  });

  it('sets an optional field the file leaves out (a station buffer) when the schema knows it', () => {
    expect(readParameter(tandem, 'stations[1].bufferCapacity')).toBeUndefined();
    const model = applyParameters(tandem, { 'stations[1].bufferCapacity': 3 }, 't.json');
    expect(readParameter(model, 'stations[1].bufferCapacity')).toBe(3);
    // A validated model holds null there (unlimited); that may be set too.
    const validated = applyParameters(tandem, {}, 't.json');
    expect(readParameter(validated, 'stations[2].bufferCapacity')).toBeUndefined();
    expect(readParameter(applyParameters(validated, { 'stations[2].bufferCapacity': 0 }, 't.json'), 'stations[2].bufferCapacity')).toBe(0);
  });

  it('changes what the simulation does: a second server at every station of a line cuts time in system', () => {
    const options = { levels: ['L1' as const], seeds: [1, 2], until: 3000 };
    const base = runExperiment(runnable(applyParameters(tandem, {}, 't.json')), options);
    const doubled = runExperiment(
      runnable(
        applyParameters(
          tandem,
          { 'stations[0].servers': 2, 'stations[1].servers': 2, 'stations[2].servers': 2, 'stations[3].servers': 2, 'stations[4].servers': 2 },
          't.json',
        ),
      ),
      options,
    );
    expect(doubled.levels.L1!.kpis.timeInSystem!.mean).toBeLessThan(base.levels.L1!.kpis.timeInSystem!.mean);
  });

  it('names the file and path of an unknown path', () => {
    expect(errorOf(() => applyParameters(machining, { 'cnc.cellz': 8 }, '3c.json')).message).toBe("3c.json: cnc.cellz: unknown path: cnc has no field 'cellz'");
    expect(errorOf(() => applyParameters(machining, { 'cnx.cells': 8 }, '3c.json')).message).toMatch(
      /^3c\.json: cnx\.cells: unknown path: the model has no field 'cnx'; its fields are .*cnc/,
    );
    expect(errorOf(() => applyParameters(tandem, { 'stations[9].servers': 2 }, 't.json')).message).toBe(
      't.json: stations[9].servers: unknown path: stations has 5 items, so [9] does not exist',
    );
    expect(errorOf(() => applyParameters(tandem, { 'name[0]': 2 }, 't.json')).message).toMatch(/unknown path: name is ".*", not a list/);
  });

  it('names the path of a field that holds no number, with a hint for quantities', () => {
    expect(errorOf(() => applyParameters(machining, { cnc: 3 }, '3c.json')).message).toBe('3c.json: cnc: expected a numeric parameter, but it holds an object');
    expect(errorOf(() => applyParameters(petro, { 'reactor.volume': 12 }, 'p.json')).message).toBe(
      'p.json: reactor.volume: expected a numeric parameter, but it holds an object (a quantity: set reactor.volume.value)',
    );
  });

  it('names the path and what was expected of a value the schema refuses', () => {
    expect(errorOf(() => applyParameters(machining, { 'cnc.cells': 2.5 }, '3c.json')).message).toBe(
      '3c.json: cnc.cells: invalid value 2.5: expected an integer, got 2.5',
    );
    expect(errorOf(() => applyParameters(machining, { 'maintenance.pmIntervalHours': -1 }, '3c.json')).message).toBe(
      '3c.json: maintenance.pmIntervalHours: invalid value -1: expected a positive number, got -1',
    );
    expect(errorOf(() => applyParameters(machining, { 'cnc.cells': Number.NaN }, '3c.json')).message).toBe(
      '3c.json: cnc.cells: expected a finite number as the parameter value, got NaN',
    );
  });
});

describe('overrides checked across fields', () => {
  it('refuses fewer CNC cells than the products have fixtures on, naming the product cell that no longer exists', () => {
    const error = errorOf(() => applyParameters(machining, { 'cnc.cells': 5 }, '3c.json'));
    expect(error.message).toMatch(/^3c\.json: products\[\d+\]\.cells\[\d+\]: expected a CNC cell index below cnc\.cells \(5\), got 5/);
    expect(() => applyParameters(machining, { 'cnc.cells': 7 }, '3c.json')).not.toThrow();
  });
});
