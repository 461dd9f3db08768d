// The float transcendental functions' libm entries (spread into math-functions.ts's table).
import type { FunctionTable, LibcFunction } from '../exports/binding-types.ts';
import { checkWrite } from '../runtime/guest-access.ts';
import { floatBits } from './bit-views.ts';
import { mathStatus } from './exact.ts';
import { FE_INVALID } from './fenv.ts';
import { cbrtf, hypotfBits } from './float-cbrt-hypot.ts';
import { erfcf, erff } from './float-erf.ts';
import { exp2f, exp10f, expf, log2f, logf, powfBits } from './float-exp-log.ts';
import { coshf, sinhf, tanhf } from './float-hyperbolic.ts';
import { acoshf, asinhf, atanhf } from './float-inverse-hyperbolic.ts';
import { acosf, asinf, atan2f, atanf } from './float-inverse-trig.ts';
import { expm1f, log1pf } from './float-log1p-expm1.ts';
import { log10fEntry } from './float-log10.ts';
import { tanf } from './float-tan.ts';
import { cosf, sincosf, sincosfCos, sinf } from './float-trig.ts';
import { begin, finish, floatBinary, floatUnary, returnNaN } from './math-binding.ts';

/**
 * A float function of two arguments that reads their bits from xmm0/xmm1 itself: a signaling NaN
 * must stay one (powf(1, sNaN), hypotf(inf, sNaN)).
 */
function floatBinaryBits(name: string, fn: (xBits: number, yBits: number) => number): LibcFunction {
  return (f, libc) => {
    begin(f.cpu);
    const lanes = f.cpu.xmmU32;
    const r = Math.fround(fn(lanes[0]!, lanes[4]!));
    if (Number.isNaN(r)) returnNaN(f.cpu, true, 2);
    else f.returnFloat(r);
    finish(f, libc, r, name);
    return undefined;
  };
}
const powfEntry = floatBinaryBits('powf', powfBits);
const hypotfEntry = floatBinaryBits('hypotf', hypotfBits);

/**
 * sincosf(x, sinp, cosp) stores both results through the pointers. A NaN result has the bits of
 * glibc's "y - y": the argument quieted (invalid for a signaling one), or the default NaN from an
 * infinity.
 */
const sincosfEntry: LibcFunction = (f, libc) => {
  begin(f.cpu);
  const s = sincosf(f.float(0));
  const c = sincosfCos;
  const argument = f.cpu.xmmU32[0]!;
  let nanBits = 0xffc00000;
  if ((argument & 0x7fffffff) > 0x7f800000) {
    if ((argument & 0x400000) === 0) mathStatus.exceptions |= FE_INVALID;
    nanBits = argument | 0x400000;
  }
  const view = libc.memory.view;
  const sinAt = f.ptr(0);
  const cosAt = f.ptr(1);
  checkWrite(libc.memory, sinAt, 4);
  checkWrite(libc.memory, cosAt, 4);
  view.setUint32(sinAt, Number.isNaN(s) ? nanBits : floatBits(s), true);
  view.setUint32(cosAt, Number.isNaN(c) ? nanBits : floatBits(c), true);
  finish(f, libc, s, 'sincosf');
  return undefined;
};

export const FLOAT_FUNCTIONS: FunctionTable = {
  expf: floatUnary('expf', expf),
  __expf_finite: floatUnary('expf', expf),
  exp2f: floatUnary('exp2f', exp2f),
  __exp2f_finite: floatUnary('exp2f', exp2f),
  logf: floatUnary('logf', logf),
  __logf_finite: floatUnary('logf', logf),
  log2f: floatUnary('log2f', log2f),
  __log2f_finite: floatUnary('log2f', log2f),
  powf: powfEntry,
  __powf_finite: powfEntry,
  sinf: floatUnary('sinf', sinf),
  cosf: floatUnary('cosf', cosf),
  sincosf: sincosfEntry,
  log1pf: floatUnary('log1pf', log1pf),
  expm1f: floatUnary('expm1f', expm1f),
  sinhf: floatUnary('sinhf', sinhf),
  __sinhf_finite: floatUnary('sinhf', sinhf),
  coshf: floatUnary('coshf', coshf),
  __coshf_finite: floatUnary('coshf', coshf),
  tanhf: floatUnary('tanhf', tanhf),
  log10f: log10fEntry,
  __log10f_finite: log10fEntry,
  atanf: floatUnary('atanf', atanf),
  atan2f: floatBinary('atan2f', atan2f),
  asinf: floatUnary('asinf', asinf),
  acosf: floatUnary('acosf', acosf),
  asinhf: floatUnary('asinhf', asinhf),
  acoshf: floatUnary('acoshf', acoshf),
  atanhf: floatUnary('atanhf', atanhf),
  tanf: floatUnary('tanf', tanf),
  erff: floatUnary('erff', erff),
  erfcf: floatUnary('erfcf', erfcf),
  cbrtf: floatUnary('cbrtf', cbrtf),
  exp10f: floatUnary('exp10f', exp10f),
  pow10f: floatUnary('exp10f', exp10f),
  hypotf: hypotfEntry,
};
