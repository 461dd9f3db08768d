// Replays tests/libc/data/printf-cases.expected (glibc 2.36's output for printf-cases.txt,
// recorded natively by generators/printf-cases.mjs) through the Miros printf engine.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatPrintf } from '../../src/libc/stdio/format/printf.ts';
import {
  type Argument,
  bytesToHex,
  CollectingSink,
  doubleFromHex,
  float80FromHex,
  hexToBytes,
  ROUNDING_MODES,
  SysVArgs,
  TestMemory,
  testEnvironment,
} from './support/format-harness.ts';

const data = readFileSync(join(import.meta.dirname, 'data', 'printf-cases.expected'), 'utf8');
const lines = data.split('\n').filter((l) => l !== '' && !l.startsWith('#'));

interface Outcome {
  ret: number;
  errno: number;
  output: string;
  slots: string;
}

function replay(line: string): { format: string; expected: Outcome; actual: Outcome } {
  const [locale, round, errnoIn, formatHex, argText, ret, errnoOut, outputHex, slotText] = line.split('\t');
  const memory = new TestMemory();
  const args: Argument[] = [];
  const slotAddresses: number[] = [];
  for (const token of argText
    .trim()
    .split(' ')
    .filter((t) => t !== '')) {
    const kind = token[0];
    const value = token.slice(2);
    switch (kind) {
      case 'i':
      case 'w': {
        const low = Number.parseInt(value, 16) >>> 0;
        args.push({ kind: 'integer', low, high: low >= 0x80000000 ? 0xffffffff : 0 });
        break;
      }
      case 'l':
      case 'u':
      case 'p':
        args.push({
          kind: 'integer',
          high: Number.parseInt(value.slice(0, 8), 16) >>> 0,
          low: Number.parseInt(value.slice(8), 16) >>> 0,
        });
        break;
      case 'd':
        args.push({ kind: 'double', value: doubleFromHex(value) });
        break;
      case 'L':
        args.push({ kind: 'longDouble', value: float80FromHex(value) });
        break;
      case 's':
        args.push({ kind: 'integer', low: value === 'null' ? 0 : memory.addString(hexToBytes(value)), high: 0 });
        break;
      case 'W': {
        if (value === 'null') args.push({ kind: 'integer', low: 0, high: 0 });
        else {
          const chars = new Uint32Array(value.length / 8);
          for (let i = 0; i < chars.length; i++) chars[i] = Number.parseInt(value.slice(8 * i, 8 * i + 8), 16);
          args.push({ kind: 'integer', low: memory.addWideString(chars), high: 0 });
        }
        break;
      }
      case 'n': {
        const address = memory.addSlot(0x1111111111111111n);
        slotAddresses.push(address);
        args.push({ kind: 'integer', low: address, high: 0 });
        break;
      }
      default:
        throw new Error(`bad argument ${token}`);
    }
  }
  const env = testEnvironment(memory, locale, ROUNDING_MODES[round], Number(errnoIn));
  const sink = new CollectingSink();
  const format = hexToBytes(`${formatHex}00`);
  const result = formatPrintf(format, 0, new SysVArgs(args), env, sink);
  const slots = slotAddresses
    .map((a) => `${memory.slots.get(a)!.getBigUint64(0, true).toString(16).padStart(16, '0')} `)
    .join('');
  return {
    format: new TextDecoder().decode(hexToBytes(formatHex)),
    expected: { ret: Number(ret), errno: Number(errnoOut), output: outputHex, slots: slotText },
    actual: { ret: result, errno: result < 0 ? env.errnoValue : 0, output: bytesToHex(sink.bytes()), slots },
  };
}

describe('printf engine against glibc 2.36 (printf-cases.txt)', () => {
  it(`matches all ${lines.length} recorded cases`, () => {
    const failures: string[] = [];
    for (const line of lines) {
      const { format, expected, actual } = replay(line);
      if (JSON.stringify(expected) !== JSON.stringify(actual)) {
        const show = (o: Outcome) =>
          `${o.ret} errno=${o.errno} ${JSON.stringify(new TextDecoder().decode(hexToBytes(o.output)))} ${o.slots}`;
        failures.push(`${JSON.stringify(format)}\n  glibc: ${show(expected)}\n  miros: ${show(actual)}`);
      }
    }
    expect(failures.join('\n')).toBe('');
  });
});
