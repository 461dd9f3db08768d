// Exact decimal expansion of a binary floating-point value, the arithmetic behind %e %f %g.
//
// A finite value is mantissa * 2^exponent with a mantissa of up to 64 bits. Its integer part is an
// integer of up to 16448 bits (long double) and its fraction has at most 16445 + 64 significant
// bits; every binary fraction has a finite decimal expansion, so printf can print any precision
// exactly and round the last digit from the true remainder, as glibc's __printf_fp does.
//
// Integer part: limbs of 32 bits, turned into base-10^9 chunks by repeated division by 10^9.
// Fraction: a fixed-point number 0.f with its binary point at a limb boundary; multiplying it by
// 10^9 pushes the next nine decimal digits out of the top as the carry. Each multiplication
// also adds 9 trailing zero bits (10^9 = 2^9 * 5^9), so the low zero limbs are skipped.
// All limb products are split in 16-bit halves so every intermediate stays an exact double:
// no BigInt (V8 heap-allocates those) and no allocation per call: the scratch arrays are reused.
// One exception: a tiny value (1e-300, long double denormals) starts with hundreds or thousands of
// zero digits. Rather than pushing them out nine at a time, the fraction m / 2^s is rewritten as
// (m * 5^z) / 2^(s-z), which has the same digits after z leading zeros; 5^z is one BigInt
// exponentiation, far cheaper than z/9 passes over the limbs.

const CHUNK = 1_000_000_000;
const TWO_32 = 4294967296;
/** Enough limbs for the integer part or the fraction of any long double, with room for shifts. */
const MAX_LIMBS = 540;

/** The decimal digits of one value, as the float conversions consume them. */
export class DecimalExpansion {
  /** Digits of the integer part, most significant first, values 0-9; no leading zeros. */
  readonly integerDigits = new Uint8Array(MAX_LIMBS * 10);
  /** How many integer digits there are (0 when the integer part is 0). */
  integerLength = 0;

  private readonly integerLimbs = new Uint32Array(MAX_LIMBS);
  private readonly chunkScratch = new Uint32Array(MAX_LIMBS * 2);
  /** Fraction limbs, least significant first; value = sum(limb[i] * 2^(32*(i - fractionTop))). */
  private readonly fractionLimbs = new Uint32Array(MAX_LIMBS);
  /** Number of fraction limbs in use (the binary point is above limb fractionTop - 1). */
  private fractionTop = 0;
  /** Lowest limb that may be non-zero. */
  private fractionLow = 0;
  /** Zero digits at the start of the fraction that the fraction limbs no longer hold. */
  skippedZeros = 0;

  /**
   * Loads mantissa * 2^exponent, where mantissa = high * 2^32 + low (unsigned) is not zero.
   */
  load(high: number, low: number, exponent: number): void {
    this.integerLength = 0;
    this.fractionTop = 0;
    this.fractionLow = 0;
    this.skippedZeros = 0;
    if (exponent >= 0) {
      this.loadInteger(high, low, exponent);
      return;
    }
    const shift = -exponent;
    // The integer part is the mantissa shifted right; the fraction the bits shifted out.
    if (shift < 64) {
      let intHigh: number;
      let intLow: number;
      if (shift >= 32) {
        intHigh = 0;
        intLow = shift === 32 ? high : high >>> (shift - 32);
      } else {
        intHigh = high >>> shift;
        intLow = shift === 0 ? low : ((low >>> shift) | (high << (32 - shift))) >>> 0;
      }
      if (intHigh !== 0 || intLow !== 0) this.loadInteger(intHigh, intLow, 0);
    } else if (shift > 160) {
      // value < 2^(64 - shift): at least (shift - 64) * log10(2) - 1 leading zero digits.
      const zeros = Math.floor((shift - 64) * 0.30102999566398) - 2;
      if (zeros >= 18) {
        this.loadScaledFraction(high, low, shift, zeros);
        return;
      }
    }
    this.loadFraction(high, low, shift);
  }

  /** Loads (mantissa * 5^zeros) / 2^(shift - zeros), the fraction times 10^zeros. */
  private loadScaledFraction(high: number, low: number, shift: number, zeros: number): void {
    let scaled = ((BigInt(high) << 32n) | BigInt(low)) * 5n ** BigInt(zeros);
    const newShift = shift - zeros;
    const top = (newShift + 31) >>> 5;
    const align = top * 32 - newShift;
    scaled <<= BigInt(align);
    const limbs = this.fractionLimbs;
    let i = 0;
    while (scaled !== 0n) {
      limbs[i++] = Number(scaled & 0xffffffffn);
      scaled >>= 32n;
    }
    limbs.fill(0, i, top);
    this.fractionTop = top;
    this.fractionLow = 0;
    this.skippedZeros = zeros;
  }

  /** True when no fraction digits remain (all further digits are 0). */
  fractionIsZero(): boolean {
    const limbs = this.fractionLimbs;
    for (let i = this.fractionLow; i < this.fractionTop; i++) if (limbs[i] !== 0) return false;
    return true;
  }

  /** The next nine fraction digits as a number below 10^9. */
  nextFractionChunk(): number {
    const limbs = this.fractionLimbs;
    const top = this.fractionTop;
    let low = this.fractionLow;
    while (low < top && limbs[low] === 0) low++;
    this.fractionLow = low;
    let carry = 0;
    for (let i = low; i < top; i++) {
      const limb = limbs[i];
      // limb * 10^9 + carry, exactly: split limb in 16-bit halves.
      const highPart = (limb >>> 16) * CHUNK; // < 2^46
      const highQuotient = Math.floor(highPart / 65536);
      const lowSum = (highPart - highQuotient * 65536) * 65536 + (limb & 0xffff) * CHUNK + carry;
      const lowQuotient = Math.floor(lowSum / TWO_32);
      limbs[i] = lowSum - lowQuotient * TWO_32;
      carry = highQuotient + lowQuotient;
    }
    return carry;
  }

  private loadInteger(high: number, low: number, shift: number): void {
    const limbs = this.integerLimbs;
    // Place (high:low) << shift into limbs.
    const limbShift = shift >>> 5;
    const bitShift = shift & 31;
    limbs.fill(0, 0, limbShift + 3);
    if (bitShift === 0) {
      limbs[limbShift] = low;
      limbs[limbShift + 1] = high;
    } else {
      limbs[limbShift] = low << bitShift;
      limbs[limbShift + 1] = (high << bitShift) | (low >>> (32 - bitShift));
      limbs[limbShift + 2] = high >>> (32 - bitShift);
    }
    let count = limbShift + 3;
    while (count > 0 && limbs[count - 1] === 0) count--;
    // Small integers: one exact double conversion.
    if (count <= 1 || (count === 2 && limbs[1] < 0x200000)) {
      this.writeSmallInteger(count === 2 ? limbs[1] * TWO_32 + limbs[0] : limbs[0]);
      return;
    }
    // Repeated division by 10^9, collecting base-10^9 chunks least significant first.
    const chunks = this.chunkScratch;
    let chunkCount = 0;
    while (count > 0) {
      let remainder = 0;
      for (let i = count - 1; i >= 0; i--) {
        const limb = limbs[i];
        const upper = remainder * 65536 + (limb >>> 16); // < 10^9 * 2^16 < 2^46
        const upperQuotient = Math.floor(upper / CHUNK);
        const lower = (upper - upperQuotient * CHUNK) * 65536 + (limb & 0xffff);
        const lowerQuotient = Math.floor(lower / CHUNK);
        remainder = lower - lowerQuotient * CHUNK;
        limbs[i] = upperQuotient * 65536 + lowerQuotient;
      }
      chunks[chunkCount++] = remainder;
      while (count > 0 && limbs[count - 1] === 0) count--;
    }
    // Most significant chunk without leading zeros, the others as nine digits each.
    const digits = this.integerDigits;
    let length = 0;
    let first = chunks[chunkCount - 1];
    const firstStart = length;
    do {
      digits[length++] = first % 10;
      first = Math.floor(first / 10);
    } while (first !== 0);
    digits.subarray(firstStart, length).reverse();
    for (let c = chunkCount - 2; c >= 0; c--) {
      let chunk = chunks[c];
      for (let d = length + 8; d >= length; d--) {
        digits[d] = chunk % 10;
        chunk = Math.floor(chunk / 10);
      }
      length += 9;
    }
    this.integerLength = length;
  }

  private writeSmallInteger(value: number): void {
    const digits = this.integerDigits;
    let length = 0;
    while (value !== 0) {
      const quotient = Math.floor(value / 10);
      digits[length++] = value - quotient * 10;
      value = quotient;
    }
    digits.subarray(0, length).reverse();
    this.integerLength = length;
  }

  private loadFraction(high: number, low: number, shift: number): void {
    // The fraction is (mantissa mod 2^shift) / 2^shift. Store it as an integer over 2^(32*top),
    // i.e. shifted left by (32*top - shift) bits.
    const top = (shift + 31) >>> 5;
    const align = top * 32 - shift; // 0..31
    const limbs = this.fractionLimbs;
    limbs.fill(0, 0, top);
    // mantissa << align as three limbs m0 m1 m2 (96 bits), then keep only the bits below 2^(32*top).
    let m0: number;
    let m1: number;
    let m2: number;
    if (align === 0) {
      m0 = low;
      m1 = high;
      m2 = 0;
    } else {
      m0 = (low << align) >>> 0;
      m1 = ((high << align) | (low >>> (32 - align))) >>> 0;
      m2 = high >>> (32 - align);
    }
    if (top >= 1) limbs[0] = m0;
    if (top >= 2) limbs[1] = m1;
    if (top >= 3) limbs[2] = m2;
    this.fractionTop = top;
    this.fractionLow = 0;
  }
}
