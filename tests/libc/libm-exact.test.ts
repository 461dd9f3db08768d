// Replays tests/libc/data/libm-exact.expected (glibc 2.36 results and errno of the exactly-defined
// math.h functions, recorded natively by generators/libm-exact.c) through src/libc/math/exact.ts.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as m from '../../src/libc/math/exact.ts';

const lines = readFileSync(join(import.meta.dirname, 'data', 'libm-exact.expected'), 'utf8')
  .split('\n')
  .filter((l) => l !== '');

const view = new DataView(new ArrayBuffer(8));
function toDouble(hex: string): number {
  if (hex.length === 8) {
    view.setUint32(0, Number.parseInt(hex, 16), true);
    return view.getFloat32(0, true);
  }
  view.setUint32(4, Number.parseInt(hex.slice(0, 8), 16), true);
  view.setUint32(0, Number.parseInt(hex.slice(8), 16), true);
  return view.getFloat64(0, true);
}
function doubleHex(x: number): string {
  view.setFloat64(0, x, true);
  return view.getUint32(4, true).toString(16).padStart(8, '0') + view.getUint32(0, true).toString(16).padStart(8, '0');
}
function floatHex(x: number): string {
  view.setFloat32(0, x, true);
  return view.getUint32(0, true).toString(16).padStart(8, '0');
}
/** NaNs compare by class only: JS engines do not promise to keep NaN payloads and signs. */
function canonical(hex: string, isFloat: boolean): string {
  const x = toDouble(hex);
  return Number.isNaN(x) ? 'nan' : isFloat ? floatHex(x) : doubleHex(x);
}
function int64Hex(x: number): string {
  const v = BigInt.asUintN(64, BigInt(x));
  return v.toString(16).padStart(16, '0');
}

const unary: Record<string, (x: number) => number> = {
  floor: m.floor,
  ceil: m.ceil,
  trunc: m.trunc,
  round: m.round,
  roundeven: m.roundeven,
  fabs: m.fabs,
  sqrt: m.sqrt,
  logb: m.logb,
  rint: m.rint,
  nearbyint: m.rint,
  sqrtf: m.sqrtf,
  rintf: m.rintf,
  nearbyintf: m.rintf,
};
const binary: Record<string, (x: number, y: number) => number> = {
  fmod: m.fmod,
  remainder: m.remainder,
  copysign: m.copysign,
  fmin: m.fmin,
  fmax: m.fmax,
  fdim: m.fdim,
  nextafter: m.nextafter,
  nextafterf: m.nextafterf,
};

describe('exact libm functions against glibc 2.36', () => {
  it(`match all ${lines.length} recorded calls (bits and errno)`, () => {
    const failures: string[] = [];
    for (const line of lines) {
      const f = line.split(' ');
      const name = f[0];
      m.mathStatus.roundingMode = [0, 1, 2, 3][Number(f[1])];
      m.mathStatus.errno = 0;
      const isFloat = name.endsWith('f') && name !== 'modf' && name !== 'frexp';
      const base = isFloat ? name.slice(0, -1) : name;
      const round = (x: number) => (isFloat ? Math.fround(x) : x);
      let actual: string;
      let expected: string;
      const x = toDouble(f[2]);
      const hex = (r: number) => (Number.isNaN(r) ? 'nan' : isFloat ? floatHex(r) : doubleHex(r));
      if (['lrint', 'llrint', 'lround', 'llround'].includes(name)) {
        const r = name.endsWith('round') ? m.lround(x) : m.lrint(x);
        actual = `${int64Hex(r)} ${m.mathStatus.errno}`;
        expected = `${f[3]} ${f[4]}`;
      } else if (base === 'ilogb') {
        const r = m.ilogb(x);
        actual = `${(r >>> 0).toString(16).padStart(8, '0')} ${m.mathStatus.errno}`;
        expected = `${f[3]} ${f[4]}`;
      } else if (name === 'frexp') {
        const r = m.frexp(x);
        actual = `${hex(r)} ${m.mathStatus.errno} ${(m.lastExponent >>> 0).toString(16)}`;
        expected = `${canonical(f[3], false)} ${f[4]} ${f[5]}`;
      } else if (name === 'modf') {
        const r = m.modf(x);
        actual = `${hex(r)} ${m.mathStatus.errno} ${hex(m.lastIntegral)}`;
        expected = `${canonical(f[3], false)} ${f[4]} ${canonical(f[5], false)}`;
      } else if (name === 'remquo') {
        const r = m.remquo(x, toDouble(f[3]));
        actual = `${hex(r)} ${m.mathStatus.errno} ${(m.lastQuotient >>> 0).toString(16)}`;
        expected = `${canonical(f[4], false)} ${f[5]} ${f[6]}`;
      } else if (base === 'ldexp') {
        const n = Number.parseInt(f[3], 16) | 0;
        const r = isFloat ? m.scalbnf(x, n) : m.scalbn(x, n);
        actual = `${hex(r)} ${m.mathStatus.errno}`;
        expected = `${canonical(f[4], isFloat)} ${f[5]}`;
      } else if (f.length === 6) {
        const fn = binary[name] ?? binary[base];
        const r = round(fn(x, toDouble(f[3])));
        actual = `${hex(r)} ${m.mathStatus.errno}`;
        expected = `${canonical(f[4], isFloat)} ${f[5]}`;
      } else {
        const fn = unary[name] ?? unary[base];
        const r = round(fn(x));
        actual = `${hex(r)} ${m.mathStatus.errno}`;
        expected = `${canonical(f[3], isFloat)} ${f[4]}`;
      }
      if (actual !== expected && failures.length < 40) failures.push(`${line}\n  miros: ${actual}`);
    }
    expect(failures.join('\n')).toBe('');
  });
});
