/**
 * Model parameter overrides by JSON path (`cnc.cells`, `stations[2].servers`, `grades[0].operatorSetpoints.reactorTemperature.value`):
 * what a parameter sweep varies and what `sim --set path=value` changes. The result is validated again with the model's
 * own schema, so an override can never produce a model the file format would refuse; errors name the file, the path
 * and what was expected. The input is never modified.
 */
import { describeValue, formatPath, ModelFileError } from '../model/errors.ts';
import { validateModel, type AnyModel } from '../model/load.ts';

export type PathSegment = string | number;

/** Parameter overrides: JSON path -> number. */
export type ParameterOverrides = Readonly<Record<string, number>>;

function pathError(file: string, path: string, message: string): ModelFileError {
  return new ModelFileError(file, [{ path, message }]);
}

/** `cnc.cells` -> ['cnc', 'cells']; `stations[2].servers` -> ['stations', 2, 'servers']. */
export function parseParameterPath(path: string, file = 'model'): PathSegment[] {
  const segments: PathSegment[] = [];
  const pattern = /([A-Za-z_$][\w$-]*)|\[(\d+)\]|(\.)/gy;
  let expectName = true;
  let match: RegExpExecArray | null;
  let end = 0;
  while ((match = pattern.exec(path)) !== null) {
    end = pattern.lastIndex;
    if (match[1] !== undefined) {
      if (!expectName) break;
      segments.push(match[1]);
      expectName = false;
    } else if (match[2] !== undefined) {
      if (expectName) break;
      segments.push(Number(match[2]));
    } else {
      if (expectName) break;
      expectName = true;
    }
  }
  if (path.trim() === '' || segments.length === 0 || end !== path.length || expectName) {
    throw pathError(file, path, 'expected a parameter path such as cnc.cells or stations[2].servers (names joined by dots, [i] for list items)');
  }
  return segments;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The numeric value at `path` in a model (raw JSON or validated), or undefined when the path holds no number. */
export function readParameter(model: unknown, path: string): number | undefined {
  let node: unknown = model;
  for (const segment of parseParameterPath(path)) {
    if (typeof segment === 'number' ? !Array.isArray(node) : !isRecord(node)) return undefined;
    node = (node as Record<PathSegment, unknown>)[segment];
  }
  return typeof node === 'number' ? node : undefined;
}

/**
 * A copy of `modelJson` with the number at `path` replaced by `value`. Checks the path exists (the last field may be
 * absent when the schema allows it; validation decides) and holds a number; does not validate the whole model.
 */
export function setParameter(modelJson: unknown, path: string, value: number, file = 'model'): unknown {
  const segments = parseParameterPath(path, file);
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw pathError(file, path, `expected a finite number as the parameter value, got ${describeValue(value)}`);
  }
  // Model files are JSON: a JSON round trip is a deep copy (and the core has no structuredClone).
  const root: unknown = JSON.parse(JSON.stringify(modelJson));
  let node: unknown = root;
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i]!;
    const here = formatPath(segments.slice(0, i)) || 'the model';
    const last = i === segments.length - 1;
    if (typeof segment === 'number') {
      if (!Array.isArray(node)) throw pathError(file, path, `unknown path: ${here} is ${describeValue(node)}, not a list, so [${segment}] does not exist`);
      if (segment >= node.length) {
        throw pathError(file, path, `unknown path: ${here} has ${node.length} item${node.length === 1 ? '' : 's'}, so [${segment}] does not exist`);
      }
    } else {
      if (!isRecord(node)) throw pathError(file, path, `unknown path: ${here} is ${describeValue(node)}, so it has no field '${segment}'`);
      if (!Object.hasOwn(node, segment) && !last) {
        throw pathError(file, path, `unknown path: ${here} has no field '${segment}'; its fields are ${Object.keys(node).join(', ')}`);
      }
    }
    const container = node as Record<PathSegment, unknown>;
    if (last) {
      const current = container[segment];
      // Absent or null (an optional field left unset, such as an unlimited buffer) may be set; the schema decides.
      if (current !== undefined && current !== null && typeof current !== 'number') {
        const hint = isRecord(current) && typeof current.value === 'number' ? ` (a quantity: set ${path}.value)` : '';
        throw pathError(file, path, `expected a numeric parameter, but it holds ${describeValue(current)}${hint}`);
      }
      container[segment] = value;
    } else {
      node = container[segment];
    }
  }
  return root;
}

/**
 * The model with every override applied, validated with its schema. Fields the schema does not know are reported as
 * unknown paths; values it refuses (a fractional cell count, a negative time) name the path and what was expected.
 */
export function applyParameters(modelJson: unknown, parameters: ParameterOverrides, file = 'model'): AnyModel {
  let json = modelJson;
  for (const [path, value] of Object.entries(parameters)) json = setParameter(json, path, value, file);
  try {
    return validateModel(json, file);
  } catch (error) {
    if (!(error instanceof ModelFileError)) throw error;
    const problems = error.problems.map((problem) => {
      for (const path of Object.keys(parameters)) {
        const segments = parseParameterPath(path, file);
        const parent = formatPath(segments.slice(0, -1));
        const field = segments.at(-1);
        if (problem.path === parent && problem.message.startsWith('unknown field') && problem.message.includes(`'${String(field)}'`)) {
          return { path, message: `unknown path: ${parent || 'the model'} has no field '${String(field)}'` };
        }
        if (problem.path === path) return { path, message: `invalid value ${parameters[path]}: ${problem.message}` };
      }
      return problem;
    });
    throw new ModelFileError(file, problems);
  }
}
