// Replays tests/libc/data/printf-floats.expected: glibc 2.36's %e %f %g %a output for
// pseudo-random doubles and long doubles (all exponent ranges, subnormals, decimal ties) in all
// four rounding modes, recorded natively by generators/printf-floats.c.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatPrintf } from '../../src/libc/stdio/format/printf.ts';
import {
  type Argument,
  CollectingSink,
  doubleFromHex,
  float80FromHex,
  SysVArgs,
  TestMemory,
  testEnvironment,
} from './support/format-harness.ts';

const lines = readFileSync(join(import.meta.dirname, 'data', 'printf-floats.expected'), 'utf8')
  .split('\n')
  .filter((l) => l !== '');

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const memory = new TestMemory();

function print(format: string, arg: Argument, rounding: number): string {
  const sink = new CollectingSink();
  const env = testEnvironment(memory, 'C', rounding, 0);
  formatPrintf(encoder.encode(`${format}\0`), 0, new SysVArgs([arg]), env, sink);
  return decoder.decode(sink.bytes());
}

describe('printf floating-point conversions against glibc 2.36 (random values)', () => {
  it('matches every recorded conversion', () => {
    let formats: string[] = [];
    let roundFormats: string[] = [];
    let checked = 0;
    const failures: string[] = [];
    const check = (format: string, arg: Argument, rounding: number, expected: string, bits: string) => {
      checked++;
      const actual = print(format, arg, rounding);
      if (actual !== expected && failures.length < 30) {
        failures.push(`${format} of ${bits} (rounding ${rounding}): glibc "${expected}", miros "${actual}"`);
      }
    };
    for (const line of lines) {
      const fields = line.split('\t');
      const head = fields[0];
      if (head === 'F') formats = fields.slice(1);
      else if (head === 'R') roundFormats = fields.slice(1);
      else if (head.startsWith('D ')) {
        const bits = head.slice(2);
        const arg: Argument = { kind: 'double', value: doubleFromHex(bits) };
        formats.forEach((f, i) => {
          check(f, arg, 0, fields[i + 1], bits);
        });
      } else if (head.startsWith('L ')) {
        const bits = head.slice(2);
        const arg: Argument = { kind: 'longDouble', value: float80FromHex(bits) };
        formats.forEach((f, i) => {
          check(f, arg, 0, fields[i + 1], bits);
        });
      } else if (head.startsWith('M ')) {
        const [, doubleBits, longBits] = head.split(' ');
        const d: Argument = { kind: 'double', value: doubleFromHex(doubleBits) };
        const l: Argument = { kind: 'longDouble', value: float80FromHex(longBits) };
        // Field order: nearest, upward, downward, towardzero; RC encodings 0, 2, 1, 3.
        [0, 2, 1, 3].forEach((rounding, k) => {
          roundFormats.forEach((f, i) => {
            const long = f.includes('L');
            check(f, long ? l : d, rounding, fields[1 + k * roundFormats.length + i], long ? longBits : doubleBits);
          });
        });
      }
    }
    expect(failures.join('\n')).toBe('');
    expect(checked).toBeGreaterThan(20000);
  });
});
