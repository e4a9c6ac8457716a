/**
 * Bit access to IEEE-754 doubles through one shared Float64Array/Uint32Array pair. Reading and writing the words of a
 * double this way is exact on every engine (typed arrays are specified bit for bit), which is what lets the functions
 * in this folder give the same bits everywhere. Word order is detected once, so big-endian hosts work too.
 */
const scratch = new Float64Array(1);
const words = new Uint32Array(scratch.buffer);
scratch[0] = 1;
const HI = words[1] === 0x3ff00000 ? 1 : 0;
const LO = 1 - HI;

/** High 32 bits (sign, exponent, top 20 bits of the significand) as a signed int32, like fdlibm's GET_HIGH_WORD. */
export function highWord(x: number): number {
  scratch[0] = x;
  return words[HI]! | 0;
}

/** Low 32 bits of the significand as an unsigned integer. */
export function lowWord(x: number): number {
  scratch[0] = x;
  return words[LO]!;
}

/** The double whose high and low words are these (each taken modulo 2^32). */
export function fromWords(high: number, low: number): number {
  words[HI] = high;
  words[LO] = low;
  return scratch[0]!;
}

/** x with its high word replaced. */
export function withHighWord(x: number, high: number): number {
  scratch[0] = x;
  words[HI] = high;
  return scratch[0]!;
}

/** x with its low word replaced (0 clears the low 32 significand bits: the "SET_LOW_WORD(x, 0)" splits of fdlibm). */
export function withLowWord(x: number, low: number): number {
  scratch[0] = x;
  words[LO] = low;
  return scratch[0]!;
}

const TWO_1023 = fromWords(0x7fe00000, 0); // 2^1023
const TWO_M1022_53 = fromWords(0x03600000, 0); // 2^-969 = 2^-1022 * 2^53

/**
 * x * 2^n with a single rounding (exact unless the result is subnormal or overflows). Steps through 2^1023 / 2^-969 so
 * that no intermediate product rounds twice (the method of musl's scalbn).
 */
export function scalbn(x: number, n: number): number {
  let y = x;
  let k = n;
  if (k > 1023) {
    y *= TWO_1023;
    k -= 1023;
    if (k > 1023) {
      y *= TWO_1023;
      k -= 1023;
      if (k > 1023) k = 1023;
    }
  } else if (k < -1022) {
    y *= TWO_M1022_53;
    k += 1022 - 53;
    if (k < -1022) {
      y *= TWO_M1022_53;
      k += 1022 - 53;
      if (k < -1022) k = -1022;
    }
  }
  return y * fromWords((0x3ff + k) << 20, 0);
}
