import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ModelFileError } from '../../src/core/model/errors.ts';
import { allModelJsonSchemas } from '../../src/core/model/json-schema.ts';
import { parseModel } from '../../src/core/model/load.ts';
import { loadModelFile } from '../../src/node/model-file.ts';

const root = join(import.meta.dirname, '../..');
const mm1 = readFileSync(join(root, 'factory-models/teaching/mm1.json'), 'utf8');

/** The mm1 model with one edit applied, as text. */
function edited(edit: (model: Record<string, any>) => void): string {
  const model = JSON.parse(mm1);
  edit(model);
  return JSON.stringify(model, null, 2);
}

function problemsOf(text: string, file = 'factory-models/line.json'): string[] {
  try {
    parseModel(text, file);
  } catch (error) {
    expect(error).toBeInstanceOf(ModelFileError);
    return error instanceof Error ? error.message.split('\n') : [];
  }
  throw new Error('expected the model to be rejected');
}

describe('model files', () => {
  it('every shipped model validates', () => {
    const dirs = ['factory-models', 'factory-models/teaching'];
    const files = dirs.flatMap((dir) =>
      readdirSync(join(root, dir))
        .filter((f) => f.endsWith('.json'))
        .map((f) => join(dir, f)),
    );
    expect(files.length).toBeGreaterThanOrEqual(2);
    for (const file of files) expect(() => loadModelFile(join(root, file))).not.toThrow();
  });

  it('invalid JSON: names the file, line and column', () => {
    const text = mm1.replace('"timeUnit": "minute",', '"timeUnit": "minute",,');
    const [message] = problemsOf(text);
    expect(message).toMatch(/^factory-models\/line\.json: invalid JSON at line 6, column 24: \S.*/);
  });

  it('wrong type: names the JSON path and what was expected', () => {
    const text = edited((m) => (m.stations[0].servers = 'two'));
    expect(problemsOf(text)).toEqual(['factory-models/line.json: stations[0].servers: expected a number, got "two"']);
  });

  it('missing field', () => {
    const text = edited((m) => delete m.stations[0].serviceTime);
    expect(problemsOf(text)).toEqual(['factory-models/line.json: stations[0].serviceTime: missing; expected an object']);
  });

  it('unknown station reference in a routing', () => {
    const text = edited((m) => m.routings[0].steps.push('cnc-9'));
    expect(problemsOf(text)).toEqual(['factory-models/line.json: routings[0].steps[1]: unknown station "cnc-9"; expected one of "server"']);
  });

  it('negative time', () => {
    const text = edited((m) => {
      m.stations[0].mtbf = -5;
      m.stations[0].mttr = 2;
    });
    expect(problemsOf(text)).toEqual(['factory-models/line.json: stations[0].mtbf: expected a positive number, got -5']);
    const negativeMean = edited((m) => (m.sources[0].interarrival.mean = -1));
    expect(problemsOf(negativeMean)).toEqual(['factory-models/line.json: sources[0].interarrival.mean: expected a positive number, got -1']);
  });

  it('unknown distribution, unknown field, unknown kind and duplicate ids each say what was expected', () => {
    expect(problemsOf(edited((m) => (m.stations[0].serviceTime = { dist: 'gauss', mean: 1 })))[0]).toMatch(
      /stations\[0\]\.serviceTime\.dist: expected one of "constant", "exponential", .*"empirical", got "gauss"$/,
    );
    expect(problemsOf(edited((m) => (m.stations[0].mtfb = 100)))).toEqual(["factory-models/line.json: stations[0]: unknown field 'mtfb'"]);
    // The list of kinds grows as plant kinds register (machining, petrochemical); flow is always first.
    expect(problemsOf(edited((m) => (m.kind = 'flowline')))).toEqual([
      expect.stringMatching(/^factory-models\/line\.json: kind: expected one of "flow"(, "[a-z]+")*, got "flowline"$/),
    ]);
    expect(problemsOf(edited((m) => (m.sinks[0].id = 'server')))[0]).toMatch(/sinks\[0\]\.id: duplicate id "server" \(already used at stations\[0\]\.id\)/);
  });

  it('reports every problem at once, not only the first', () => {
    const text = edited((m) => {
      m.stations[0].servers = 0;
      m.routings[0].sink = 'nowhere';
    });
    expect(problemsOf(text)).toHaveLength(2);
  });

  it('a missing file is reported with its path', () => {
    expect(() => loadModelFile('factory-models/nope.json')).toThrow('factory-models/nope.json: file not found');
  });

  it('the committed JSON Schemas are up to date with the validators (run `npm run schema`)', () => {
    for (const { file, text } of allModelJsonSchemas()) {
      expect(readFileSync(join(root, 'factory-models/schema', file), 'utf8')).toBe(text);
    }
  });
});
