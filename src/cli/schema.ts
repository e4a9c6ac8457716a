/** `npm run schema`: writes the JSON Schemas of the model files to factory-models/schema/. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { allModelJsonSchemas } from '../core/model/json-schema.ts';

const dir = join(import.meta.dirname, '../../factory-models/schema');
mkdirSync(dir, { recursive: true });
for (const { file, text } of allModelJsonSchemas()) {
  writeFileSync(join(dir, file), text);
  console.log(`wrote factory-models/schema/${file}`);
}
