// ldexpl (glibc 2.36: math/s_ldexp_template.c over sysdeps/x86_64/fpu/s_scalbnl.S): x · 2^n for
// a long double. A NaN, an infinity or a zero comes back as x + x (a signalling NaN quietened,
// with the invalid flag); otherwise the x87 FSCALE instruction computes the result — exact in
// range, rounded by the x87 rounding control when it overflows or becomes subnormal, with the
// flags FSCALE raises — and errno becomes ERANGE when the result is infinite or zero. The
// computation is the CPU's own FSCALE (its soft-float), so flags and rounding are the x87's.
import { Errno } from '../../kernel/errno.ts';
import type { FunctionTable } from '../exports/binding-types.ts';
import { FLOAT80_EXPONENT_BIAS, FLOAT80_EXPONENT_MASK, float80, readFloat80 } from './float80.ts';

/** Bit 30 of the significand's high word: set in a quiet NaN. */
const QUIET_BIT = 0x40000000;
/** The x87 status word's invalid-operation flag. */
const FLAG_INVALID = 0x1;

/** The int n as an x87 extended value [signExponent, high, low] (|n| ≤ 2^31 fits the high word). */
function extendedOfInt(n: number): [number, number, number] {
  if (n === 0) return [0, 0, 0];
  const magnitude = Math.abs(n);
  const exponent = Math.floor(Math.log2(magnitude));
  const high = (magnitude * 2 ** (31 - exponent)) >>> 0;
  return [(n < 0 ? 0x8000 : 0) | (FLOAT80_EXPONENT_BIAS + exponent), high, 0];
}

export const LDEXPL_FUNCTIONS: FunctionTable = {
  ldexpl: (f, libc) => {
    const x = readFloat80(libc.memory.view, f.sp + 8);
    const n = f.int(0);
    const biased = x.signExponent & FLOAT80_EXPONENT_MASK;
    const x87 = f.cpu.x87;
    if (biased === FLOAT80_EXPONENT_MASK) {
      // Infinity (significand 0x8000…) returns itself; a NaN returns quietened.
      const nan = (x.high & 0x7fffffff) !== 0 || x.low !== 0;
      if (nan && (x.high & QUIET_BIT) === 0) x87.status |= FLAG_INVALID;
      f.returnLongDouble(nan ? float80(x.signExponent, x.high | QUIET_BIT, x.low) : x);
      return undefined;
    }
    if (x.high === 0 && x.low === 0) {
      f.returnLongDouble(x);
      return undefined;
    }
    const [bSe, bHi, bLo] = extendedOfInt(n);
    const math = x87.math;
    math.flags = 0;
    math.scale(x.signExponent, x.high, x.low, bSe, bHi, bLo);
    x87.status |= math.flags & 0x3f;
    const result = float80(math.se, math.hi, math.lo);
    const resultBiased = result.signExponent & FLOAT80_EXPONENT_MASK;
    if (resultBiased === FLOAT80_EXPONENT_MASK || (result.high === 0 && result.low === 0)) libc.errno = Errno.ERANGE;
    f.returnLongDouble(result);
    return undefined;
  },
};
