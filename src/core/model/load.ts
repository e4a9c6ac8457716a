/**
 * Loading a model file: JSON text in, a validated model out, or a `ModelFileError` naming the file, the JSON path and
 * what was expected. Pure: the caller reads the file (Node's fs in the CLI, fetch or a dropped File in the browser).
 */
import type { z } from 'zod';
import { ModelFileError, parseJsonText, problemsFromZod } from './errors.ts';
import { flowModelSchema, type FlowModel } from './flow-model.ts';
import { machiningModelSchema, type MachiningModel } from './machining-model.ts';
import { petrochemicalModelSchema, type PetrochemicalModel } from './petrochemical-model.ts';

/** Every kind of model file the engine understands, by its `kind` field. */
export const modelSchemas = {
  flow: flowModelSchema,
  machining: machiningModelSchema,
  petrochemical: petrochemicalModelSchema,
} as const satisfies Record<string, z.ZodType>;

export type ModelKind = keyof typeof modelSchemas;
export type AnyModel = FlowModel | MachiningModel | PetrochemicalModel;

export function validateModel(data: unknown, file: string): AnyModel {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new ModelFileError(file, [{ path: '', message: 'expected a JSON object at the top level' }]);
  }
  const kind = (data as { kind?: unknown }).kind;
  const kinds = Object.keys(modelSchemas);
  if (typeof kind !== 'string' || !Object.hasOwn(modelSchemas, kind)) {
    const got = kind === undefined ? 'nothing' : JSON.stringify(kind);
    throw new ModelFileError(file, [{ path: 'kind', message: `expected one of ${kinds.map((k) => `"${k}"`).join(', ')}, got ${got}` }]);
  }
  const result = modelSchemas[kind as ModelKind].safeParse(data, { reportInput: true });
  if (!result.success) throw new ModelFileError(file, problemsFromZod(result.error.issues));
  return result.data;
}

/** Parses and validates the text of a model file. `file` is the name used in error messages. */
export function parseModel(text: string, file: string): AnyModel {
  return validateModel(parseJsonText(text, file), file);
}
