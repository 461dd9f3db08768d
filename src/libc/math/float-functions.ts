// The float transcendental functions' libm entries (spread into math-functions.ts's table).

import type { Cpu } from '../../cpu/cpu.ts';
import type { FunctionTable, LibcFunction } from '../exports/binding-types.ts';
import { checkWrite } from '../runtime/guest-access.ts';
import { floatBits, floatFromBits } from './bit-views.ts';
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
import { begin, finish, floatUnary, returnNaN } from './math-binding.ts';

/**
 * A float function of two arguments that reads their bits from xmm0/xmm1 itself: a signaling NaN
 * must stay one (powf(1, sNaN), hypotf(inf, sNaN)). `nanOf` gives a NaN result its bits.
 */
function floatBinaryBits(
  name: string,
  fn: (xBits: number, yBits: number) => number,
  nanOf: (cpu: Cpu) => void = (cpu) => returnNaN(cpu, true, 2),
): LibcFunction {
  return (f, libc) => {
    begin(f.cpu);
    const lanes = f.cpu.xmmU32;
    const r = Math.fround(fn(lanes[0]!, lanes[4]!));
    if (Number.isNaN(r)) nanOf(f.cpu);
    else f.returnFloat(r);
    finish(f, libc, r, name);
    return undefined;
  };
}

function isSignaling(bits: number): boolean {
  return (bits & 0x7fffffff) > 0x7f800000 && (bits & 0x400000) === 0;
}

/**
 * The NaN of glibc's "a + b" on two arguments (a, b: argument numbers), as SSE's addss gives it:
 * a's bits quieted when a is a NaN, else b's; invalid when either is a signaling NaN.
 */
function sumNaN(a: number, b: number): (cpu: Cpu) => void {
  return (cpu) => {
    const lanes = cpu.xmmU32;
    const aBits = lanes[4 * a]!;
    const bBits = lanes[4 * b]!;
    if (isSignaling(aBits) || isSignaling(bBits)) mathStatus.exceptions |= FE_INVALID;
    lanes[0] = ((aBits & 0x7fffffff) > 0x7f800000 ? aBits : bBits) | 0x400000;
  };
}

const powfEntry = floatBinaryBits('powf', powfBits);
/** hypotf's NaN is x + y; atan2f(y, x)'s is x + y too, its second argument first. */
const hypotfEntry = floatBinaryBits('hypotf', hypotfBits, sumNaN(0, 1));
const atan2fEntry = floatBinaryBits(
  'atan2f',
  (yBits, xBits) => atan2f(floatFromBits(yBits), floatFromBits(xBits)),
  sumNaN(1, 0),
);

/**
 * asinf and acosf: their compat wrappers answer |x| > 1 with __kernel_standard_f's NAN, positive
 * (0x7fc00000), not the default NaN SSE arithmetic makes.
 */
function domainNaNUnary(name: string, fn: (x: number) => number): LibcFunction {
  return (f, libc) => {
    begin(f.cpu);
    const x = f.float(0);
    const r = Math.fround(fn(x));
    if (Number.isNaN(r) && !Number.isNaN(x)) f.cpu.xmmU32[0] = 0x7fc00000;
    else if (Number.isNaN(r)) returnNaN(f.cpu, true, 1);
    else f.returnFloat(r);
    finish(f, libc, r, name);
    return undefined;
  };
}

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

const entries: Record<string, LibcFunction> = {
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
  atan2f: atan2fEntry,
  asinf: domainNaNUnary('asinf', asinf),
  acosf: domainNaNUnary('acosf', acosf),
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

/** The _Float32 names (GLIBC_2.27) glibc gives the same code as these float functions. */
for (const name of [
  'atanf',
  'atan2f',
  'asinf',
  'acosf',
  'asinhf',
  'acoshf',
  'atanhf',
  'tanf',
  'erff',
  'erfcf',
  'cbrtf',
]) {
  entries[`${name}32`] = entries[name]!;
}
entries.exp10f32 = entries.exp10f!;
entries.hypotf32 = entries.hypotf!;

export const FLOAT_FUNCTIONS: FunctionTable = entries;
