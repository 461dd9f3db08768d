// How a libm function meets the guest: arguments from xmm registers (or integer registers and
// pointers), the SSE rounding mode into `mathStatus`, and afterwards errno (of the calling
// thread) and the exception flags the native code would have left in MXCSR.
//
// The functions themselves are plain (x: number) => number functions reporting through
// `mathStatus`: errno (0 = untouched) and `exceptions` (FE_* flags to raise). When a function sets
// errno but no flags, the flags glibc's error path raises with it are derived from the result:
// EDOM → invalid, ERANGE with an infinite result → overflow (or divide-by-zero from a finite pole,
// which then sets its own flag), ERANGE with a finite result → underflow.
import type { Cpu } from '../../cpu/cpu.ts';
import type { CallFrame } from '../abi/call-frame.ts';
import type { LibcFunction } from '../exports/binding-types.ts';
import type { LibcProcess } from '../runtime/libc-process.ts';
import { EDOM, ERANGE, mathStatus } from './exact.ts';
import { FE_INEXACT, FE_INVALID, FE_OVERFLOW, FE_UNDERFLOW, raiseSse, sseRoundingMode } from './fenv.ts';

export type Unary = (x: number) => number;
export type Binary = (x: number, y: number) => number;

/** Resets the status and reads the rounding mode; call before the function. */
export function begin(cpu: Cpu): void {
  mathStatus.errno = 0;
  mathStatus.exceptions = 0;
  mathStatus.roundingMode = sseRoundingMode(cpu);
}

/** Applies errno and exception flags after a call that returned `result`. */
export function finish(f: CallFrame, libc: LibcProcess, result: number, name: string): void {
  let flags = mathStatus.exceptions;
  const errno = mathStatus.errno;
  if (errno !== 0) {
    libc.errno = errno; // the calling thread's errno
    if (flags === 0) {
      if (errno === EDOM) flags = FE_INVALID;
      else if (errno === ERANGE) flags = Number.isFinite(result) ? FE_UNDERFLOW | FE_INEXACT : FE_OVERFLOW | FE_INEXACT;
    }
  }
  if (flags !== 0) raiseSse(f.cpu, flags, name);
}

/**
 * Returns a NaN result with the bits SSE arithmetic gives it: the first NaN argument quieted, or
 * the default NaN (negative) when the NaN was created from numbers. A signaling NaN argument
 * raises invalid, as the arithmetic on it does natively.
 */
export function returnNaN(cpu: Cpu, isFloat: boolean, operands: number): void {
  const lanes = cpu.xmmU32;
  if (isFloat) {
    for (let i = 0; i < operands; i++) {
      const b = lanes[4 * i]!;
      if ((b & 0x7fffffff) > 0x7f800000) {
        if ((b & 0x400000) === 0) mathStatus.exceptions |= FE_INVALID; // signaling NaN
        lanes[0] = b | 0x400000;
        return;
      }
    }
    lanes[0] = 0xffc00000;
    return;
  }
  for (let i = 0; i < operands; i++) {
    const hi = lanes[4 * i + 1]!;
    const lo = lanes[4 * i]!;
    if ((hi & 0x7fffffff) > 0x7ff00000 || ((hi & 0x7fffffff) === 0x7ff00000 && lo !== 0)) {
      if ((hi & 0x80000) === 0) mathStatus.exceptions |= FE_INVALID; // signaling NaN
      lanes[0] = lo;
      lanes[1] = hi | 0x80000;
      return;
    }
  }
  lanes[0] = 0;
  lanes[1] = 0xfff80000;
}

export function doubleUnary(name: string, fn: Unary): LibcFunction {
  return (f, libc) => {
    begin(f.cpu);
    const r = fn(f.double(0));
    if (Number.isNaN(r)) returnNaN(f.cpu, false, 1);
    else f.returnDouble(r);
    finish(f, libc, r, name);
    return undefined;
  };
}

export function doubleBinary(name: string, fn: Binary): LibcFunction {
  return (f, libc) => {
    begin(f.cpu);
    const r = fn(f.double(0), f.double(1));
    if (Number.isNaN(r)) returnNaN(f.cpu, false, 2);
    else f.returnDouble(r);
    finish(f, libc, r, name);
    return undefined;
  };
}

/** A float function computed by a function on doubles whose result is rounded once to float. */
export function floatUnary(name: string, fn: Unary): LibcFunction {
  return (f, libc) => {
    begin(f.cpu);
    const r = Math.fround(fn(f.float(0)));
    if (Number.isNaN(r)) returnNaN(f.cpu, true, 1);
    else f.returnFloat(r);
    finish(f, libc, r, name);
    return undefined;
  };
}

export function floatBinary(name: string, fn: Binary): LibcFunction {
  return (f, libc) => {
    begin(f.cpu);
    const r = Math.fround(fn(f.float(0), f.float(1)));
    if (Number.isNaN(r)) returnNaN(f.cpu, true, 2);
    else f.returnFloat(r);
    finish(f, libc, r, name);
    return undefined;
  };
}

/** A function returning a C long (lrint, lround…) or int (ilogb): rax holds the value. */
export function integerResult(name: string, fn: Unary, isFloat: boolean): LibcFunction {
  return (f, libc) => {
    begin(f.cpu);
    const r = fn(isFloat ? f.float(0) : f.double(0));
    f.setRax(r);
    finish(f, libc, 0, name);
    return undefined;
  };
}
