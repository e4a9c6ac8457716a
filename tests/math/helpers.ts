/** Test helpers for src/core/math: exact bit patterns and distances in ulps. */
import { createStream } from '../../src/core/random/stream.ts';

const f64 = new Float64Array(1);
const i64 = new BigInt64Array(f64.buffer);

/** The 64-bit pattern of x as 16 hex digits (NaN as its canonical pattern). */
export function bitsHex(x: number): string {
  f64[0] = x;
  return BigInt.asUintN(64, i64[0]!).toString(16).padStart(16, '0');
}

/** The double with this 16-hex-digit pattern. */
export function fromHex(hex: string): number {
  i64[0] = BigInt.asIntN(64, BigInt(`0x${hex}`));
  return f64[0]!;
}

/** Position of x on the ordered line of doubles (-0 and +0 both 0), so that neighbours differ by 1. */
function ordinal(x: number): bigint {
  f64[0] = x;
  const v = i64[0]!;
  return v < 0n ? -(v & 0x7fffffffffffffffn) : v;
}

/** Distance in ulps between two results; 0 when both are NaN or bit-identical, Infinity if only one is NaN. */
export function ulpDistance(a: number, b: number): number {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b) ? 0 : Infinity;
  const d = ordinal(a) - ordinal(b);
  return Number(d < 0n ? -d : d);
}

/** A seeded uniform source (the core's own generator) for reproducible random inputs. */
export function uniform(name: string): () => number {
  const rng = createStream(20261128, name);
  return () => rng.next();
}
