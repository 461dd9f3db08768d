// Replays tests/libc/data/libm-ieee.expected (glibc 2.36's results, errno and exception flags of
// the IEEE 754 / TS 18661 math.h functions, recorded natively by generators/libm-ieee.c) through
// the bit-level cores of src/libc/math/ieee-functions.ts, narrowing.ts and next-toward.ts (the
// _FloatN names and fenv.h's additions are checked by the program tests/libc-runtime/programs/libm-ieee.c).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mathStatus } from '../../src/libc/math/exact.ts';
import { float80 } from '../../src/libc/math/float80.ts';
import { BINARY32, BINARY64, type IeeeFormat } from '../../src/libc/math/ieee-bits.ts';
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
} from '../../src/libc/math/ieee-functions.ts';
import { type NarrowOperation, narrow } from '../../src/libc/math/narrowing.ts';
import { nextToward } from '../../src/libc/math/next-toward.ts';

const lines = readFileSync(join(import.meta.dirname, 'data', 'libm-ieee.expected'), 'latin1')
  .split('\n')
  .filter((l) => l !== '');

const hex = (f: IeeeFormat, x: bigint): string => x.toString(16).padStart(f === BINARY32 ? 8 : 16, '0');
const long = (x: bigint): string => BigInt.asUintN(64, x).toString(16).padStart(16, '0');
const status = (): string => `${mathStatus.errno} ${mathStatus.exceptions.toString(16)}`;

type Replay = (args: string[]) => string;
const table: Record<string, Replay> = {};
for (const [suffix, f] of [
  ['', BINARY64],
  ['f', BINARY32],
] as const) {
  const b = (s: string): bigint => BigInt(`0x${s}`);
  const unary =
    (fn: (f: IeeeFormat, x: bigint) => bigint): Replay =>
    (a) =>
      `${hex(f, fn(f, b(a[0]!)))} ${status()}`;
  table[`nan${suffix}`] = (a) => `${hex(f, nanFromTag(f, a[0]!.slice(1, -1)))} ${status()}`;
  table[`nextup${suffix}`] = unary(nextUp);
  table[`nextdown${suffix}`] = unary(nextDown);
  table[`significand${suffix}`] = unary(significand);
  table[`getpayload${suffix}`] = unary(getPayload);
  table[`llogb${suffix}`] = (a) => `${long(llogb(f, b(a[0]!)))} ${status()}`;
  table[`canonicalize${suffix}`] = (a) => {
    const r = canonical(f, b(a[0]!));
    return `0 ${status()} ${hex(f, r)}`;
  };
  for (const kind of ['', 'sig']) {
    table[`setpayload${kind}${suffix}`] = (a) => {
      const r = setPayload(f, b(a[0]!), kind === 'sig');
      return `${r.status} ${status()} ${hex(f, r.result)}`;
    };
  }
  for (const [name, op] of Object.entries(EXTREMA)) {
    table[`${name}${suffix}`] = (a) => `${hex(f, op(f, b(a[0]!), b(a[1]!)))} ${status()}`;
  }
  table[`totalorder${suffix}`] = (a) => `${totalOrder(f, b(a[0]!), b(a[1]!))} ${status()}`;
  table[`totalordermag${suffix}`] = (a) => `${totalOrderMagnitude(f, b(a[0]!), b(a[1]!))} ${status()}`;
  table[`scalb${suffix}`] = (a) => `${hex(f, scalb(f, b(a[0]!), b(a[1]!)))} ${status()}`;
  for (const unsigned of [false, true])
    for (const inexact of [false, true]) {
      const name = `${unsigned ? 'u' : ''}fromfp${inexact ? 'x' : ''}${suffix}`;
      table[name] = (a) =>
        `${long(fromFp(f, { unsigned, inexact }, b(a[0]!), Number.parseInt(a[1]!, 16) | 0, Number.parseInt(a[2]!, 16)))} ${status()}`;
    }
  table[`nexttoward${suffix}`] = (a) => {
    const y = a[1]!;
    const r = nextToward(
      f,
      b(a[0]!),
      float80(
        Number.parseInt(y.slice(0, 4), 16),
        Number.parseInt(y.slice(4, 12), 16),
        Number.parseInt(y.slice(12), 16),
      ),
    );
    return `${hex(f, r)} ${status()}`;
  };
}
for (const op of ['add', 'sub', 'mul', 'div'] as NarrowOperation[]) {
  table[`f32x${op}f64`] = (a) =>
    `${hex(
      BINARY64,
      narrow(
        op,
        a.map((s) => BigInt(`0x${s}`)),
        BINARY64,
      ),
    )} ${status()}`;
}
for (const op of ['add', 'sub', 'mul', 'div', 'sqrt', 'fma'] as NarrowOperation[]) {
  table[`f${op}`] = (a) =>
    `${hex(
      BINARY32,
      narrow(
        op,
        a.map((s) => BigInt(`0x${s}`)),
      ),
    )} ${status()}`;
}

/** The generator's modes (nearest, downward, upward, toward zero) are MXCSR's RC order. */
describe('IEEE 754 / TS 18661 libm functions against glibc 2.36', () => {
  const byName = new Map<string, string[]>();
  for (const line of lines) {
    const name = line.slice(0, line.indexOf(' '));
    const list = byName.get(name) ?? [];
    list.push(line);
    byName.set(name, list);
  }
  for (const [name, list] of byName) {
    it(`${name}: ${list.length} recorded calls (bits, errno, flags)`, () => {
      const replay = table[name];
      expect(replay, name).toBeDefined();
      const failures: string[] = [];
      for (const line of list) {
        const colon = line.lastIndexOf(' : ');
        const left = line.slice(0, colon);
        const expected = line.slice(colon + 3);
        const firstSpace = left.indexOf(' ');
        const mode = Number(left.slice(firstSpace + 1, firstSpace + 2));
        const rest = left.slice(firstSpace + 3);
        const args = name.startsWith('nan') ? [rest] : rest.split(' ');
        mathStatus.errno = 0;
        mathStatus.exceptions = 0;
        mathStatus.roundingMode = mode;
        const actual = replay!(args);
        if (actual !== expected) failures.push(`${line}\n    miros: ${actual}`);
      }
      expect(
        `${failures.length} mismatches${failures
          .slice(0, 15)
          .map((l) => `\n${l}`)
          .join('')}`,
      ).toBe('0 mismatches');
    });
  }
});
