// glibc 2.36's 48-bit linear congruential generators: drand48 … lcong48 over the global
// struct drand48_data (glibc's __libc_drand48_data, here in Miros libc's data area, so that the
// pointer seed48 returns points into it as natively) and the reentrant _r forms over the caller's.
// X(n+1) = (a * X(n) + c) mod 2^48, with a = 0x5deece66d and c = 0xb until lcong48 says otherwise.
import type { CallFrame } from '../abi/call-frame.ts';
import type { FunctionTable } from '../exports/binding-types.ts';
import { checkRead, checkWrite } from '../runtime/guest-access.ts';
import type { LibcProcess } from '../runtime/libc-process.ts';

// struct drand48_data: unsigned short __x[3], __old_x[3], __c, __init; unsigned long long __a.
const X = 0;
const OLD_X = 6;
const C = 12;
const INIT = 14;
const A = 16;
const DRAND48_DATA_SIZE = 24;

const DEFAULT_A = 0x5deece66dn;
const DEFAULT_C = 0xb;
const MASK_48 = (1n << 48n) - 1n;

function globalData(libc: LibcProcess): number {
  return libc.objectAddress('miros drand48 data', (process) => process.data.allocate(DRAND48_DATA_SIZE, 8));
}

function readMultiplier(libc: LibcProcess, buffer: number): bigint {
  return libc.memory.view.getBigUint64(buffer + A, true);
}

function setParameters(libc: LibcProcess, buffer: number, multiplier: bigint, increment: number): void {
  checkWrite(libc.memory, buffer, DRAND48_DATA_SIZE);
  const view = libc.memory.view;
  view.setBigUint64(buffer + A, multiplier, true);
  view.setUint16(buffer + C, increment, true);
  view.setUint16(buffer + INIT, 1, true);
}

/**
 * __drand48_iterate: advances the three 16-bit words at `xsubi` with the parameters of `buffer`
 * (installing the defaults the first time an uninitialised buffer is used); the new 48-bit X.
 */
function iterate(libc: LibcProcess, xsubi: number, buffer: number): number {
  const memory = libc.memory;
  checkRead(memory, buffer, DRAND48_DATA_SIZE);
  checkWrite(memory, xsubi, 6);
  const view = memory.view;
  if (view.getUint16(buffer + INIT, true) === 0) setParameters(libc, buffer, DEFAULT_A, DEFAULT_C);
  const x =
    (BigInt(view.getUint16(xsubi + 4, true)) << 32n) |
    (BigInt(view.getUint16(xsubi + 2, true)) << 16n) |
    BigInt(view.getUint16(xsubi, true));
  const next = (x * readMultiplier(libc, buffer) + BigInt(view.getUint16(buffer + C, true))) & MASK_48;
  const value = Number(next);
  view.setUint16(xsubi, value & 0xffff, true);
  view.setUint16(xsubi + 2, Math.floor(value / 0x10000) & 0xffff, true);
  view.setUint16(xsubi + 4, Math.floor(value / 0x100000000) & 0xffff, true);
  return value;
}

/** erand48: X / 2^48 (glibc builds the double 1.X and subtracts 1, which is exact). */
function erand48(libc: LibcProcess, xsubi: number, buffer: number): number {
  return iterate(libc, xsubi, buffer) / 2 ** 48;
}

/** nrand48: the top 31 bits of X, non-negative. */
function nrand48(libc: LibcProcess, xsubi: number, buffer: number): number {
  return Math.floor(iterate(libc, xsubi, buffer) / 2 ** 17);
}

/** jrand48: the top 32 bits of X as a signed int. */
function jrand48(libc: LibcProcess, xsubi: number, buffer: number): number {
  return Math.floor(iterate(libc, xsubi, buffer) / 2 ** 16) | 0;
}

function srand48(libc: LibcProcess, buffer: number, seedLow: number): void {
  // Only the low 32 bits of the long seed count (glibc masks them on 64-bit systems).
  checkWrite(libc.memory, buffer, DRAND48_DATA_SIZE);
  const view = libc.memory.view;
  view.setUint16(buffer + X + 4, seedLow >>> 16, true);
  view.setUint16(buffer + X + 2, seedLow & 0xffff, true);
  view.setUint16(buffer + X, 0x330e, true);
  setParameters(libc, buffer, DEFAULT_A, DEFAULT_C);
}

/** seed48: keeps the old X in __old_x and installs seed16v's three words with the default a and c. */
function seed48(libc: LibcProcess, seed: number, buffer: number): void {
  const memory = libc.memory;
  checkRead(memory, seed, 6);
  checkWrite(memory, buffer, DRAND48_DATA_SIZE);
  memory.bytes.copyWithin(buffer + OLD_X, buffer + X, buffer + X + 6);
  memory.bytes.copyWithin(buffer + X, seed, seed + 6);
  setParameters(libc, buffer, DEFAULT_A, DEFAULT_C);
}

/** lcong48: param[0..2] is X, param[3..5] is a, param[6] is c. */
function lcong48(libc: LibcProcess, param: number, buffer: number): void {
  const memory = libc.memory;
  checkRead(memory, param, 14);
  checkWrite(memory, buffer, DRAND48_DATA_SIZE);
  const view = memory.view;
  memory.bytes.copyWithin(buffer + X, param, param + 6);
  const multiplier =
    (BigInt(view.getUint16(param + 10, true)) << 32n) |
    (BigInt(view.getUint16(param + 8, true)) << 16n) |
    BigInt(view.getUint16(param + 6, true));
  setParameters(libc, buffer, multiplier, view.getUint16(param + 12, true));
}

function returnDouble(f: CallFrame, value: number): undefined {
  f.returnDouble(value);
  return undefined;
}

function storeDouble(libc: LibcProcess, result: number, value: number): number {
  checkWrite(libc.memory, result, 8);
  libc.memory.view.setFloat64(result, value, true);
  return 0;
}

/** Stores a long (value within int32) at `result`. */
function storeLong(libc: LibcProcess, result: number, value: number): number {
  checkWrite(libc.memory, result, 8);
  libc.memory.view.setBigInt64(result, BigInt(value), true);
  return 0;
}

export const DRAND48_FUNCTIONS: FunctionTable = {
  drand48: (f, libc) => returnDouble(f, erand48(libc, globalData(libc) + X, globalData(libc))),
  erand48: (f, libc) => returnDouble(f, erand48(libc, f.ptr(0), globalData(libc))),
  lrand48: (_f, libc) => nrand48(libc, globalData(libc) + X, globalData(libc)),
  nrand48: (f, libc) => nrand48(libc, f.ptr(0), globalData(libc)),
  mrand48: (_f, libc) => jrand48(libc, globalData(libc) + X, globalData(libc)),
  jrand48: (f, libc) => jrand48(libc, f.ptr(0), globalData(libc)),
  srand48: (f, libc) => {
    srand48(libc, globalData(libc), f.uint(0));
    return undefined;
  },
  seed48: (f, libc) => {
    const buffer = globalData(libc);
    seed48(libc, f.ptr(0), buffer);
    return buffer + OLD_X;
  },
  lcong48: (f, libc) => {
    lcong48(libc, f.ptr(0), globalData(libc));
    return undefined;
  },
  drand48_r: (f, libc) => storeDouble(libc, f.ptr(1), erand48(libc, f.ptr(0) + X, f.ptr(0))),
  erand48_r: (f, libc) => storeDouble(libc, f.ptr(2), erand48(libc, f.ptr(0), f.ptr(1))),
  // glibc's lrand48_r and mrand48_r check for a null buffer (-1, errno untouched); the others do not.
  lrand48_r: (f, libc) => (f.ptr(0) === 0 ? -1 : storeLong(libc, f.ptr(1), nrand48(libc, f.ptr(0) + X, f.ptr(0)))),
  nrand48_r: (f, libc) => storeLong(libc, f.ptr(2), nrand48(libc, f.ptr(0), f.ptr(1))),
  mrand48_r: (f, libc) => (f.ptr(0) === 0 ? -1 : storeLong(libc, f.ptr(1), jrand48(libc, f.ptr(0) + X, f.ptr(0)))),
  jrand48_r: (f, libc) => storeLong(libc, f.ptr(2), jrand48(libc, f.ptr(0), f.ptr(1))),
  srand48_r: (f, libc) => {
    srand48(libc, f.ptr(1), f.uint(0));
    return 0;
  },
  seed48_r: (f, libc) => {
    seed48(libc, f.ptr(0), f.ptr(1));
    return 0;
  },
  lcong48_r: (f, libc) => {
    lcong48(libc, f.ptr(0), f.ptr(1));
    return 0;
  },
};
