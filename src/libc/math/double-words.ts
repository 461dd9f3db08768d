// The 32-bit halves of a double, as fdlibm-derived code reads and writes them (GET_HIGH_WORD,
// SET_HIGH_WORD, INSERT_WORDS): one shared scratch buffer, no allocation per call.

const f64 = new Float64Array(1);
const words = new Uint32Array(f64.buffer);

/** The high word (sign, exponent, top 20 significand bits) as a signed int32, as fdlibm's int32_t. */
export function highWord(x: number): number {
  f64[0] = x;
  return words[1]! | 0;
}

/** The low word, unsigned. */
export function lowWord(x: number): number {
  f64[0] = x;
  return words[0]!;
}

/** x with its high word replaced (SET_HIGH_WORD). */
export function withHighWord(x: number, high: number): number {
  f64[0] = x;
  words[1] = high;
  return f64[0]!;
}

/** x with its low word replaced (SET_LOW_WORD). */
export function withLowWord(x: number, low: number): number {
  f64[0] = x;
  words[0] = low;
  return f64[0]!;
}

/** The double with words (high, low) (INSERT_WORDS). */
export function fromWords(high: number, low: number): number {
  words[1] = high;
  words[0] = low;
  return f64[0]!;
}
