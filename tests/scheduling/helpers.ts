import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseInstance, type JobShopInstance } from '../../src/core/scheduling/instance.ts';
import { parseBoundsFile } from '../../src/core/scheduling/catalog.ts';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const INSTANCE_DIR = join(ROOT, 'data/jsplib/instances');
/** The team's reference copy (CI has it); the product itself reads only data/jsplib. */
export const SHARED = resolve(ROOT, '../shared/jsplib');

export function load(name: string): JobShopInstance {
  const file = join(INSTANCE_DIR, name);
  return parseInstance(readFileSync(file, 'utf8'), file, name);
}

export function shippedNames(): string[] {
  return readdirSync(INSTANCE_DIR).sort();
}

export const bounds = parseBoundsFile(readFileSync(join(ROOT, 'data/jsplib/bounds.json'), 'utf8'));

/** A sample across families and shapes used by the validity tests of every algorithm. */
export const SAMPLE = ['ft06', 'ft20', 'la01', 'la21', 'abz5', 'orb07', 'swv01', 'yn1', 'ta01', 'ta51'];
