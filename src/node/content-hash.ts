/**
 * Content hashes of plain JSON data: keys sorted at every level, so two objects with the same content hash alike
 * whatever order their keys were written in. Used to name a model (the pool's per-thread cache) and a run (the queue's
 * job id, so the same run asked twice is computed once).
 */
import { createHash } from 'node:crypto';

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, canonical((value as Record<string, unknown>)[key])]),
    );
  }
  return value;
}

export function contentHash(value: unknown): string {
  return createHash('sha256')
    .update(JSON.stringify(canonical(value)))
    .digest('hex');
}
