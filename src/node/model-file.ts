/**
 * Reading model files from disk (Node only): the path as the user wrote it appears in every error message.
 */
import { readFileSync } from 'node:fs';
import { ModelFileError } from '../core/model/errors.ts';
import { parseModel, type AnyModel } from '../core/model/load.ts';

export function loadModelFile(path: string): AnyModel {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'file not found' : code === 'EISDIR' ? 'is a directory, expected a JSON file' : String(error);
    throw new ModelFileError(path, [{ path: '', message: reason }]);
  }
  return parseModel(text, path);
}
