// The exported names of the exactly-defined math.h functions (./exact.ts): double and float
// versions, the ones writing through a pointer (frexp, modf, remquo) and those returning
// integers (lrint, lround, ilogb). Float versions compute on the float's exact double value;
// every one of these operations is exact or rounds once, so rounding the result to float gives
// the float function's result (fdimf's overflow is judged after that rounding).
import type { CallFrame } from '../abi/call-frame.ts';
import type { FunctionTable, LibcFunction } from '../exports/binding-types.ts';
import type { LibcProcess } from '../runtime/libc-process.ts';
import { errorTerm, twoProduct, twoSum } from './error-free.ts';
import * as m from './exact.ts';
import { ERANGE, mathStatus } from './exact.ts';
import { FE_DIVBYZERO, FE_INEXACT, FE_INVALID, FE_UNDERFLOW } from './fenv.ts';
import {
  type Binary,
  begin,
  doubleBinary,
  doubleUnary,
  finish,
  floatBinary,
  floatUnary,
  integerResult,
  type Unary,
} from './math-binding.ts';

const TWO_63 = 2 ** 63;
const DBL_MIN = 2 ** -1022;
const FLT_MIN = 2 ** -126;

/** rint raises inexact when it changes the value (ROUNDSD without the precision-suppress bit). */
function rintInexact(round: Unary): Unary {
  return (x) => {
    const r = round(x);
    if (r !== x && !Number.isNaN(x)) mathStatus.exceptions |= FE_INEXACT;
    return r;
  };
}

/** lrint/llrint: CVTSD2SI raises inexact for a fraction and invalid out of range. */
function lrint(x: number): number {
  const r = m.rint(x);
  if (!(r >= -TWO_63 && r < TWO_63)) {
    mathStatus.exceptions |= FE_INVALID;
    return -TWO_63;
  }
  if (r !== x) mathStatus.exceptions |= FE_INEXACT;
  return r;
}

/** lround/llround: out of range is invalid (the conversion of glibc's last resort). */
function lround(x: number): number {
  const r = m.round(x);
  if (!(r >= -TWO_63 && r < TWO_63)) {
    mathStatus.exceptions |= FE_INVALID;
    return -TWO_63;
  }
  return r;
}

/** fdim's subtraction raises inexact when it rounds. */
function fdim(x: number, y: number): number {
  const r = m.fdim(x, y);
  if (r !== 0 && Number.isFinite(r)) {
    twoSum(x, -y);
    if (errorTerm !== 0) mathStatus.exceptions |= FE_INEXACT;
  }
  return r;
}

function fdimf(x: number, y: number): number {
  const wide = m.fdim(x, y);
  const r = Math.fround(wide);
  if (r === Number.POSITIVE_INFINITY && Number.isFinite(x) && Number.isFinite(y)) mathStatus.errno = ERANGE;
  else if (r !== 0 && Number.isFinite(r)) {
    twoSum(x, -y);
    if (errorTerm !== 0 || r !== wide) mathStatus.exceptions |= FE_INEXACT;
  }
  return r;
}

const TWO_200 = 2 ** 200;
/** sqrt raises inexact unless the root squares back to x exactly. */
function sqrt(x: number): number {
  const r = m.sqrt(x);
  if (x > 0 && Number.isFinite(x)) {
    // Scaling by an even power of two keeps the check's product out of the subnormal range.
    const scaled = x < 2 ** -900 ? x * TWO_200 * TWO_200 : x;
    const root = scaled === x ? r : r * TWO_200;
    if (twoProduct(root, root) !== scaled || errorTerm !== 0) mathStatus.exceptions |= FE_INEXACT;
  }
  return r;
}

/** sqrtf: a float's root rounded to float squares exactly in double. */
function sqrtf(x: number): number {
  const r = m.sqrtf(x);
  if (x > 0 && Number.isFinite(x) && r * r !== x) mathStatus.exceptions |= FE_INEXACT;
  return r;
}

/** logb(±0) is a pole: -inf with divide-by-zero (no errno in glibc). */
function logb(x: number): number {
  if (x === 0) mathStatus.exceptions |= FE_DIVBYZERO;
  return m.logb(x);
}

/** nextafter from zero lands on the smallest subnormal: underflow and inexact, no errno. */
function nextafter(x: number, y: number): number {
  const r = m.nextafter(x, y);
  if (x === 0 && r !== 0) mathStatus.exceptions |= FE_UNDERFLOW | FE_INEXACT;
  return r;
}

function nextafterf(x: number, y: number): number {
  const r = m.nextafterf(x, y);
  if (x === 0 && r !== 0) mathStatus.exceptions |= FE_UNDERFLOW | FE_INEXACT;
  return r;
}

/** frexp(x, int *exp). */
function frexpBinding(isFloat: boolean): LibcFunction {
  return (f: CallFrame, libc: LibcProcess) => {
    begin(f.cpu);
    const r = m.frexp(isFloat ? f.float(0) : f.double(0));
    f.memory.write32(f.ptr(0), m.lastExponent);
    if (isFloat) f.returnFloat(r);
    else f.returnDouble(r);
    finish(f, libc, r, isFloat ? 'frexpf' : 'frexp');
    return undefined;
  };
}

/** modf(x, double *integral) / modff(x, float *integral). */
function modfBinding(isFloat: boolean): LibcFunction {
  return (f: CallFrame, libc: LibcProcess) => {
    begin(f.cpu);
    const r = m.modf(isFloat ? f.float(0) : f.double(0));
    const address = f.ptr(0);
    if (isFloat) {
      f.memory.write32(address, floatBits(m.lastIntegral));
      f.returnFloat(r);
    } else {
      writeDouble(f, address, m.lastIntegral);
      f.returnDouble(r);
    }
    finish(f, libc, r, isFloat ? 'modff' : 'modf');
    return undefined;
  };
}

/** remquo(x, y, int *quo). */
function remquoBinding(isFloat: boolean): LibcFunction {
  return (f: CallFrame, libc: LibcProcess) => {
    begin(f.cpu);
    const r = isFloat ? m.remquo(f.float(0), f.float(1)) : m.remquo(f.double(0), f.double(1));
    f.memory.write32(f.ptr(0), m.lastQuotient);
    if (isFloat) f.returnFloat(r);
    else f.returnDouble(r);
    finish(f, libc, r, isFloat ? 'remquof' : 'remquo');
    return undefined;
  };
}

/** ldexp/scalbn(x, int n) and scalbln(x, long n). */
function scaleBinding(isFloat: boolean, longExponent: boolean, name: string): LibcFunction {
  return (f: CallFrame, libc: LibcProcess) => {
    begin(f.cpu);
    let n = longExponent ? f.long(0) : f.int(0);
    // Any |n| beyond 2^16 saturates the same way; keeps the exponent a small integer.
    n = Math.max(-65536, Math.min(65536, n));
    const x = isFloat ? f.float(0) : f.double(0);
    const r = isFloat ? m.scalbnf(x, n) : m.scalbn(x, n);
    // A subnormal result that lost bits raises underflow and inexact (without errno).
    if (r !== 0 && Math.abs(r) < (isFloat ? FLT_MIN : DBL_MIN) && m.scalbn(r, -n) !== x) {
      mathStatus.exceptions |= FE_UNDERFLOW | FE_INEXACT;
    }
    if (isFloat) f.returnFloat(r);
    else f.returnDouble(r);
    finish(f, libc, r, name);
    return undefined;
  };
}

const scratch = new DataView(new ArrayBuffer(8));
function floatBits(x: number): number {
  scratch.setFloat32(0, x, true);
  return scratch.getInt32(0, true);
}
function writeDouble(f: CallFrame, address: number, x: number): void {
  scratch.setFloat64(0, x, true);
  f.memory.write32(address, scratch.getInt32(0, true));
  f.memory.write32(address + 4, scratch.getInt32(4, true));
}

/** finite/isinf/isnan and their __ and f forms (int results). */
function classify(fn: Unary): { d: LibcFunction; f: LibcFunction } {
  return {
    d: (frame) => fn(frame.double(0)),
    f: (frame) => fn(frame.float(0)),
  };
}
const finite = classify((x) => (Number.isFinite(x) ? 1 : 0));
const isinf = classify((x) => (x === Number.POSITIVE_INFINITY ? 1 : x === Number.NEGATIVE_INFINITY ? -1 : 0));
const isnan = classify((x) => (Number.isNaN(x) ? 1 : 0));

const unary: Record<string, Unary> = {
  floor: m.floor,
  ceil: m.ceil,
  trunc: m.trunc,
  round: m.round,
  roundeven: m.roundeven,
  fabs: m.fabs,
  sqrt,
  logb,
  nearbyint: m.rint,
};
const binary: Record<string, Binary> = {
  fmod: m.fmod,
  remainder: m.remainder,
  drem: m.remainder,
  copysign: m.copysign,
  fmin: m.fmin,
  fmax: m.fmax,
};

function buildTable(): FunctionTable {
  const t: Record<string, LibcFunction> = {};
  for (const [name, fn] of Object.entries(unary)) {
    t[name] = doubleUnary(name, fn);
    if (name !== 'sqrt') t[`${name}f`] = floatUnary(`${name}f`, fn);
  }
  for (const [name, fn] of Object.entries(binary)) {
    t[name] = doubleBinary(name, fn);
    t[`${name}f`] = floatBinary(`${name}f`, fn);
  }
  t.sqrtf = floatUnary('sqrtf', sqrtf);
  t.rint = doubleUnary('rint', rintInexact(m.rint));
  t.rintf = floatUnary('rintf', rintInexact(m.rintf));
  t.nearbyintf = floatUnary('nearbyintf', m.rintf);
  t.fdim = doubleBinary('fdim', fdim);
  t.fdimf = floatBinary('fdimf', fdimf);
  t.nextafter = doubleBinary('nextafter', nextafter);
  t.nextafterf = floatBinary('nextafterf', nextafterf);
  for (const suffix of ['', 'f']) {
    const isFloat = suffix === 'f';
    t[`lrint${suffix}`] = integerResult(`lrint${suffix}`, lrint, isFloat);
    t[`llrint${suffix}`] = integerResult(`llrint${suffix}`, lrint, isFloat);
    t[`lround${suffix}`] = integerResult(`lround${suffix}`, lround, isFloat);
    t[`llround${suffix}`] = integerResult(`llround${suffix}`, lround, isFloat);
    t[`ilogb${suffix}`] = integerResult(`ilogb${suffix}`, m.ilogb, isFloat);
    t[`frexp${suffix}`] = frexpBinding(isFloat);
    t[`modf${suffix}`] = modfBinding(isFloat);
    t[`remquo${suffix}`] = remquoBinding(isFloat);
    t[`ldexp${suffix}`] = scaleBinding(isFloat, false, `ldexp${suffix}`);
    t[`scalbn${suffix}`] = scaleBinding(isFloat, false, `scalbn${suffix}`);
    t[`scalbln${suffix}`] = scaleBinding(isFloat, true, `scalbln${suffix}`);
  }
  Object.assign(t, {
    finite: finite.d,
    __finite: finite.d,
    finitef: finite.f,
    __finitef: finite.f,
    isinf: isinf.d,
    __isinf: isinf.d,
    isinff: isinf.f,
    __isinff: isinf.f,
    isnan: isnan.d,
    __isnan: isnan.d,
    isnanf: isnan.f,
    __isnanf: isnan.f,
  });
  return t;
}

export const EXACT_FUNCTIONS: FunctionTable = buildTable();
