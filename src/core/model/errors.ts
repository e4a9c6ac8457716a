/**
 * Model-file errors that say where and what: `factory-models/line.json: stations[3].mtbf: expected a positive number, got -5`.
 */
import type { z } from 'zod';
import { locateJsonError } from './json-locate.ts';

export interface ModelProblem {
  /** JSON path inside the file, e.g. `stations[3].mtbf`; empty for the whole document. */
  path: string;
  message: string;
}

export class ModelFileError extends Error {
  constructor(
    readonly file: string,
    readonly problems: readonly ModelProblem[],
  ) {
    super(problems.map((p) => `${file}: ${p.path ? `${p.path}: ` : ''}${p.message}`).join('\n'));
    this.name = 'ModelFileError';
  }
}

/** `['stations', 3, 'mtbf']` → `stations[3].mtbf` */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out;
}

/** A short, quoted rendering of an offending value. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return String(value);
}

const typeNames: Record<string, string> = {
  number: 'a number',
  string: 'a string',
  boolean: 'true or false',
  array: 'an array',
  object: 'an object',
  int: 'an integer',
  null: 'null',
};

function boundText(kind: 'min' | 'max', bound: unknown, inclusive: boolean | undefined, origin: string): string {
  if (origin === 'number' || origin === 'int' || origin === 'bigint') {
    if (kind === 'min' && Number(bound) === 0) return inclusive ? 'a number >= 0' : 'a positive number';
    return `a number ${kind === 'min' ? (inclusive ? '>=' : '>') : inclusive ? '<=' : '<'} ${String(bound)}`;
  }
  const unit = origin === 'string' ? 'characters' : 'items';
  return `${kind === 'min' ? 'at least' : 'at most'} ${String(bound)} ${unit}`;
}

/** Turns zod issues (parsed with `reportInput: true`) into problems a model author can act on. */
export function problemsFromZod(issues: readonly z.core.$ZodIssue[]): ModelProblem[] {
  return issues.map((issue) => {
    const path = formatPath(issue.path);
    const input = (issue as { input?: unknown }).input;
    switch (issue.code) {
      case 'invalid_type':
        if (input === undefined) return { path, message: `missing; expected ${typeNames[issue.expected] ?? issue.expected}` };
        return { path, message: `expected ${typeNames[issue.expected] ?? issue.expected}, got ${describeValue(input)}` };
      // A limit's own message (it starts with "expected" and names the limit) wins over the generic one.
      case 'too_small':
      case 'too_big':
        if (issue.message.startsWith('expected')) {
          const got = issue.origin === 'array' ? `${(input as unknown[]).length} items` : describeValue(input);
          return { path, message: `${issue.message}, got ${got}` };
        }
        if (issue.code === 'too_big') {
          return {
            path,
            message: `expected ${boundText('max', issue.maximum, issue.inclusive, issue.origin)}, got ${
              issue.origin === 'array' ? `${(input as unknown[]).length} items` : describeValue(input)
            }`,
          };
        }
        return {
          path,
          message: `expected ${boundText('min', issue.minimum, issue.inclusive, issue.origin)}, got ${
            issue.origin === 'array' ? `${(input as unknown[]).length} items` : describeValue(input)
          }`,
        };
      case 'unrecognized_keys':
        return {
          path,
          message: `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `'${k}'`).join(', ')}`,
        };
      case 'invalid_value':
        return {
          path,
          message: `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}, got ${describeValue(input)}`,
        };
      case 'invalid_union': {
        const options = (issue as { options?: unknown[] }).options;
        if (options) {
          const got = (input as Record<string, unknown> | undefined)?.[String(issue.path.at(-1))];
          return { path, message: `expected one of ${options.map((o) => JSON.stringify(o)).join(', ')}, got ${describeValue(got)}` };
        }
        return { path, message: issue.message };
      }
      case 'invalid_format':
        return { path, message: `expected ${issue.format}, got ${describeValue(input)}` };
      default:
        return { path, message: issue.message };
    }
  });
}

/**
 * Parses JSON text, reporting a syntax error with its line and column, computed by `locateJsonError` (the same on every
 * engine and Node version) rather than read from the engine's message.
 */
export function parseJsonText(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const problem = locateJsonError(text);
    if (problem) {
      throw new ModelFileError(file, [{ path: '', message: `invalid JSON at line ${problem.line}, column ${problem.column}: expected ${problem.reason}` }]);
    }
    // Valid by our reading yet refused by the engine (an engine limit): its own words, without the text it may quote.
    const message = error instanceof Error ? error.message : String(error);
    const reason = message.replace(/ in JSON at position \d+.*$/, '').replace(/, ".*" is not valid JSON$/s, '');
    throw new ModelFileError(file, [{ path: '', message: `invalid JSON: ${reason}` }]);
  }
}
