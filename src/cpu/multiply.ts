// 64×64 → 128-bit multiplication on 16-bit limbs in doubles (exact, no BigInt), shared by the
// multiply instructions (./muldiv.ts) and the lazy flags of truncating multiplies (./flags.ts).

/** The four 32-bit words (little-endian) of the last 128-bit product. */
export const product = new Int32Array(4);

/** Unsigned 64×64 → 128-bit product into `product`. */
export function multiplyUnsigned64(aLo: number, aHi: number, bLo: number, bHi: number): void {
  const a0 = aLo & 0xffff;
  const a1 = aLo >>> 16;
  const a2 = aHi & 0xffff;
  const a3 = aHi >>> 16;
  const b0 = bLo & 0xffff;
  const b1 = bLo >>> 16;
  const b2 = bHi & 0xffff;
  const b3 = bHi >>> 16;
  // Column sums of 16-bit limbs: each below 2^35, exact.
  let c = a0 * b0;
  const r0 = c % 65536;
  c = Math.floor(c / 65536) + a0 * b1 + a1 * b0;
  const r1 = c % 65536;
  c = Math.floor(c / 65536) + a0 * b2 + a1 * b1 + a2 * b0;
  const r2 = c % 65536;
  c = Math.floor(c / 65536) + a0 * b3 + a1 * b2 + a2 * b1 + a3 * b0;
  const r3 = c % 65536;
  c = Math.floor(c / 65536) + a1 * b3 + a2 * b2 + a3 * b1;
  const r4 = c % 65536;
  c = Math.floor(c / 65536) + a2 * b3 + a3 * b2;
  const r5 = c % 65536;
  c = Math.floor(c / 65536) + a3 * b3;
  const r6 = c % 65536;
  const r7 = Math.floor(c / 65536);
  product[0] = r0 | (r1 << 16);
  product[1] = r2 | (r3 << 16);
  product[2] = r4 | (r5 << 16);
  product[3] = r6 | (r7 << 16);
}

/** Signed 64×64 → 128-bit product into `product`. */
export function multiplySigned64(aLo: number, aHi: number, bLo: number, bHi: number): void {
  multiplyUnsigned64(aLo, aHi, bLo, bHi);
  // Two's-complement correction of the high half: subtract b if a < 0, a if b < 0.
  let lo = product[2]! >>> 0;
  let hi = product[3]!;
  if (aHi < 0) {
    const s = lo - (bLo >>> 0);
    hi = (hi - bHi - (s < 0 ? 1 : 0)) | 0;
    lo = s >>> 0;
  }
  if (bHi < 0) {
    const s = lo - (aLo >>> 0);
    hi = (hi - aHi - (s < 0 ? 1 : 0)) | 0;
    lo = s >>> 0;
  }
  product[2] = lo;
  product[3] = hi;
}
