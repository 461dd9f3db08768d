// Replays tests/libc/data/strto.expected (glibc 2.36 strtol/strtoul in eight bases and
// strtof/strtod/strtold in all four rounding modes, recorded natively by generators/strto.c).

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DOUBLE, EXTENDED, FloatParse, parseFloatNumber, SINGLE } from '../../src/libc/stdlib/number-parsing/strtod.ts';
import { IntegerParse, parseInteger } from '../../src/libc/stdlib/number-parsing/strtol.ts';
import { hexToBytes } from './support/format-harness.ts';

const lines = readFileSync(join(import.meta.dirname, 'data', 'strto.expected'), 'utf8')
  .split('\n')
  .filter((l) => l !== '' && !l.startsWith('#'));

const BASES = [0, 2, 8, 10, 16, 36, 1, 37];
/** Field order in the data: nearest, downward, upward, towardzero; as RC encodings: */
const MODES = [0, 1, 2, 3];
const ERANGE = 34;

function hex64(high: number, low: number): string {
  return (high >>> 0).toString(16) === '0'
    ? (low >>> 0).toString(16)
    : (high >>> 0).toString(16) + (low >>> 0).toString(16).padStart(8, '0');
}

describe('strtol/strtoul against glibc 2.36', () => {
  it('matches every recorded parse', () => {
    const failures: string[] = [];
    const out = new IntegerParse();
    for (const line of lines) {
      const [inputHex, integers] = line.split('\t');
      const input = hexToBytes(`${inputHex}00`);
      const expected = integers.trim().split(' ');
      BASES.forEach((base, k) => {
        for (const signed of [true, false]) {
          parseInteger(input, 0, base, signed, out);
          const actual = `${hex64(out.high, out.low)},${out.end},${out.errno}`;
          const want = expected[2 * k + (signed ? 0 : 1)];
          if (actual !== want && failures.length < 30) {
            failures.push(
              `${signed ? 'strtol' : 'strtoul'}(${JSON.stringify(new TextDecoder().decode(input.subarray(0, -1)))}, ${base}): glibc ${want}, miros ${actual}`,
            );
          }
        }
      });
    }
    expect(failures.join('\n')).toBe('');
  });
});

describe('strtof/strtod/strtold against glibc 2.36', () => {
  it('matches every recorded parse in every rounding mode', () => {
    const failures: string[] = [];
    const out = new FloatParse();
    let checked = 0;
    for (const line of lines) {
      const [inputHex, , floats] = line.split('\t');
      const input = hexToBytes(`${inputHex}00`);
      const expected = floats.trim().split(' ');
      MODES.forEach((mode, m) => {
        [SINGLE, DOUBLE, EXTENDED].forEach((format, f) => {
          parseFloatNumber(input, 0, format, mode, out);
          let bits: string;
          if (format === SINGLE) bits = (out.bitsLow >>> 0).toString(16).padStart(8, '0');
          else if (format === DOUBLE)
            bits =
              (out.bitsHigh >>> 0).toString(16).padStart(8, '0') + (out.bitsLow >>> 0).toString(16).padStart(8, '0');
          else
            bits =
              out.signExponent.toString(16).padStart(4, '0') +
              (out.bitsHigh >>> 0).toString(16).padStart(8, '0') +
              (out.bitsLow >>> 0).toString(16).padStart(8, '0');
          const actual = `${bits},${out.end},${out.rangeError ? ERANGE : 0}`;
          const want = expected[m * 3 + f];
          checked++;
          if (actual !== want && failures.length < 30) {
            const name = ['strtof', 'strtod', 'strtold'][f];
            const text = new TextDecoder().decode(input.subarray(0, -1));
            failures.push(`${name}(${JSON.stringify(text.slice(0, 80))}) mode ${mode}: glibc ${want}, miros ${actual}`);
          }
        });
      });
    }
    expect(failures.join('\n')).toBe('');
    expect(checked).toBeGreaterThan(6000);
  });
});
