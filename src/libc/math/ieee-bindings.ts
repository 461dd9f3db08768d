// The guest entry points of the IEEE 754 / TS 18661 functions (./ieee-functions.ts,
// ./narrowing.ts, ./next-toward.ts): arguments and results as raw bits in xmm registers, memory
// or rax, so NaN payloads pass untouched; errno and exactly the flags the core reported.
import type { Cpu } from '../../cpu/cpu.ts';
import { Gpr } from '../../cpu/cpu.ts';
import type { CallFrame } from '../abi/call-frame.ts';
import type { FunctionTable, LibcFunction } from '../exports/binding-types.ts';
import { checkRead, checkWrite, cString } from '../runtime/guest-access.ts';
import type { LibcProcess } from '../runtime/libc-process.ts';
import { mathStatus } from './exact.ts';
import { raiseSse } from './fenv.ts';
import { readFloat80 } from './float80.ts';
import { BINARY32, BINARY64, type IeeeFormat } from './ieee-bits.ts';
import {
  canonical,
  EXTREMA,
  fromFp,
  getPayload,
  llogb,
  nanFromTag,
  nextDown,
  nextUp,
  scalb,
  setPayload,
  significand,
  totalOrder,
  totalOrderMagnitude,
} from './ieee-functions.ts';
import { begin } from './math-binding.ts';
import { type NarrowOperation, narrow } from './narrowing.ts';
import { nextToward } from './next-toward.ts';

/** xmm register i's low lane as bits of the format. */
function xmmBits(cpu: Cpu, f: IeeeFormat, i: number): bigint {
  const lanes = cpu.xmmU32;
  if (f === BINARY32) return BigInt(lanes[4 * i]!);
  return (BigInt(lanes[4 * i + 1]!) << 32n) | BigInt(lanes[4 * i]!);
}

function returnBits(cpu: Cpu, f: IeeeFormat, bits: bigint): void {
  const lanes = cpu.xmmU32;
  lanes[0] = Number(bits & 0xffffffffn);
  if (f === BINARY64) lanes[1] = Number(bits >> 32n);
}

function returnLong(cpu: Cpu, value: bigint): void {
  const bits = BigInt.asUintN(64, value);
  cpu.gpr[2 * Gpr.RAX] = Number(bits & 0xffffffffn) | 0;
  cpu.gpr[2 * Gpr.RAX + 1] = Number(bits >> 32n) | 0;
}

function loadBits(f: CallFrame, format: IeeeFormat, address: number): bigint {
  const bytes = format === BINARY32 ? 4 : 8;
  checkRead(f.memory, address, bytes);
  const v = f.memory.view;
  return format === BINARY32 ? BigInt(v.getUint32(address, true)) : v.getBigUint64(address, true);
}

function storeBits(f: CallFrame, format: IeeeFormat, address: number, bits: bigint): void {
  const bytes = format === BINARY32 ? 4 : 8;
  checkWrite(f.memory, address, bytes);
  const v = f.memory.view;
  if (format === BINARY32) v.setUint32(address, Number(bits), true);
  else v.setBigUint64(address, bits, true);
}

/** errno and the flags the core reported. */
function complete(f: CallFrame, libc: LibcProcess, name: string): void {
  if (mathStatus.errno !== 0) libc.errno = mathStatus.errno;
  raiseSse(f.cpu, mathStatus.exceptions, name);
}

/** A call: begin, compute (writing its results), complete; `value` is rax when a number. */
function entry(name: string, body: (f: CallFrame) => number | undefined): LibcFunction {
  return (f, libc) => {
    begin(f.cpu);
    const value = body(f);
    complete(f, libc, name);
    return value;
  };
}

/**
 * Adds the _FloatN names glibc gives the same code to entries added since `before` was taken:
 * Nf32 for a float form Nf, Nf64 and Nf32x for a double form N (a name glibc does not define is
 * never exported). A versioned key ("totalorderf@GLIBC_2.25") gets its aliases' old version,
 * GLIBC_2.27.
 */
function addFloatNAliases(table: Record<string, LibcFunction>, before: Set<string>, isFloat: boolean): void {
  for (const [key, fn] of Object.entries(table)) {
    if (before.has(key)) continue;
    const [name, version] = key.split('@') as [string, string | undefined];
    const at = version === undefined ? '' : '@GLIBC_2.27';
    if (isFloat) table[`${name.slice(0, -1)}f32${at}`] = fn;
    else {
      table[`${name}f64${at}`] = fn;
      table[`${name}f32x${at}`] = fn;
    }
  }
}

function buildTable(): { functions: FunctionTable; byValueTotalOrder: Record<string, LibcFunction> } {
  const t: Record<string, LibcFunction> = {};
  const byValue: Record<string, LibcFunction> = {};
  for (const [suffix, fmt] of [
    ['', BINARY64],
    ['f', BINARY32],
  ] as const) {
    const before = new Set(Object.keys(t));
    const beforeByValue = new Set(Object.keys(byValue));
    const unary = (name: string, fn: (f: IeeeFormat, x: bigint) => bigint): void => {
      t[`${name}${suffix}`] = entry(`${name}${suffix}`, (f) => {
        returnBits(f.cpu, fmt, fn(fmt, xmmBits(f.cpu, fmt, 0)));
        return undefined;
      });
    };
    const binary = (name: string, fn: (f: IeeeFormat, x: bigint, y: bigint) => bigint): void => {
      t[`${name}${suffix}`] = entry(`${name}${suffix}`, (f) => {
        returnBits(f.cpu, fmt, fn(fmt, xmmBits(f.cpu, fmt, 0), xmmBits(f.cpu, fmt, 1)));
        return undefined;
      });
    };
    t[`nan${suffix}`] = entry(`nan${suffix}`, (f) => {
      returnBits(f.cpu, fmt, nanFromTag(fmt, cString(f.memory, f.ptr(0))));
      return undefined;
    });
    unary('nextup', nextUp);
    unary('nextdown', nextDown);
    unary('significand', significand);
    binary('scalb', scalb);
    for (const [name, fn] of Object.entries(EXTREMA)) binary(name, fn);
    t[`llogb${suffix}`] = entry(`llogb${suffix}`, (f) => {
      returnLong(f.cpu, llogb(fmt, xmmBits(f.cpu, fmt, 0)));
      return undefined;
    });
    // canonicalize(T *cx, const T *x)
    t[`canonicalize${suffix}`] = entry(`canonicalize${suffix}`, (f) => {
      storeBits(f, fmt, f.ptr(0), canonical(fmt, loadBits(f, fmt, f.ptr(1))));
      return 0;
    });
    // getpayload(const T *x)
    t[`getpayload${suffix}`] = entry(`getpayload${suffix}`, (f) => {
      returnBits(f.cpu, fmt, getPayload(fmt, loadBits(f, fmt, f.ptr(0))));
      return undefined;
    });
    // setpayload(T *res, T payload), setpayloadsig
    for (const signaling of [false, true]) {
      const name = `setpayload${signaling ? 'sig' : ''}${suffix}`;
      t[name] = entry(name, (f) => {
        const { result, status } = setPayload(fmt, xmmBits(f.cpu, fmt, 0), signaling);
        storeBits(f, fmt, f.ptr(0), result);
        return status;
      });
    }
    // totalorder(const T *x, const T *y) since GLIBC_2.31; by value before.
    for (const [name, order] of [
      ['totalorder', totalOrder],
      ['totalordermag', totalOrderMagnitude],
    ] as const) {
      t[`${name}${suffix}`] = (f) => order(fmt, loadBits(f, fmt, f.ptr(0)), loadBits(f, fmt, f.ptr(1)));
      byValue[`${name}${suffix}@GLIBC_2.25`] = (f) => order(fmt, xmmBits(f.cpu, fmt, 0), xmmBits(f.cpu, fmt, 1));
    }
    // fromfp(T x, int round, unsigned width) → intmax_t, and its forms.
    for (const unsigned of [false, true])
      for (const inexact of [false, true]) {
        const name = `${unsigned ? 'u' : ''}fromfp${inexact ? 'x' : ''}${suffix}`;
        t[name] = entry(name, (f) => {
          returnLong(f.cpu, fromFp(fmt, { unsigned, inexact }, xmmBits(f.cpu, fmt, 0), f.int(0), f.uint(1)));
          return undefined;
        });
      }
    // nexttoward(T x, long double y): y in memory above the return address.
    t[`nexttoward${suffix}`] = entry(`nexttoward${suffix}`, (f) => {
      returnBits(f.cpu, fmt, nextToward(fmt, xmmBits(f.cpu, fmt, 0), readFloat80(f.memory.view, f.sp + 8)));
      return undefined;
    });
    addFloatNAliases(t, before, suffix === 'f');
    addFloatNAliases(byValue, beforeByValue, suffix === 'f');
  }
  const operands: Record<NarrowOperation, number> = { add: 2, sub: 2, mul: 2, div: 2, sqrt: 1, fma: 3 };
  for (const [op, count] of Object.entries(operands) as [NarrowOperation, number][]) {
    // f32xsqrtf64 and f32xfmaf64 are glibc's sqrt and fma themselves.
    const targets = op === 'sqrt' || op === 'fma' ? [BINARY32] : [BINARY32, BINARY64];
    for (const target of targets) {
      const name = target === BINARY32 ? `f${op}` : `f32x${op}f64`;
      t[name] = entry(name, (f) => {
        const args: bigint[] = [];
        for (let i = 0; i < count; i++) args.push(xmmBits(f.cpu, BINARY64, i));
        returnBits(f.cpu, target, narrow(op, args, target));
        return undefined;
      });
    }
    // The _FloatN names of the float-result forms.
    t[`f32${op}f64`] = t[`f${op}`]!;
    t[`f32${op}f32x`] = t[`f${op}`]!;
  }
  return { functions: t, byValueTotalOrder: byValue };
}

const built = buildTable();
export const IEEE_FUNCTIONS: FunctionTable = built.functions;
/** totalorder, totalordermag and their f forms at GLIBC_2.25, which took their arguments by value. */
export const BY_VALUE_TOTAL_ORDER: Readonly<Record<string, LibcFunction>> = built.byValueTotalOrder;
