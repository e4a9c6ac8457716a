/** `npm run schema` / `fabtwin schema`: writes the JSON Schemas of the model files to factory-models/schema/. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { allModelJsonSchemas } from '../core/model/json-schema.ts';
import { isScript, newCommand, parseCommand, processIo, runEntry, type CliIo } from './command.ts';

export function main(argv: readonly string[], io: CliIo): number {
  const command = newCommand('schema', 'Write the JSON Schemas of the model files to factory-models/schema/ (the files\' "$schema" points there).', io);
  const exit = parseCommand(command, argv);
  if (exit !== undefined) return exit;
  // The repository's own folder, two levels above this file (src/cli, or build/cli once compiled).
  const dir = join(import.meta.dirname, '../../factory-models/schema');
  mkdirSync(dir, { recursive: true });
  for (const { file, text } of allModelJsonSchemas()) {
    writeFileSync(join(dir, file), text);
    io.out(`wrote factory-models/schema/${file}\n`);
  }
  return 0;
}

/** The terminal entry of `npm run schema` and `fabtwin schema`. */
export const runMain = (argv: readonly string[]): number => main(argv, processIo);

if (isScript(import.meta.url)) await runEntry(runMain, process.argv.slice(2));
