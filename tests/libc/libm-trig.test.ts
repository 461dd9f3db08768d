// Replays tests/libc/data/libm-trig.expected (glibc 2.36 results, errno and exception flags of
// the double trigonometric functions, recorded natively by generators/libm-trig.c) through
// Miros's implementations. Each function's mismatch count must equal its entry in
// KNOWN_MISMATCHES (zero unless listed there with the reason).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { atan } from '../../src/libc/math/atan.ts';
import { atan2 } from '../../src/libc/math/atan2.ts';
import { mathStatus } from '../../src/libc/math/exact.ts';
import { cos, sin, sincos, sincosCos } from '../../src/libc/math/sin-cos.ts';
import { tan } from '../../src/libc/math/tan.ts';

type Fn = (x: number, y: number) => number;
const FUNCTIONS: Record<string, Fn> = {
  sin,
  cos,
  'sincos.sin': sincos,
  'sincos.cos': (x) => {
    sincos(x);
    return sincosCos;
  },
  tan,
  atan,
  atan2,
};
/** Functions whose results are known to differ from glibc's in some recorded cases, and why. */
const KNOWN_MISMATCHES: Record<string, { count: number; reason: string }> = {};
const FE_INVALID = 0x1;
const FE_INEXACT = 0x20;
const FE_OVERFLOW = 0x8;
const FE_UNDERFLOW = 0x10;
const EDOM = 33;
const ERANGE = 34;

const lines = readFileSync(join(import.meta.dirname, 'data', 'libm-trig.expected'), 'utf8').split('\n');

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
/** Whether the bits in hex are a signaling NaN's. */
function signalingBits(hex: string): boolean {
  const bits = BigInt(`0x${hex}`) & 0x7fffffffffffffffn;
  return bits > 0x7ff0000000000000n && (bits & 0x8000000000000n) === 0n;
}

/** The generator's xorshift64 stream and its argument distribution. */
function makeDraw(): (low: number, high: number) => number {
  let state = 0x9e3779b97f4a7c15n;
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

interface Case {
  x: number;
  /** The second argument (atan2's x; 0 for one-argument functions). */
  y: number;
  expected: string;
  signaling: boolean;
}
const cases = new Map<string, Case[]>();
function add(name: string, c: Case): void {
  const list = cases.get(name) ?? [];
  list.push(c);
  cases.set(name, list);
}
for (let i = 0; i < lines.length; i++) {
  const f = lines[i]!.split(' ');
  if (f[0] === '=' && f.length === 6) {
    add(f[1]!, {
      x: fromHex(f[2]!),
      y: 0,
      expected: `${canonical(f[3]!)} ${f[4]} ${f[5]}`,
      signaling: signalingBits(f[2]!),
    });
  } else if (f[0] === '=') {
    const expected = `${canonical(f[4]!)} ${f[5]} ${f[6]}`;
    const signaling = signalingBits(f[2]!) || signalingBits(f[3]!);
    add(f[1]!, { x: fromHex(f[2]!), y: fromHex(f[3]!), expected, signaling });
  } else if (f[0] === '@') {
    const draw = makeDraw();
    const [low, high, low2, high2] = [Number(f[3]), Number(f[4]), Number(f[5]), Number(f[6])];
    for (let n = Number(f[2]); n > 0; n--) {
      const g = lines[++i]!.split(' ');
      const expected = `${canonical(g[0]!)} ${g[1] ?? 0} ${g[2] ?? FE_INEXACT.toString(16)}`;
      const x = draw(low, high);
      const y = f.length === 7 ? draw(low2, high2) : 0;
      add(f[1]!, { x, y, expected, signaling: false });
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

describe('double trigonometric libm functions against glibc 2.36 (bits, errno, flags)', () => {
  for (const [name, list] of cases) {
    it(`${name}: ${list.length} recorded calls`, () => {
      const fn = FUNCTIONS[name]!;
      const failures: string[] = [];
      for (const { x, y, expected, signaling } of list) {
        mathStatus.errno = 0;
        mathStatus.exceptions = 0;
        // A signaling NaN argument never reaches the function: the binding (signaling-nan.ts)
        // returns the quieted NaN with invalid raised.
        const r = signaling ? Number.NaN : fn(x, y);
        if (signaling) mathStatus.exceptions = FE_INVALID;
        const actual = `${toHex(r)} ${mathStatus.errno} ${bindingFlags(r).toString(16)}`;
        if (actual !== expected) failures.push(`${name}(${toHex(x)}, ${toHex(y)}): glibc ${expected}, miros ${actual}`);
      }
      const known = KNOWN_MISMATCHES[name]?.count ?? 0;
      if (failures.length !== known)
        expect(`${failures.length} mismatches\n${failures.slice(0, 20).join('\n')}`).toBe(`${known} mismatches`);
    });
  }
});
