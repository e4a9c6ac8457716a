/**
 * JSON Schemas of the model files, generated from the zod schemas that validate them, so that editors can validate and
 * complete a model (`"$schema": "../schema/flow-model.schema.json"`). `npm run schema` writes them to
 * factory-models/schema/; a test fails when the committed files fall behind the zod schemas.
 */
import { z } from 'zod';
import { modelSchemas, type ModelKind } from './load.ts';

export function modelJsonSchema(kind: ModelKind): Record<string, unknown> {
  const schema = z.toJSONSchema(modelSchemas[kind], { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return {
    ...schema,
    $id: `https://fabtwin.dev/schema/${kind}-model.schema.json`,
    title: `FabTwin ${kind} model`,
  };
}

/** File name of each kind's schema inside factory-models/schema/. */
export function schemaFileName(kind: ModelKind): string {
  return `${kind}-model.schema.json`;
}

export function allModelJsonSchemas(): { file: string; text: string }[] {
  return (Object.keys(modelSchemas) as ModelKind[]).map((kind) => ({
    file: schemaFileName(kind),
    text: JSON.stringify(modelJsonSchema(kind), null, 2) + '\n',
  }));
}
