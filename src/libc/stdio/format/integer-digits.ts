// Digits of a 64-bit unsigned integer held as two 32-bit halves (no BigInt on this hot path).

const TWO_32 = 4294967296;
const LOWER = '0123456789abcdef';
const UPPER = '0123456789ABCDEF';
const LOWER_CODES = Uint8Array.from(LOWER, (c) => c.charCodeAt(0));
const UPPER_CODES = Uint8Array.from(UPPER, (c) => c.charCodeAt(0));

/**
 * Writes high * 2^32 + low in `base` (2, 8, 10 or 16) into buffer[..end), right-aligned, and
 * returns the index of the first digit. Zero prints as "0".
 */
export function formatUnsigned64(
  high: number,
  low: number,
  base: number,
  upper: boolean,
  buffer: Uint8Array,
  end: number,
): number {
  const digits = upper ? UPPER_CODES : LOWER_CODES;
  let i = end;
  if (base === 10) {
    if (high < 0x200000) {
      // Below 2^53: exact as a double.
      let value = high * TWO_32 + low;
      do {
        const q = Math.floor(value / 10);
        buffer[--i] = digits[value - q * 10];
        value = q;
      } while (value !== 0);
      return i;
    }
    // Split off the low nine digits: (high * 2^32 + low) = q * 10^9 + r, by 16-bit steps.
    const upperPart = Math.floor(high / 1e9);
    let remainder = high - upperPart * 1e9;
    const mid = remainder * 65536 + (low >>> 16);
    const midQuotient = Math.floor(mid / 1e9);
    remainder = mid - midQuotient * 1e9;
    const bottom = remainder * 65536 + (low & 0xffff);
    const bottomQuotient = Math.floor(bottom / 1e9);
    let chunk = bottom - bottomQuotient * 1e9;
    // quotient = upperPart * 2^32 + midQuotient * 2^16 + bottomQuotient (< 2^35: exact)
    let quotient = upperPart * TWO_32 + midQuotient * 65536 + bottomQuotient;
    for (let k = 0; k < 9; k++) {
      const q = Math.floor(chunk / 10);
      buffer[--i] = digits[chunk - q * 10];
      chunk = q;
    }
    do {
      const q = Math.floor(quotient / 10);
      buffer[--i] = digits[quotient - q * 10];
      quotient = q;
    } while (quotient !== 0);
    return i;
  }
  const bits = base === 16 ? 4 : base === 8 ? 3 : 1;
  const mask = base - 1;
  let h = high >>> 0;
  let l = low >>> 0;
  do {
    buffer[--i] = digits[l & mask];
    l = ((l >>> bits) | (h << (32 - bits))) >>> 0;
    h >>>= bits;
  } while (h !== 0 || l !== 0);
  return i;
}
