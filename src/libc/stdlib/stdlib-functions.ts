// stdlib.h beyond malloc: number parsing through the libc-core engines (./number-parsing/),
// qsort/bsearch (calling the guest comparator through the bridge's generators) and abs; the
// random() family is in ./random-functions.ts, drand48 in ./drand48-functions.ts.
import { guestCall, type HostGenerator } from '../abi/host-region.ts';
import type { FunctionTable } from '../exports/binding-types.ts';
import { checkWrite, cStringLength, storePointer } from '../runtime/guest-access.ts';
import type { LibcProcess } from '../runtime/libc-process.ts';
import { DOUBLE, EXTENDED, FloatParse, parseFloatNumber, SINGLE } from './number-parsing/strtod.ts';
import { IntegerParse, parseInteger } from './number-parsing/strtol.ts';

const integerParse = new IntegerParse();
const floatParse = new FloatParse();

/** strtol & co: parses the guest string, stores *endptr, sets errno; returns the 64-bit value. */
function strtoInteger(libc: LibcProcess, string: number, endPointer: number, base: number, signed: boolean): undefined {
  const memory = libc.memory;
  const length = cStringLength(memory, string);
  const bytes = memory.bytes.subarray(string, string + length + 1);
  parseInteger(bytes, 0, base, signed, integerParse);
  if (integerParse.errno !== 0) libc.errno = integerParse.errno;
  if (endPointer !== 0 && integerParse.end >= 0) storePointer(memory, endPointer, string + integerParse.end);
  libc.cpu.gpr[0] = integerParse.low | 0;
  libc.cpu.gpr[1] = integerParse.high | 0;
  return undefined;
}

/** strtod & co: the result goes to xmm0 (or st(0) for long double). */
function strtoFloat(libc: LibcProcess, string: number, endPointer: number, kind: 'f' | 'd' | 'ld'): undefined {
  const memory = libc.memory;
  const length = cStringLength(memory, string);
  const bytes = memory.bytes.subarray(string, string + length + 1);
  const format = kind === 'f' ? SINGLE : kind === 'd' ? DOUBLE : EXTENDED;
  parseFloatNumber(bytes, 0, format, (libc.cpu.mxcsr >>> 13) & 3, floatParse);
  if (floatParse.rangeError) libc.errno = 34;
  if (endPointer !== 0) storePointer(memory, endPointer, string + floatParse.end);
  const cpu = libc.cpu;
  if (kind === 'f') cpu.xmm[0] = floatParse.bitsLow | 0;
  else if (kind === 'd') {
    cpu.xmm[0] = floatParse.bitsLow | 0;
    cpu.xmm[1] = floatParse.bitsHigh | 0;
  }
  return undefined;
}

export function* qsort(
  libc: LibcProcess,
  base: number,
  count: number,
  size: number,
  compare: number,
  arg: number | undefined,
): HostGenerator {
  if (count <= 1 || size === 0) return undefined;
  checkWrite(libc.memory, base, count * size);
  // A stable merge sort over indices (glibc's qsort is a merge sort too); elements stay in place
  // while the comparator sees them, then are permuted once.
  let order = Array.from({ length: count }, (_, i) => i);
  let scratch = new Array<number>(count);
  for (let width = 1; width < count; width *= 2) {
    for (let left = 0; left < count; left += 2 * width) {
      const middle = Math.min(left + width, count);
      const right = Math.min(left + 2 * width, count);
      let i = left;
      let j = middle;
      let k = left;
      while (i < middle && j < right) {
        const args = [base + order[i]! * size, base + order[j]! * size];
        if (arg !== undefined) args.push(arg);
        const result = yield guestCall(compare, args, 'qsort comparator');
        if ((result | 0) <= 0) scratch[k++] = order[i++]!;
        else scratch[k++] = order[j++]!;
      }
      while (i < middle) scratch[k++] = order[i++]!;
      while (j < right) scratch[k++] = order[j++]!;
    }
    [order, scratch] = [scratch, order];
  }
  const bytes = libc.memory.bytes;
  const copy = bytes.slice(base, base + count * size);
  for (let k = 0; k < count; k++) bytes.set(copy.subarray(order[k]! * size, order[k]! * size + size), base + k * size);
  return undefined;
}

function* bsearch(
  _libc: LibcProcess,
  key: number,
  base: number,
  count: number,
  size: number,
  compare: number,
): HostGenerator {
  let low = 0;
  let high = count;
  while (low < high) {
    const middle = Math.floor((low + high) / 2);
    const element = base + middle * size;
    const result = (yield guestCall(compare, [key, element], 'bsearch comparator')) | 0;
    if (result < 0) high = middle;
    else if (result > 0) low = middle + 1;
    else return element;
  }
  return 0;
}

export const STDLIB_FUNCTIONS: FunctionTable = {
  strtol: (f, libc) => strtoInteger(libc, f.ptr(0), f.ptr(1), f.int(2), true),
  strtoll: (f, libc) => strtoInteger(libc, f.ptr(0), f.ptr(1), f.int(2), true),
  strtoq: (f, libc) => strtoInteger(libc, f.ptr(0), f.ptr(1), f.int(2), true),
  strtoimax: (f, libc) => strtoInteger(libc, f.ptr(0), f.ptr(1), f.int(2), true),
  __isoc23_strtol: (f, libc) => strtoInteger(libc, f.ptr(0), f.ptr(1), f.int(2), true),
  strtoul: (f, libc) => strtoInteger(libc, f.ptr(0), f.ptr(1), f.int(2), false),
  strtoull: (f, libc) => strtoInteger(libc, f.ptr(0), f.ptr(1), f.int(2), false),
  strtouq: (f, libc) => strtoInteger(libc, f.ptr(0), f.ptr(1), f.int(2), false),
  strtoumax: (f, libc) => strtoInteger(libc, f.ptr(0), f.ptr(1), f.int(2), false),
  atoi: (f, libc) => {
    strtoInteger(libc, f.ptr(0), 0, 10, true);
    return integerParse.low | 0;
  },
  atol: (f, libc) => strtoInteger(libc, f.ptr(0), 0, 10, true),
  atoll: (f, libc) => strtoInteger(libc, f.ptr(0), 0, 10, true),
  strtod: (f, libc) => strtoFloat(libc, f.ptr(0), f.ptr(1), 'd'),
  strtof: (f, libc) => strtoFloat(libc, f.ptr(0), f.ptr(1), 'f'),
  atof: (f, libc) => strtoFloat(libc, f.ptr(0), 0, 'd'),
  strtold: (f, libc) => {
    strtoFloat(libc, f.ptr(0), f.ptr(1), 'ld');
    f.returnLongDouble({ signExponent: floatParse.signExponent, high: floatParse.bitsHigh, low: floatParse.bitsLow });
    return undefined;
  },
  qsort: (f, libc) => qsort(libc, f.ptr(0), f.ulong(1), f.ulong(2), f.ptr(3), undefined),
  qsort_r: (f, libc) => qsort(libc, f.ptr(0), f.ulong(1), f.ulong(2), f.ptr(3), f.ptr(4)),
  bsearch: (f, libc) => bsearch(libc, f.ptr(0), f.ptr(1), f.ulong(2), f.ulong(3), f.ptr(4)),
  abs: (f) => Math.abs(f.int(0)) | 0,
  labs: (f) => (f.long(0) < 0 ? -f.long(0) : f.long(0)),
  llabs: (f) => (f.long(0) < 0 ? -f.long(0) : f.long(0)),
};
