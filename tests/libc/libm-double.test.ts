// Replays tests/libc/data/libm-double.expected (glibc 2.36 results, errno and exception flags of
// the double functions beyond exp/log, recorded natively by generators/libm-double.c) through
// Miros's implementations. Each function's mismatch count must equal its entry in
// KNOWN_MISMATCHES (zero unless listed there with the reason).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cbrt } from '../../src/libc/math/cbrt.ts';
import { mathStatus } from '../../src/libc/math/exact.ts';
import { exp10 } from '../../src/libc/math/exp10.ts';
import { hypot } from '../../src/libc/math/hypot.ts';
import { pow } from '../../src/libc/math/pow.ts';

type Fn = (...args: number[]) => number;
const FUNCTIONS: Record<string, Fn> = { pow: pow as Fn, cbrt: cbrt as Fn, hypot: hypot as Fn, exp10: exp10 as Fn };
/** Functions whose results are known to differ from glibc's in some recorded cases, and why. */
const KNOWN_MISMATCHES: Record<string, { count: number; reason: string }> = {};
const FE_INVALID = 0x1;
const FE_INEXACT = 0x20;
const FE_OVERFLOW = 0x8;
const FE_UNDERFLOW = 0x10;
const EDOM = 33;
const ERANGE = 34;

const lines = readFileSync(join(import.meta.dirname, 'data', 'libm-double.expected'), 'utf8').split('\n');

const view = new DataView(new ArrayBuffer(8));
function fromHex(hex: string): number {
  view.setBigUint64(0, BigInt(`0x${hex}`));
  return view.getFloat64(0);
}
function toHex(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  view.setFloat64(0, x);
  return view.getBigUint64(0).toString(16).padStart(16, '0');
}
/** NaNs compare by class only: the binding (math-binding.ts) gives them SSE's bits, not these functions. */
function canonical(hex: string): string {
  return toHex(fromHex(hex));
}

/** The generator's xorshift64 stream and its argument distribution. */
function makeDraw(seed: bigint): (low: number, high: number) => number {
  let state = seed;
  const mask = (1n << 64n) - 1n;
  const next = (): bigint => {
    state ^= (state << 13n) & mask;
    state ^= state >> 7n;
    state ^= (state << 17n) & mask;
    return state;
  };
  return (low, high) => {
    const a = next();
    const b = next();
    const exponent = BigInt(low) + (a % BigInt(high - low + 1));
    view.setBigUint64(0, (b & 0x800fffffffffffffn) | (exponent << 52n));
    return view.getFloat64(0);
  };
}
const SEED = 0x9e3779b97f4a7c15n;

interface Case {
  args: number[];
  expected: string;
  /** A signaling NaN argument (its bits, which a JavaScript number may not keep). */
  signaling?: boolean;
}
/** Whether the bits in hex are a signaling NaN's. */
function signalingBits(hex: string): boolean {
  const bits = BigInt(`0x${hex}`) & 0x7fffffffffffffffn;
  return bits > 0x7ff0000000000000n && (bits & 0x8000000000000n) === 0n;
}
const cases = new Map<string, Case[]>();
function add(name: string, c: Case): void {
  const list = cases.get(name) ?? [];
  list.push(c);
  cases.set(name, list);
}
function shortResult(line: string): string {
  const g = line.split(' ');
  return `${canonical(g[0]!)} ${g[1] ?? 0} ${g[2] ?? FE_INEXACT.toString(16)}`;
}
for (let i = 0; i < lines.length; i++) {
  const f = lines[i]!.split(' ');
  if (f[0] === '=') {
    const arity = f.length - 5;
    const args = f.slice(2, 2 + arity).map(fromHex);
    const expected = `${canonical(f[2 + arity]!)} ${f[3 + arity]} ${f[4 + arity]}`;
    add(f[1]!, { args, expected, signaling: f.slice(2, 2 + arity).some(signalingBits) });
  } else if (f[0] === '@' && f.length === 5) {
    const draw = makeDraw(SEED);
    const [low, high] = [Number(f[3]), Number(f[4])];
    for (let n = Number(f[2]); n > 0; n--) add(f[1]!, { args: [draw(low, high)], expected: shortResult(lines[++i]!) });
  } else if (f[0] === '@') {
    const [xLow, xHigh, yLow, yHigh, mode] = f.slice(3).map(Number) as [number, number, number, number, number];
    const draw = makeDraw(SEED ^ BigInt(xLow * 0x10001 + yHigh * 0x101 + mode));
    for (let n = Number(f[2]); n > 0; n--) {
      let x = draw(xLow, xHigh);
      let y = draw(yLow, yHigh);
      if (mode & 1) x = Math.abs(x);
      if (mode & 2) y = Math.trunc(y);
      add(f[1]!, { args: [x, y], expected: shortResult(lines[++i]!) });
    }
  }
}

/** The flags the binding (math-binding.ts) raises for a call that returned r. */
function bindingFlags(r: number): number {
  let flags = mathStatus.exceptions;
  if (flags === 0 && mathStatus.errno === EDOM) flags = FE_INVALID;
  else if (flags === 0 && mathStatus.errno === ERANGE)
    flags = Number.isFinite(r) ? FE_UNDERFLOW | FE_INEXACT : FE_OVERFLOW | FE_INEXACT;
  return flags;
}

describe('double libm functions against glibc 2.36 (bits, errno, flags)', () => {
  for (const [name, list] of cases) {
    it(`${name}: ${list.length} recorded calls`, () => {
      const fn = FUNCTIONS[name]!;
      const failures: string[] = [];
      for (const { args, expected, signaling } of list) {
        mathStatus.errno = 0;
        mathStatus.exceptions = 0;
        // A signaling NaN argument never reaches the function: the binding (signaling-nan.ts)
        // returns the quieted NaN with invalid raised, as every one of these functions does.
        const r = signaling ? Number.NaN : fn(...args);
        if (signaling) mathStatus.exceptions = FE_INVALID;
        const actual = `${toHex(r)} ${mathStatus.errno} ${bindingFlags(r).toString(16)}`;
        if (actual !== expected)
          failures.push(`${name}(${args.map(toHex).join(', ')}): glibc ${expected}, miros ${actual}`);
      }
      const known = KNOWN_MISMATCHES[name]?.count ?? 0;
      if (failures.length !== known)
        expect(`${failures.length} mismatches\n${failures.slice(0, 20).join('\n')}`).toBe(`${known} mismatches`);
    });
  }
});
