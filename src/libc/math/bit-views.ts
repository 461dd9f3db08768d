// The bit-level views of doubles and floats the libm algorithms share: glibc's code moves between
// a value and its bits (asuint64, asfloat…) at every step, fdlibm-derived code reads and writes a
// double's 32-bit halves (GET_HIGH_WORD, SET_HIGH_WORD, INSERT_WORDS), and the tables (read from
// libm.so.6 by tables/generate-*.py) are stored as 32-bit words, high word first. One shared
// scratch buffer per width, no allocation per call.

const f64 = new Float64Array(1);
const f64Words = new Uint32Array(f64.buffer);
const f32 = new Float32Array(1);
const f32Bits = new Uint32Array(f32.buffer);

/** Entry `i` of a table of doubles stored as (high, low) word pairs. */
export function tableDouble(table: Uint32Array, i: number): number {
  f64Words[1] = table[2 * i]!;
  f64Words[0] = table[2 * i + 1]!;
  return f64[0]!;
}

/** A float's bits (asuint), unsigned; `x` is rounded to float first. */
export function floatBits(x: number): number {
  f32[0] = x;
  return f32Bits[0]!;
}

/** The float with bits `bits` (asfloat). */
export function floatFromBits(bits: number): number {
  f32Bits[0] = bits;
  return f32[0]!;
}

/** The high word (sign, exponent, top 20 significand bits) as a signed int32, as fdlibm's int32_t. */
export function highWord(x: number): number {
  f64[0] = x;
  return f64Words[1]! | 0;
}

/** The low word, unsigned. */
export function lowWord(x: number): number {
  f64[0] = x;
  return f64Words[0]!;
}

/** x with its high word replaced (SET_HIGH_WORD). */
export function withHighWord(x: number, high: number): number {
  f64[0] = x;
  f64Words[1] = high;
  return f64[0]!;
}

/** x with its low word replaced (SET_LOW_WORD). */
export function withLowWord(x: number, low: number): number {
  f64[0] = x;
  f64Words[0] = low;
  return f64[0]!;
}

/** The double with words (high, low) (INSERT_WORDS). */
export function fromWords(high: number, low: number): number {
  f64Words[1] = high;
  f64Words[0] = low;
  return f64[0]!;
}
