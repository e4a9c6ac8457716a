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

/**
 * An independent reference for non-delay dispatching, written the way a simulation textbook does it: a clock that steps
 * from event to event; at each time every idle machine takes, among the jobs waiting for it, the best by the rule's key
 * (ties to the lower job index). It shares no code with src/core/scheduling/dispatch.ts.
 */
export function referenceNonDelay(inst: JobShopInstance, key: (j: number, k: number, t: number, readyAt: number, workLeft: number) => number): number[] {
  const { jobs: n, machines: m } = inst;
  const next = new Array<number>(n).fill(0);
  const readyAt = new Array<number>(n).fill(0);
  const freeAt = new Array<number>(m).fill(0);
  const workLeft = inst.duration.map((row) => row.reduce((a, b) => a + b, 0));
  const starts = new Array<number>(n * m).fill(-1);
  let left = n * m;
  let t = 0;
  while (left > 0) {
    for (let mach = 0; mach < m; mach++) {
      if (freeAt[mach]! > t) continue;
      let pick = -1;
      let pickKey = Infinity;
      for (let j = 0; j < n; j++) {
        const k = next[j]!;
        if (k >= m || inst.machine[j]![k] !== mach || readyAt[j]! > t) continue;
        const v = key(j, k, t, readyAt[j]!, workLeft[j]!);
        if (v < pickKey) {
          pick = j;
          pickKey = v;
        }
      }
      if (pick < 0) continue;
      const k = next[pick]!;
      const p = inst.duration[pick]![k]!;
      starts[pick * m + k] = t;
      freeAt[mach] = readyAt[pick] = t + p;
      workLeft[pick] = workLeft[pick]! - p;
      next[pick] = k + 1;
      left--;
    }
    // next event: the earliest future machine release or job arrival
    let nextT = Infinity;
    for (const f of [...freeAt, ...readyAt]) if (f > t && f < nextT) nextT = f;
    if (nextT === Infinity) break;
    t = nextT;
  }
  return starts;
}
