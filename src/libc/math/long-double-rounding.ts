// The long double roundings glibc 2.36 writes in x87 assembly (sysdeps/x86_64/fpu/s_floorl.S,
// s_ceill.S, s_truncl.S, s_nearbyintl.S, s_rintl.S): FRNDINT under a forced rounding control
// (floorl down, ceill up, truncl toward zero) or the current one (nearbyintl, rintl). All but
// rintl save the x87 environment around the FRNDINT and restore it with only the invalid flag
// kept (a signalling NaN's), so no inexact flag escapes; rintl raises what FRNDINT raises. The
// rounding is the CPU's own FRNDINT (its soft-float), on the value at 8(%rsp).
import { Rounding } from '../../float/exceptions.ts';
import type { CallFrame } from '../abi/call-frame.ts';
import type { FunctionTable } from '../exports/binding-types.ts';
import { float80, readFloat80 } from './float80.ts';

const FLAG_INVALID = 0x1;
const ALL_FLAGS = 0x3f;

function roundLongDouble(f: CallFrame, rounding: Rounding | undefined, keepFlags: number): undefined {
  const x = readFloat80(f.memory.view, f.sp + 8);
  const x87 = f.cpu.x87;
  const math = x87.math;
  const saved = math.rounding;
  if (rounding !== undefined) math.rounding = rounding;
  math.flags = 0;
  math.roundInt(x.signExponent, x.high, x.low);
  math.rounding = saved;
  x87.status |= math.flags & keepFlags;
  f.returnLongDouble(float80(math.se, math.hi, math.lo));
  return undefined;
}

export const LONG_DOUBLE_ROUNDING_FUNCTIONS: FunctionTable = {
  floorl: (f) => roundLongDouble(f, Rounding.Down, FLAG_INVALID),
  ceill: (f) => roundLongDouble(f, Rounding.Up, FLAG_INVALID),
  truncl: (f) => roundLongDouble(f, Rounding.TowardZero, FLAG_INVALID),
  nearbyintl: (f) => roundLongDouble(f, undefined, FLAG_INVALID),
  rintl: (f) => roundLongDouble(f, undefined, ALL_FLAGS),
};
