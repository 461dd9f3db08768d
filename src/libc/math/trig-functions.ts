// The double trigonometric libm functions (sin, cos, sincos, tan, atan, atan2, asin, acos), by
// name: spread into MATH_FUNCTIONS (./math-functions.ts).
import type { FunctionTable, LibcFunction } from '../exports/binding-types.ts';
import { checkWrite } from '../runtime/guest-access.ts';
import { acos, asin } from './asin-acos.ts';
import { atan } from './atan.ts';
import { atan2 } from './atan2.ts';
import { EDOM, mathStatus } from './exact.ts';
import { FE_INVALID } from './fenv.ts';
import { begin, finish } from './math-binding.ts';
import { doubleBinaryQuietingSignaling, doubleUnaryQuietingSignaling, hasSignalingNaN } from './signaling-nan.ts';
import { cos, sin, sincos, sincosCos } from './sin-cos.ts';
import { tan } from './tan.ts';

/** Stores a double result, or for NaN the given bits (a JavaScript NaN does not keep its payload). */
function storeResult(view: DataView, at: number, value: number, nanLow: number, nanHigh: number): void {
  if (Number.isNaN(value)) {
    view.setUint32(at, nanLow, true);
    view.setUint32(at + 4, nanHigh, true);
  } else view.setFloat64(at, value, true);
}

/**
 * sincos(x, sinp, cosp) stores both results through the pointers. A NaN result has the bits of
 * glibc's "x / x": the argument quieted (invalid for a signaling one), or the default NaN from an
 * infinity.
 */
const sincosEntry: LibcFunction = (f, libc) => {
  begin(f.cpu);
  const lanes = f.cpu.xmmU32;
  const low = lanes[0]!;
  const high = lanes[1]!;
  const magnitude = high & 0x7fffffff;
  const argumentIsNaN = magnitude > 0x7ff00000 || (magnitude === 0x7ff00000 && low !== 0);
  const s = argumentIsNaN ? Number.NaN : sincos(f.double(0));
  const c = argumentIsNaN ? Number.NaN : sincosCos;
  let nanHigh = 0xfff80000;
  let nanLow = 0;
  if (argumentIsNaN) {
    if ((high & 0x80000) === 0) mathStatus.exceptions |= FE_INVALID;
    nanHigh = high | 0x80000;
    nanLow = low;
  }
  const sinAt = f.ptr(0);
  const cosAt = f.ptr(1);
  checkWrite(libc.memory, sinAt, 8);
  checkWrite(libc.memory, cosAt, 8);
  const view = libc.memory.view;
  storeResult(view, sinAt, s, nanLow, nanHigh);
  storeResult(view, cosAt, c, nanLow, nanHigh);
  finish(f, libc, s, 'sincos');
  return undefined;
};

const tanQuietingSignaling = doubleUnaryQuietingSignaling('tan', tan);
/**
 * tan: glibc's test for an infinite argument looks at the high word only, so a signaling NaN
 * whose payload is all in the low word (0x7ff00000 xxxxxxxx) sets EDOM too, as natively.
 */
const tanEntry: LibcFunction = (f, libc) => {
  const high = f.cpu.xmmU32[1]!;
  tanQuietingSignaling(f, libc);
  if ((high & 0x7fffffff) === 0x7ff00000) libc.errno = EDOM;
  return undefined;
};

const atan2Quieting = doubleBinaryQuietingSignaling('atan2', atan2);
/**
 * atan2(y, x): a NaN x returns glibc's "x + y", whose SSE result is x's NaN (quieted) even when y
 * is a NaN too (the generic binding would take the first argument's); invalid for a signaling one.
 */
const atan2Entry: LibcFunction = (f, libc) => {
  const lanes = f.cpu.xmmU32;
  const xLow = lanes[4]!;
  const xHigh = lanes[5]!;
  const xMagnitude = xHigh & 0x7fffffff;
  if (xMagnitude > 0x7ff00000 || (xMagnitude === 0x7ff00000 && xLow !== 0)) {
    begin(f.cpu);
    if (hasSignalingNaN(f.cpu, 2)) mathStatus.exceptions |= FE_INVALID;
    lanes[0] = xLow;
    lanes[1] = xHigh | 0x80000;
    finish(f, libc, Number.NaN, 'atan2');
    return undefined;
  }
  return atan2Quieting(f, libc);
};

type Unary = (x: number) => number;

/**
 * asin and acos. |x| > 1 (infinities too): the compat wrappers (w_asin_compat.c) raise invalid
 * and return __kernel_standard's NAN, positive (0x7ff8000000000000), with EDOM; the
 * __asin_finite/__acos_finite entries (GLIBC_2.15, the bare e_asin.c code, recorded natively
 * through dlvsym) return inf/inf, the negative default NaN, with invalid and errno untouched.
 */
function asinAcosEntry(name: string, fn: Unary, wrapped: boolean): LibcFunction {
  const quieting = doubleUnaryQuietingSignaling(name, fn);
  return (f, libc) => {
    const lanes = f.cpu.xmmU32;
    const magnitude = lanes[1]! & 0x7fffffff;
    const beyondOne = magnitude > 0x3ff00000 || (magnitude === 0x3ff00000 && lanes[0] !== 0);
    const argumentIsNaN = magnitude > 0x7ff00000 || (magnitude === 0x7ff00000 && lanes[0] !== 0);
    if (!beyondOne || argumentIsNaN) return quieting(f, libc);
    begin(f.cpu);
    mathStatus.exceptions |= FE_INVALID;
    if (wrapped) mathStatus.errno = EDOM;
    lanes[0] = 0;
    lanes[1] = wrapped ? 0x7ff80000 : 0xfff80000;
    finish(f, libc, Number.NaN, name);
    return undefined;
  };
}

export const TRIG_FUNCTIONS: FunctionTable = {
  sin: doubleUnaryQuietingSignaling('sin', sin),
  cos: doubleUnaryQuietingSignaling('cos', cos),
  sincos: sincosEntry,
  tan: tanEntry,
  atan: doubleUnaryQuietingSignaling('atan', atan),
  atan2: atan2Entry,
  __atan2_finite: atan2Entry,
  asin: asinAcosEntry('asin', asin, true),
  acos: asinAcosEntry('acos', acos, true),
  __asin_finite: asinAcosEntry('asin', asin, false),
  __acos_finite: asinAcosEntry('acos', acos, false),
};
