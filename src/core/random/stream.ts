/**
 * Seeded, named, independent random streams.
 *
 * Every stochastic part of a plant draws from its own stream, named after what it drives (`arrivals`, `failures:cnc-3`).
 * A stream's state is derived from (master seed, name) alone, so adding a machine, changing a level or drawing more
 * numbers from one stream never shifts another: the random events of the plant are the same across levels
 * (common random numbers), which is what makes level comparisons fair.
 *
 * Generator: xoshiro128** (Blackman and Vigna), 32-bit operations only, which V8 keeps in small integers.
 * Seeding: a 128-bit hash of the seed and the name (cyrb128 mixing), never all zero.
 */
export interface Rng {
  /** The stream's name, e.g. `arrivals` or `failures:cnc-3`. */
  readonly name: string;
  /** A uniform double in [0, 1) with 53 random bits. */
  next(): number;
  /** A uniform integer in [0, n). */
  nextInt(n: number): number;
  /** A uniform 32-bit unsigned integer. */
  nextUint32(): number;
}

const TWO_POW_26 = 67_108_864;
const TWO_POW_MINUS_53 = 1 / 9_007_199_254_740_992;

export class Xoshiro128 implements Rng {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  constructor(
    readonly name: string,
    state: readonly [number, number, number, number],
  ) {
    this.s0 = state[0] | 0;
    this.s1 = state[1] | 0;
    this.s2 = state[2] | 0;
    this.s3 = state[3] | 0;
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 0x9e3779b9 | 0; // the all-zero state is a fixed point
  }

  nextUint32(): number {
    const s1 = this.s1;
    const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9);
    const t = s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result >>> 0;
  }

  next(): number {
    const high = this.nextUint32() >>> 5; // 27 bits
    const low = this.nextUint32() >>> 6; // 26 bits
    return (high * TWO_POW_26 + low) * TWO_POW_MINUS_53;
  }

  nextInt(n: number): number {
    if (!(n > 0) || !Number.isInteger(n)) throw new RangeError(`nextInt: expected a positive integer bound, got ${n}`);
    return Math.floor(this.next() * n);
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** cyrb128: a fast, well-mixed 128-bit string hash, used only to derive stream states. */
export function hash128(text: string): [number, number, number, number] {
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let i = 0; i < text.length; i++) {
    const k = text.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}

/** One independent stream for a (seed, name) pair. */
export function createStream(seed: number, name: string): Rng {
  if (!Number.isSafeInteger(seed)) throw new RangeError(`random seed must be a safe integer, got ${seed}`);
  return new Xoshiro128(name, hash128(`fabtwin/${seed}/${name}`));
}

/**
 * The set of named streams of one replication. Asking twice for a name gives the same stream object, so two parts of a
 * model that must share a stream can; parts that must not share one use different names.
 */
export class RandomStreams {
  private readonly streams = new Map<string, Rng>();

  constructor(readonly seed: number) {
    if (!Number.isSafeInteger(seed)) throw new RangeError(`random seed must be a safe integer, got ${seed}`);
  }

  stream(name: string): Rng {
    let rng = this.streams.get(name);
    if (!rng) {
      rng = createStream(this.seed, name);
      this.streams.set(name, rng);
    }
    return rng;
  }
}
