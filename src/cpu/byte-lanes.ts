// Byte-lane operations on one int32 word (four bytes at once, "SIMD within a register"): the
// semantics of pcmpeqb and pmovmskb written once, for the interpreter's handlers (./sse-int.ts)
// and the code generator's templates (./jit/sse-templates.ts), which call these functions from
// generated code. A 16-byte XMM register is four such words (little-endian: byte 0 is the low
// byte of word 0).

/** 0xff in each byte where the bytes of `a` and `b` are equal, 0 elsewhere (pcmpeqb on 4 lanes). */
export function equalBytes32(a: number, b: number): number {
  const x = a ^ b;
  // Bit 7 of each byte of `nonZero` is set when that byte of x is non-zero: adding 0x7f to its
  // low 7 bits carries into bit 7 unless they are all 0 (never into the next byte: 0x7f + 0x7f
  // < 0x100), and OR-ing x adds its own bit 7.
  const nonZero = (((x & 0x7f7f7f7f) + 0x7f7f7f7f) | x) & 0x80808080;
  const zeroHigh = ~nonZero & 0x80808080;
  return ((zeroHigh >>> 7) * 0xff) | 0;
}

/** The sign bits of the four bytes of `w` as bits 0–3 (pmovmskb on 4 lanes). */
export function byteSigns32(w: number): number {
  // Bits 7, 15, 23, 31 moved to 0, 8, 16, 24, then multiplied by 1 + 2^7 + 2^14 + 2^21: the copies
  // of bit 0 << 21, bit 8 << 14, bit 16 << 7 and bit 24 land on bits 21–24 (no two products share
  // a bit position, so nothing carries).
  return (Math.imul((w >>> 7) & 0x01010101, 0x204081) >>> 21) & 0xf;
}

/** pmovmskb: the sign bits of the 16 bytes of a register given as its four words. */
export function moveMaskBytes(w0: number, w1: number, w2: number, w3: number): number {
  return byteSigns32(w0) | (byteSigns32(w1) << 4) | (byteSigns32(w2) << 8) | (byteSigns32(w3) << 12);
}

/**
 * punpcklbw on 16 bits: the two low bytes of `a` and of `b` interleaved into one word (a0 b0 a1
 * b1, low byte first). Word k of the result is this of the k-th 16-bit halves of the operands.
 */
export function interleaveBytes16(a: number, b: number): number {
  return (a & 0xff) | ((b & 0xff) << 8) | ((a & 0xff00) << 8) | ((b & 0xff00) << 16);
}
