// strtol, strtoul and their long long / intmax_t twins, atoi/atol/atoll, as glibc 2.36 parses:
// leading isspace, an optional sign, base 0 (0x -> 16, 0 -> 8, else 10) or 2..36 with an optional
// 0x for base 16, overflow -> ERANGE and clamping, no digits -> 0 with the end at the start
// ("0x" alone parses the 0 and ends at the x). 64-bit values are kept as two 32-bit halves.

/** Result of one integer parse; reused between calls. */
export class IntegerParse {
  /** The 64-bit result as unsigned halves (two's complement for negative signed results). */
  high = 0;
  low = 0;
  /** Offset where parsing stopped (the endptr), or -1 when glibc leaves *endptr untouched (bad base). */
  end = 0;
  /** errno to set, or 0 (ERANGE on overflow, EINVAL for a bad base). */
  errno = 0;

  /** The result as a JS number when it fits exactly (tests, small values). */
  toNumber(signed: boolean): number {
    if (signed && this.high >= 0x80000000)
      return -((0xffffffff - this.high) * 4294967296 + (0xffffffff - this.low) + 1);
    return this.high * 4294967296 + this.low;
  }
}

const ERANGE = 34;
const EINVAL = 22;
const TWO_32 = 4294967296;

/** isspace in the C locales. */
export function isCSpace(c: number): boolean {
  return c === 0x20 || (c >= 0x09 && c <= 0x0d);
}

/** Value of an alphanumeric digit (0-35), or 99. */
export function digitValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  const lower = c | 0x20;
  if (lower >= 0x61 && lower <= 0x7a) return lower - 0x61 + 10;
  return 99;
}

/**
 * Parses an integer at bytes[start..] (NUL-terminated). `signed` selects strtol semantics
 * (clamp to [INT64_MIN, INT64_MAX]) versus strtoul (clamp to UINT64_MAX, '-' negates).
 */
export function parseInteger(bytes: Uint8Array, start: number, base: number, signed: boolean, out: IntegerParse): void {
  out.errno = 0;
  out.high = 0;
  out.low = 0;
  if (base < 0 || base === 1 || base > 36) {
    out.errno = EINVAL;
    out.end = -1;
    return;
  }
  let i = start;
  while (isCSpace(bytes[i])) i++;
  let negative = false;
  if (bytes[i] === 0x2d) {
    negative = true;
    i++;
  } else if (bytes[i] === 0x2b) {
    i++;
  }
  if (bytes[i] === 0x30) {
    if ((base === 0 || base === 16) && (bytes[i + 1] | 0x20) === 0x78) {
      i += 2;
      base = 16;
    } else if (base === 0) {
      base = 8;
    }
  } else if (base === 0) {
    base = 10;
  }
  const digitsStart = i;
  let high = 0;
  let low = 0;
  let overflow = false;
  for (;;) {
    const d = digitValue(bytes[i]);
    if (d >= base) break;
    i++;
    if (overflow) continue;
    const lowProduct = low * base + d;
    const carry = Math.floor(lowProduct / TWO_32);
    const newHigh = high * base + carry;
    if (newHigh >= TWO_32) {
      overflow = true;
      continue;
    }
    high = newHigh;
    low = lowProduct - carry * TWO_32;
  }
  if (i === digitsStart) {
    // No digits: "0x" followed by a non-hex-digit parsed as "0" ending at the 'x'.
    if (i - start >= 2 && (bytes[i - 1] | 0x20) === 0x78 && bytes[i - 2] === 0x30) out.end = i - 1;
    else out.end = start;
    return;
  }
  out.end = i;
  if (signed) {
    // Magnitude limit: 2^63 - 1, or 2^63 for negative values.
    if (!overflow) {
      overflow = negative ? high > 0x80000000 || (high === 0x80000000 && low !== 0) : high >= 0x80000000;
    }
    if (overflow) {
      out.errno = ERANGE;
      out.high = negative ? 0x80000000 : 0x7fffffff;
      out.low = negative ? 0 : 0xffffffff;
      return;
    }
  } else if (overflow) {
    out.errno = ERANGE;
    out.high = 0xffffffff;
    out.low = 0xffffffff;
    return;
  }
  if (negative) {
    low = (~low + 1) >>> 0;
    high = (~high + (low === 0 ? 1 : 0)) >>> 0;
  }
  out.high = high >>> 0;
  out.low = low >>> 0;
}
